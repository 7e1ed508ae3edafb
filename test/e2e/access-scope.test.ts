import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAccessFixture, expectProblem } from '../support/access-fixture.js';
import type { Ids } from '../support/access-routes.data.js';
import { buildApiKey } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('access control on every route', () => {
  let test: TestApp;
  let ids: Ids;
  let keys: Record<string, string>;

  beforeAll(async () => {
    test = await startTestApp();
    ({ ids, keys } = await buildAccessFixture(test));
  });

  afterAll(async () => {
    await test.close();
  });

  // The routes one by one: access.test.ts.
  it('lists only the systems and trusts in a key’s scope', async () => {
    const lead = test.as(keys.workforce_lead!);
    const systems = await lead.get('/api/v1/systems').expect(200);
    expect(systems.body.items.map((system: { id: string }) => system.id)).toEqual([ids.systemId]);
    const trusts = await lead.get('/api/v1/trusts').expect(200);
    expect(trusts.body.items.map((trust: { id: string }) => trust.id).sort()).toEqual(
      [ids.trustId, ids.otherTrustId].sort(),
    );
  });

  it('lets a trust-scoped key see its own trust but not its neighbour', async () => {
    const key = await buildApiKey(test, { role: 'rota_manager', trustIds: [ids.trustId] });
    await test.as(key).get(`/api/v1/trusts/${ids.trustId}`).expect(200);
    expectProblem(await test.as(key).get(`/api/v1/trusts/${ids.otherTrustId}`), 404);
    const systems = await test.as(key).get('/api/v1/systems').expect(200);
    expect(systems.body.items.map((system: { id: string }) => system.id)).toEqual([ids.systemId]);
  });

  it('keeps the sign-off thresholds and schedules of a system for admin keys only', async () => {
    const lead = await buildApiKey(test, { role: 'workforce_lead', systemId: ids.systemId });
    const change = { settings: { ceoSignoffRatePence: 10_000_000 } };
    expectProblem(await test.as(lead).patch(`/api/v1/systems/${ids.systemId}`, change), 403);
  });
});
