import type { TestApi } from './test-app.js';

/** The Agenda for Change bands. */
export const AFC_BANDS = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];

/**
 * Publishes, from 2025-01-01, a national cap of 3,000 and a system card (agency cap 2,600, bank
 * 1,800) for nursing band 5, and an agency contract charging `chargeRatePence`; returns the contract.
 * A 12-hour day shift with an hour's break then costs 33,000 at the cap, 28,600 at the system cap.
 */
export async function nursingRatesAndAgency(test: TestApi, systemId: string, chargeRatePence: number): Promise<string> {
  for (const [scope, rates] of [
    ['national', { agencyCapPence: 3000 }],
    ['system', { agencyCapPence: 2600, bankRatePence: 1800 }],
  ] as const) {
    await publishedCard(test, {
      scope,
      ...(scope === 'system' ? { systemId } : {}),
      name: scope,
      effectiveFrom: '2025-01-01',
      lines: AFC_BANDS.map((band) => ({ staffGroup: 'nursing', grade: 'band5', band, ...rates })),
    });
  }
  const agency = await test
    .as(test.adminKey)
    .post('/api/v1/agencies', { name: `Agency ${chargeRatePence}` })
    .expect(201);
  return nursingAgencyContract(test, { agencyId: agency.body.id, systemId, chargeRatePence });
}

/**
 * A contract of `agencyId` with the system from 2025-01-01, charging `chargeRatePence` an hour in
 * every Agenda for Change band for nursing band 5; `framework: null` is off-framework.
 */
export async function nursingAgencyContract(
  test: TestApi,
  contract: { agencyId: string; systemId: string; chargeRatePence: number; framework?: string | null },
): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/agency-contracts', {
      agencyId: contract.agencyId,
      systemId: contract.systemId,
      framework: contract.framework === undefined ? 'NHS Workforce Alliance' : contract.framework,
      tier: 1,
      validFrom: '2025-01-01',
      lines: AFC_BANDS.map((band) => ({
        staffGroup: 'nursing',
        grade: 'band5',
        band,
        chargeRatePence: contract.chargeRatePence,
        workerPayPence: 1500,
      })),
    })
    .expect(201);
  return response.body.id as string;
}

/** A nursing band 5 shift of 12 hours (08:00 to 20:00 London, an hour's break) on `date`, open; returns its id. */
export async function dayShift(
  test: TestApi,
  place: { trustId: string; wardId: string },
  date: string,
): Promise<string> {
  const shift = await test
    .as(test.adminKey)
    .post('/api/v1/shifts', {
      trustId: place.trustId,
      wardId: place.wardId,
      staffGroup: 'nursing',
      grade: 'band5',
      startsAt: `${date}T08:00:00+01:00`,
      endsAt: `${date}T20:00:00+01:00`,
      breakMinutes: 60,
    })
    .expect(201);
  return shift.body.id as string;
}

/** A `dayShift` on `date`, booked to the agency contract. */
export async function agencyBooking(
  test: TestApi,
  place: { trustId: string; wardId: string },
  date: string,
  agencyContractId: string,
): Promise<{ id: string; status: string }> {
  const shiftId = await dayShift(test, place, date);
  const booking = await test
    .as(test.adminKey)
    .post(`/api/v1/shifts/${shiftId}/bookings`, { type: 'agency', agencyContractId })
    .expect(201);
  return booking.body;
}

/** Creates a rate card and publishes it; returns its id. */
export async function publishedCard(test: TestApi, card: Record<string, unknown>): Promise<string> {
  const admin = test.as(test.adminKey);
  const created = await admin.post('/api/v1/rate-cards', card).expect(201);
  await admin.post(`/api/v1/rate-cards/${created.body.id}/publish`).expect(200);
  return created.body.id as string;
}
