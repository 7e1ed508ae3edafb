import type { BulkColumn } from '../core/database/bulk-insert.js';
import { cheapestAgencyPence, type RankedLadder, suggestionFrom } from '../modules/fill/index.js';
import { releaseColumns } from '../modules/shifts/index.js';
import { DEFAULT_RELEASE_CASCADE, latestReleased, releaseInstants } from '../modules/time-bands/index.js';
import type { BookingPlan, BookingRow } from './demo-bookings.js';
import type { DemoPlan, ShiftRow } from './demo-plan.js';
import { DemoRandom } from './demo-random.js';

/**
 * The demo's cascade and its history of fill suggestions (docs/rules.md sections 10a and 10b). Its
 * systems keep the rule book's cascade (the setting's default) and suggestion lead (24 hours), so
 * each shift's release instants are computed from when it was posted, by the service's own
 * functions: shifts ahead are released stage by stage while the demo runs, and the worker raises
 * their suggestions as a live service would. Six months of history has the suggestions the sweep
 * would have raised, from each booking's own ladder.
 */

const LEAD_MS = 24 * 3_600_000;

const instantsOf = (shift: ShiftRow) =>
  releaseInstants(new Date(shift.createdMs), new Date(shift.startMs), DEFAULT_RELEASE_CASCADE);

export const RELEASE_BULK_COLUMNS: BulkColumn[] = [
  ['posted_at', 'timestamptz'],
  ['release_collaborative_bank_at', 'timestamptz'],
  ['release_agency_tier_1_at', 'timestamptz'],
  ['release_agency_tier_2_at', 'timestamptz'],
  ['release_agency_tier_3_at', 'timestamptz'],
  ['announced_stage', 'text'],
  ['next_release_at', 'timestamptz'],
];

/** A shift's release columns as posting it would have written them, with what was due by `nowMs` announced. */
export function releaseValues(shift: ShiftRow, nowMs: number): unknown[] {
  const now = new Date(nowMs);
  const announced = latestReleased(instantsOf(shift), now);
  const columns = releaseColumns(
    new Date(shift.createdMs),
    new Date(shift.startMs),
    DEFAULT_RELEASE_CASCADE,
    null,
    announced,
  );
  return [
    new Date(shift.createdMs).toISOString(),
    columns.releaseCollaborativeBankAt.toISOString(),
    columns.releaseAgencyTier1At.toISOString(),
    columns.releaseAgencyTier2At.toISOString(),
    columns.releaseAgencyTier3At.toISOString(),
    announced,
    columns.nextReleaseAt?.toISOString() ?? null,
  ];
}

export const SUGGESTION_BULK_COLUMNS: BulkColumn[] = [
  ['id', 'uuid'],
  ['shift_id', 'uuid'],
  ['trust_id', 'uuid'],
  ['system_id', 'uuid'],
  ['kind', 'text'],
  ['status', 'text'],
  ['candidates', 'jsonb'],
  ['agency_cost_pence', 'bigint'],
  ['saving_pence', 'bigint'],
  ['acted_booking_id', 'uuid'],
  ['saving_realised_pence', 'bigint'],
  ['close_reason', 'text'],
  ['raised_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
];

/**
 * The `before_agency` suggestions of the demo's booked shifts: raised when the shift, still open,
 * came within the lead of its agency tier 1 release (or at posting, when that had passed) and its
 * ladder then had a bank worker cheaper than the cheapest agency; closed by its booking, `acted`
 * (the saving realised against the booking's cost) when the bank filled it, `expired` when an
 * agency did. A shift booked before then had nothing to suggest.
 */
export function historySuggestions(plan: DemoPlan, filled: readonly BookingPlan[], seed: number): unknown[][] {
  const ids = new DemoRandom(seed, 'suggestion ids');
  const rows: unknown[][] = [];
  plan.systems.forEach((system, index) => {
    const shifts = new Map(system.shifts.map((shift) => [shift.id, shift]));
    for (const booking of filled[index]!.bookings) {
      const shift = shifts.get(booking.shiftId)!;
      const raisedMs = Math.max(shift.createdMs, instantsOf(shift).agency_tier_1.getTime() - LEAD_MS);
      if (booking.createdMs < raisedMs) continue;
      const row = suggestionRow(booking, raisedMs);
      if (row) rows.push([ids.uuid(), shift.id, shift.trustId, system.id, ...row]);
    }
  });
  return rows;
}

function suggestionRow(booking: BookingRow, raisedMs: number): unknown[] | null {
  // The booking's snapshot is the ladder as it stood, listed as the ladder lists it.
  const ladder = booking.ladder as Pick<RankedLadder, 'tiers'>;
  const facts = suggestionFrom(ladder, cheapestAgencyPence(ladder));
  if (!facts) return null;
  const bank = booking.type === 'bank';
  return [
    'before_agency',
    bank ? 'acted' : 'expired',
    facts.candidates,
    facts.agencyCostPence,
    facts.savingPence,
    bank ? booking.id : null,
    bank ? facts.agencyCostPence - booking.costPence : null,
    bank ? 'booked_from_bank' : 'booked_from_agency',
    new Date(raisedMs).toISOString(),
    new Date(booking.createdMs).toISOString(),
  ];
}
