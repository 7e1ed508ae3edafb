import type { TestApi } from '../test-app.js';

export interface Place {
  trustId: string;
  wardId: string;
}

export interface BuiltShift {
  id: string;
  startsAt: string;
  endsAt: string;
  paidMinutes: number;
}

/** The body of a nursing band 5 day shift on `date` (08:00 to 20:00 London, an hour's break). */
export const dayShiftBody = (place: Place, date: string, overrides: Record<string, unknown> = {}) => ({
  trustId: place.trustId,
  wardId: place.wardId,
  staffGroup: 'nursing',
  grade: 'band5',
  startsAt: `${date}T08:00:00+01:00`,
  endsAt: `${date}T20:00:00+01:00`,
  breakMinutes: 60,
  ...overrides,
});

/** An open shift, a day shift on `date` unless `overrides` say otherwise, posted by `key` (admin by default). */
export async function buildShift(
  test: TestApi,
  place: Place,
  date: string,
  overrides: Record<string, unknown> = {},
  key = test.adminKey,
): Promise<BuiltShift> {
  const response = await test
    .as(key)
    .post('/api/v1/shifts', dayShiftBody(place, date, overrides))
    .expect(201);
  return response.body as BuiltShift;
}
