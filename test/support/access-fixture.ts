import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { QUOTE, SHIFT, type Ids, type RouteCase } from './access-routes.data.js';
import {
  buildAgency,
  buildAgencyContract,
  buildApiKey,
  buildBankWorker,
  buildOrganisation,
  buildRateCard,
  buildSystem,
  buildTrust,
  buildWard,
} from './factories.js';
import type { TestApp } from './test-app.js';

export function expectProblem(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^urn:fairshift:problem:/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      requestId: expect.any(String),
    }),
  );
}

/**
 * Two systems: the key's (an organisation) and another, with a rate card in each and, in the other,
 * a trust with a ward, a bank worker, an agency contract and a shift; and a key per role in the first.
 */
export async function buildAccessFixture(test: TestApp): Promise<{ ids: Ids; keys: Record<string, string> }> {
  const organisation = await buildOrganisation(test);
  const otherSystem = await buildSystem(test);
  const foreignTrust = await buildTrust(test, otherSystem.id);
  const card = (systemId: string) =>
    buildRateCard(test, {
      scope: 'system',
      systemId,
      lines: [{ staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2996, bankRatePence: 1636 }],
    });
  QUOTE.trustId = foreignTrust.id;
  const foreignWard = await buildWard(test, foreignTrust.id, { code: 'FW', name: 'Foreign ward' });
  Object.assign(SHIFT, { trustId: foreignTrust.id, wardId: foreignWard.id });
  const agencyId = await buildAgency(test, { name: 'Access agency' });
  const ids: Ids = {
    ...organisation,
    otherSystemId: otherSystem.id,
    foreignTrustId: foreignTrust.id,
    systemCardId: await card(organisation.systemId),
    otherSystemCardId: await card(otherSystem.id),
    foreignWorkerId: await buildBankWorker(test, foreignTrust.id, { displayName: 'x' }),
    foreignContractId: await buildAgencyContract(
      test,
      { agencyId, systemId: otherSystem.id, lines: [] },
      { framework: null },
    ),
    foreignShiftId: (await test.as(test.adminKey).post('/api/v1/shifts', SHIFT).expect(201)).body.id,
  };
  const keys: Record<string, string> = {};
  for (const role of ['workforce_lead', 'rota_manager', 'integration'] as const) {
    keys[role] = await buildApiKey(test, { role, systemId: ids.systemId });
  }
  return { ids, keys };
}

/** Calls `route` at `path` with `key`, or with no Authorization header at all when `key` is null. */
export function sendAs(
  test: TestApp,
  key: string | null,
  route: RouteCase,
  path: string,
  body?: Record<string, unknown>,
) {
  const client = test.as(key ?? '');
  const call = key === null ? test.http[route.method](path) : client[route.method](path, body);
  return key === null && body ? call.send(body) : call;
}
