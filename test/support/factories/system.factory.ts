import type { TestApi } from '../test-app.js';
import { unique } from './unique.js';

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
