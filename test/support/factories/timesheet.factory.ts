import type { TestApi } from '../test-app.js';

/** Records the timesheet of a booked shift through the API, by `key`, admin by default. */
export async function buildTimesheet(
  test: TestApi,
  shiftId: string,
  timesheet: { startedAt: string; endedAt: string; breakMinutes: number; amountPence: number },
  key = test.adminKey,
): Promise<Record<string, unknown>> {
  const response = await test.as(key).put(`/api/v1/shifts/${shiftId}/timesheet`, timesheet).expect(200);
  return response.body as Record<string, unknown>;
}
