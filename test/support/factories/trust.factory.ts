import type { TestApi } from '../test-app.js';
import { unique } from './unique.js';

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
