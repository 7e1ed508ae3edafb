import { randomBytes } from 'node:crypto';
import type { TestApi } from './test-app.js';

const unique = (length = 4) => randomBytes(length).toString('hex').toUpperCase();

export interface Organisation {
  systemId: string;
  trustId: string;
  otherTrustId: string;
  wardId: string;
}

export async function buildSystem(
  test: TestApi,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string }> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/systems', { code: `S${unique()}`, name: 'Test system', ...overrides })
    .expect(201);
  return response.body as { id: string; code: string };
}

export async function buildTrust(
  test: TestApi,
  systemId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/trusts', { systemId, odsCode: `T${unique(2)}`, name: 'Test trust', ...overrides })
    .expect(201);
  return response.body as { id: string };
}

export async function buildWard(
  test: TestApi,
  trustId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const response = await test
    .as(test.adminKey)
    .post(`/api/v1/trusts/${trustId}/wards`, { code: `W${unique()}`, name: 'Test ward', ...overrides })
    .expect(201);
  return response.body as { id: string };
}

/** A system with two trusts (named A and B, so pages can tell them apart), and a ward in the first. */
export async function buildOrganisation(test: TestApi): Promise<Organisation> {
  const system = await buildSystem(test);
  const trust = await buildTrust(test, system.id, { name: 'Test trust A' });
  const otherTrust = await buildTrust(test, system.id, { name: 'Test trust B' });
  const ward = await buildWard(test, trust.id);
  return { systemId: system.id, trustId: trust.id, otherTrustId: otherTrust.id, wardId: ward.id };
}

export async function buildApiKey(test: TestApi, body: Record<string, unknown>): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/api-keys', { name: `key ${unique()}`, ...body })
    .expect(201);
  return (response.body as { key: string }).key;
}
