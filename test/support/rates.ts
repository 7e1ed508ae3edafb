import {
  AFC_BANDS,
  buildAgency,
  buildAgencyContract,
  buildBooking,
  buildPublishedRateCard,
  buildShift,
  contractLines,
} from './factories.js';
import type { TestApi } from './test-app.js';

export { AFC_BANDS };

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
  const agencyId = await buildAgency(test, { name: `Agency ${chargeRatePence}` });
  return nursingAgencyContract(test, { agencyId, systemId, chargeRatePence });
}

/**
 * A contract of `agencyId` with the system from 2025-01-01, charging `chargeRatePence` an hour in
 * every Agenda for Change band for nursing band 5; `framework: null` is off-framework.
 */
export async function nursingAgencyContract(
  test: TestApi,
  contract: { agencyId: string; systemId: string; chargeRatePence: number; framework?: string | null },
): Promise<string> {
  const lines = contractLines('nursing', 'band5', AFC_BANDS, {
    chargeRatePence: contract.chargeRatePence,
    workerPayPence: 1500,
  });
  return buildAgencyContract(
    test,
    { agencyId: contract.agencyId, systemId: contract.systemId, lines },
    { framework: contract.framework === undefined ? 'NHS Workforce Alliance' : contract.framework },
  );
}

/** A nursing band 5 shift of 12 hours (08:00 to 20:00 London, an hour's break) on `date`, open; returns its id. */
export async function dayShift(
  test: TestApi,
  place: { trustId: string; wardId: string },
  date: string,
): Promise<string> {
  return (await buildShift(test, place, date)).id;
}

/** A `dayShift` on `date`, booked to the agency contract. */
export async function agencyBooking(
  test: TestApi,
  place: { trustId: string; wardId: string },
  date: string,
  agencyContractId: string,
): Promise<{ id: string; status: string }> {
  return buildBooking(test, await dayShift(test, place, date), { type: 'agency', agencyContractId });
}

/** Creates a rate card and publishes it; returns its id. */
export const publishedCard = (test: TestApi, card: Record<string, unknown>): Promise<string> =>
  buildPublishedRateCard(test, card);
