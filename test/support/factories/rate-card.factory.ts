import type { TestApi } from '../test-app.js';

/** The Agenda for Change bands. */
export const AFC_BANDS = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];

/** One rate-card line per Agenda for Change band for nursing band 5, at the given rates. */
export const nursingBand5Lines = (rates: { agencyCapPence?: number; bankRatePence?: number }) =>
  AFC_BANDS.map((band) => ({ staffGroup: 'nursing', grade: 'band5', band, ...rates }));

/** A draft rate card from 2025-01-01 (national unless `card` says otherwise); returns its id. */
export async function buildRateCard(test: TestApi, card: Record<string, unknown>): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/rate-cards', { scope: 'national', name: 'card', effectiveFrom: '2025-01-01', ...card })
    .expect(201);
  return response.body.id as string;
}

/** A `buildRateCard`, published; returns its id. */
export async function buildPublishedRateCard(test: TestApi, card: Record<string, unknown>): Promise<string> {
  const id = await buildRateCard(test, card);
  await test.as(test.adminKey).post(`/api/v1/rate-cards/${id}/publish`).expect(200);
  return id;
}
