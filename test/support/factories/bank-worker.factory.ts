import type { TestApi } from '../test-app.js';

/** An active nursing band 5 bank worker of `homeTrustId`, unless `overrides` say otherwise; returns its id. */
export async function buildBankWorker(
  test: TestApi,
  homeTrustId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/bank-workers', {
      homeTrustId,
      displayName: 'Test nurse',
      staffGroup: 'nursing',
      grade: 'band5',
      ...overrides,
    })
    .expect(201);
  return response.body.id as string;
}
