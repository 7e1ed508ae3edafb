import {
  AFC_BANDS,
  buildAgency,
  buildAgencyContract,
  buildApiKey,
  buildBankWorker,
  buildOrganisation,
  buildPublishedRateCard,
  buildShift,
  buildWard,
  contractLines,
  insertBooking,
  nursingBand5Lines,
  type BuiltShift,
  type Organisation,
} from './factories.js';
import type { TestApp } from './test-app.js';

/** A weekday day shift, 08:00 to 20:00 with an hour's break: 660 paid minutes, all `day`. */
export const LADDER_SHIFT = {
  startsAt: '2025-06-10T08:00:00+01:00',
  endsAt: '2025-06-10T20:00:00+01:00',
  breakMinutes: 60,
};

/**
 * One shift (`shiftId`, 2025-06-10) and a worker for each rung of the ladder and each reason to be
 * ineligible for it, with a national cap of 3,000, a system cap of 2,600 and a bank rate of 1,800.
 */
export interface FillLadderScenario {
  org: Organisation;
  rotaKey: string;
  shiftId: string;
  workers: Record<string, string>;
  contracts: Record<string, string>;
}

export async function buildFillLadderScenario(test: TestApp): Promise<FillLadderScenario> {
  const org = await buildOrganisation(test);
  const rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
  const otherWard = await buildWard(test, org.otherTrustId, { code: 'OW', name: 'Other ward' });
  await buildPublishedRateCard(test, { name: 'caps', lines: nursingBand5Lines({ agencyCapPence: 3000 }) });
  await buildPublishedRateCard(test, {
    scope: 'system',
    systemId: org.systemId,
    lines: nursingBand5Lines({ agencyCapPence: 2600, bankRatePence: 1800 }),
  });

  const workers: Record<string, string> = {};
  const worker = async (key: string, overrides: Record<string, unknown>) => {
    workers[key] = await buildBankWorker(test, org.trustId, { displayName: key, ...overrides });
  };
  await worker('own', {});
  await worker('senior', { grade: 'band6' });
  await worker('neighbour', { homeTrustId: org.otherTrustId, clearedTrustIds: [org.trustId] });
  await worker('uncleared', { homeTrustId: org.otherTrustId });
  await worker('junior', { grade: 'band4' });
  await worker('inactive', { active: false });
  for (const key of ['tired', 'double', 'busy', 'early']) await worker(key, {});

  /** Books a worker directly into another shift, as an earlier booking would have. */
  const existingBooking = async (key: string, place: { trustId: string; wardId: string }, from: string, to: string) => {
    const other = await buildShift(test, place, '', { startsAt: from, endsAt: to, breakMinutes: 0 });
    await insertBooking(test.database.url, other.id, { type: 'bank', bankWorkerId: workers[key]! });
  };
  // Ended at 22:00 the night before: ten hours' rest before 08:00.
  await existingBooking('tired', org, '2025-06-09T12:00:00+01:00', '2025-06-09T22:00:00+01:00');
  // Already booked at the neighbouring trust for the same afternoon.
  await existingBooking(
    'double',
    { trustId: org.otherTrustId, wardId: otherWard.id },
    '2025-06-10T14:00:00+01:00',
    '2025-06-10T22:00:00+01:00',
  );
  // Starts at 06:00 the morning after: ten hours' rest after the 20:00 finish.
  await existingBooking('early', org, '2025-06-11T06:00:00+01:00', '2025-06-11T14:00:00+01:00');
  // 12 paid hours a day for 68 days before: exactly 17 × 48 = 816 hours, within the limit on its
  // own; this shift's 11 paid hours take the average over it.
  for (let day = 1; day <= 68; day += 1) {
    const start = new Date(Date.UTC(2025, 5, 9, 23) - day * 86_400_000 - 12 * 3_600_000);
    const end = new Date(start.getTime() + 12 * 3_600_000);
    await existingBooking('busy', org, start.toISOString(), end.toISOString());
  }

  const withinCap = await buildAgency(test, { name: 'Within Cap Ltd' });
  const pricey = await buildAgency(test, { name: 'Pricey Ltd' });
  const rogue = await buildAgency(test, { name: 'Off Framework Ltd' });
  const contracts: Record<string, string> = {};
  const contract = async (key: string, agencyId: string, framework: string | null, chargeRatePence: number) => {
    const lines = contractLines('nursing', 'band5', AFC_BANDS, { chargeRatePence, workerPayPence: 1500 });
    contracts[key] = await buildAgencyContract(test, { agencyId, systemId: org.systemId, lines }, { framework });
  };
  await contract('withinSystemCap', withinCap, 'NHS Workforce Alliance', 2500);
  await contract('withinNationalCap', withinCap, 'NHS Workforce Alliance', 2900);
  await contract('aboveCap', pricey, 'NHS Workforce Alliance', 4600);
  await contract('offFramework', rogue, null, 2400);

  const shift = await buildShift(test, org, '', LADDER_SHIFT, rotaKey);
  return { org, rotaKey, shiftId: shift.id, workers, contracts };
}

/**
 * Fresh weekday day shifts on days of their own from September 2025, posted by the rota manager,
 * so tests do not book over each other.
 */
export function openShifts(
  test: TestApp,
  scenario: FillLadderScenario,
): (overrides?: Record<string, unknown>) => Promise<BuiltShift> {
  let day = 0;
  return (overrides = {}) => {
    day += 1;
    const date = new Date(Date.UTC(2025, 8, 1) + day * 2 * 86_400_000);
    while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
    return buildShift(test, scenario.org, date.toISOString().slice(0, 10), overrides, scenario.rotaKey);
  };
}
