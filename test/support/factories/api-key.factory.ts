import type { TestApi } from '../test-app.js';
import { unique } from './unique.js';

/** Creates an API key with the given role and scope; returns the secret to send. */
export async function buildApiKey(test: TestApi, body: Record<string, unknown>): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/api-keys', { name: `key ${unique()}`, ...body })
    .expect(201);
  return (response.body as { key: string }).key;
}
