import type { TestApi } from '../test-app.js';
import { unique } from './unique.js';

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
