import type { TestApi } from '../test-app.js';
import { unique } from './unique.js';

/**
 * A system. Its release cascade is off unless `settings.releaseCascade` is given: tests of anything
 * else book a shift the moment it is posted; the cascade's own tests give the setting they test.
 */
export async function buildSystem(
  test: TestApi,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string }> {
  const settings = { releaseCascade: null, ...((overrides.settings as Record<string, unknown> | undefined) ?? {}) };
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/systems', { code: `S${unique()}`, name: 'Test system', ...overrides, settings })
    .expect(201);
  return response.body as { id: string; code: string };
}
