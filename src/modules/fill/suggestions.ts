import type { EntityManager } from 'typeorm';
import type { LadderTier, RankedLadder } from './fill-rules.js';
import type { SuggestedCandidate, SuggestionKind } from './fill-suggestion.entity.js';

/** How many bank workers a suggestion names. */
export const SUGGESTED_CANDIDATES = 3;

const BANK_TIERS: LadderTier[] = ['own_bank', 'collaborative_bank'];

/** What a suggestion would say, or null when none is raised (docs/rules.md section 10b). */
export interface SuggestionFacts {
  candidates: SuggestedCandidate[];
  agencyCostPence: number;
  savingPence: number;
}

/**
 * A suggestion from a ladder: the three best-ranked eligible bank workers (own bank first, then
 * collaborative, in ladder order), the agency cost, and the saving against the best of them. None
 * when no bank worker is eligible, no agency cost is left (`agencyCostPence` null), or the saving
 * is not positive.
 */
export function suggestionFrom(
  ladder: Pick<RankedLadder, 'tiers'>,
  agencyCostPence: number | null,
): SuggestionFacts | null {
  const candidates = ladder.tiers
    .filter((tier) => BANK_TIERS.includes(tier.tier))
    .flatMap((tier) => tier.options)
    .filter((option) => option.costPence !== null)
    .slice(0, SUGGESTED_CANDIDATES)
    .map((option) => ({
      bankWorkerId: option.bankWorkerId!,
      displayName: option.displayName!,
      homeTrustId: option.homeTrustId!,
      costPence: option.costPence!,
    }));
  if (candidates.length === 0 || agencyCostPence === null) return null;
  const savingPence = agencyCostPence - candidates[0]!.costPence;
  return savingPence > 0 ? { candidates, agencyCostPence, savingPence } : null;
}

/** `before_agency`'s agency cost: the cheapest agency option the rules do not refuse. */
export function cheapestAgencyPence(ladder: Pick<RankedLadder, 'tiers'>): number | null {
  const costs = ladder.tiers
    .filter((tier) => !BANK_TIERS.includes(tier.tier))
    .flatMap((tier) => tier.options)
    .filter((option) => !option.refused && option.costPence !== null)
    .map((option) => option.costPence!);
  return costs.length ? Math.min(...costs) : null;
}

/** The events a closed suggestion writes, in the caller's transaction, from rows the UPDATE returned. */
async function recordClosed(
  manager: EntityManager,
  rows: {
    id: string;
    shift_id: string;
    trust_id: string;
    system_id: string;
    kind: SuggestionKind;
    status: string;
    close_reason: string;
    saving_realised_pence: string | null;
  }[],
): Promise<number> {
  for (const row of rows) {
    await manager.query(
      `INSERT INTO alert_events (type, system_id, trust_id, subject_id, data, dedupe_key)
       VALUES ('fill.suggestion_closed', $1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        row.system_id,
        row.trust_id,
        row.shift_id,
        {
          suggestionId: row.id,
          shiftId: row.shift_id,
          kind: row.kind,
          status: row.status,
          reason: row.close_reason,
          savingRealisedPence: row.saving_realised_pence === null ? null : Number(row.saving_realised_pence),
        },
        `fill.suggestion_closed:${row.id}`,
      ],
    );
  }
  return rows.length;
}

const CLOSED_COLUMNS = 'id, shift_id, trust_id, system_id, kind, status, close_reason, saving_realised_pence';

/**
 * Closes a shift's open suggestions once it is booked, in the booking's transaction: a bank booking
 * acts on every one (its saving realised: the suggestion's agency cost − the booking's charge); an
 * agency booking expires `before_agency`. Answers how many closed.
 */
export async function closeSuggestionsOnBooking(
  manager: EntityManager,
  shiftId: string,
  booking: { id: string; type: string; costPence: number },
): Promise<number> {
  const rows = (await (booking.type === 'bank'
    ? manager.query(
        `UPDATE fill_suggestions SET status = 'acted', acted_booking_id = $2, saving_realised_pence = agency_cost_pence - $3,
                closed_at = now(), close_reason = 'booked_from_bank'
          WHERE shift_id = $1 AND status = 'open' RETURNING ${CLOSED_COLUMNS}`,
        [shiftId, booking.id, booking.costPence],
      )
    : manager.query(
        `UPDATE fill_suggestions SET status = 'expired', closed_at = now(), close_reason = 'booked_from_agency'
          WHERE shift_id = $1 AND status = 'open' AND kind = 'before_agency' RETURNING ${CLOSED_COLUMNS}`,
        [shiftId],
      ))) as [Parameters<typeof recordClosed>[1], number];
  return recordClosed(manager, rows[0]);
}

/**
 * Expires the open suggestions whose situation has passed: the shift started or was cancelled, a
 * `before_agency` shift is no longer open, a `swap_to_bank` booking is no longer a confirmed
 * agency booking. One statement and its events, in `manager`'s transaction.
 */
export async function expirePassedSuggestions(manager: EntityManager, now: Date): Promise<number> {
  const rows = (await manager.query(
    `UPDATE fill_suggestions f
        SET status = 'expired', closed_at = $1,
            close_reason = CASE WHEN s.status = 'cancelled' THEN 'cancelled'
                                WHEN s.starts_at <= $1 THEN 'started'
                                ELSE 'booked_from_agency' END
       FROM shifts s
      WHERE s.id = f.shift_id AND f.status = 'open'
        AND (s.starts_at <= $1 OR s.status = 'cancelled'
             OR (f.kind = 'before_agency' AND s.status <> 'open')
             OR (f.kind = 'swap_to_bank' AND NOT EXISTS (
                   SELECT 1 FROM bookings b WHERE b.id = f.booking_id AND b.status = 'confirmed')))
      RETURNING f.id, f.shift_id, f.trust_id, f.system_id, f.kind, f.status, f.close_reason, f.saving_realised_pence`,
    [now],
  )) as [Parameters<typeof recordClosed>[1], number];
  return recordClosed(manager, rows[0]);
}

/** Expires the open suggestions, of `suggestionIds`, that no bank worker can take any more. */
export async function expireWithoutBank(manager: EntityManager, suggestionIds: readonly string[]): Promise<number> {
  if (suggestionIds.length === 0) return 0;
  const rows = (await manager.query(
    `UPDATE fill_suggestions SET status = 'expired', closed_at = now(), close_reason = 'no_bank_worker_eligible'
      WHERE id = ANY($1::uuid[]) AND status = 'open' RETURNING ${CLOSED_COLUMNS}`,
    [suggestionIds],
  )) as [Parameters<typeof recordClosed>[1], number];
  return recordClosed(manager, rows[0]);
}

/**
 * What must still hold when a suggestion is written, read under a share lock of its shift's row
 * (or the agency booking's): the shift still open (`before_agency`), the agency booking still
 * confirmed (`swap_to_bank`). The sweep gathered its facts earlier; a booking or a swap may have
 * come since. A row another transaction holds (a booking, an import) is skipped, not waited for:
 * no lock-order deadlock with statements that lock many shifts, and the next pass looks again.
 */
const STILL_SO: Record<SuggestionKind, string> = {
  before_agency: `JOIN shifts s ON s.id = r.shift_id WHERE s.status = 'open' FOR SHARE OF s SKIP LOCKED`,
  swap_to_bank: `JOIN bookings b ON b.id = r.booking_id WHERE b.status = 'confirmed' AND b.type = 'agency' FOR SHARE OF b SKIP LOCKED`,
};

/** A suggestion to raise: its shift, what it says, and for `swap_to_bank` the agency booking. */
export interface SuggestionToRaise {
  shift: { id: string; trustId: string; systemId: string };
  facts: SuggestionFacts;
  bookingId: string | null;
}

/**
 * Raises suggestions of one kind and their `fill.suggested` events, in one statement; none for a
 * shift that already has one open of the kind. Answers how many were raised.
 */
export async function raiseSuggestions(
  manager: EntityManager,
  kind: SuggestionKind,
  suggestions: readonly SuggestionToRaise[],
): Promise<number> {
  if (suggestions.length === 0) return 0;
  const rows = (await manager.query(
    `WITH raised AS (
       INSERT INTO fill_suggestions (shift_id, trust_id, system_id, kind, candidates, agency_cost_pence, saving_pence, booking_id)
       (SELECT r.shift_id, r.trust_id, r.system_id, $2, r.candidates, r.agency_cost_pence, r.saving_pence, r.booking_id
          FROM jsonb_to_recordset($1::jsonb) AS r(shift_id uuid, trust_id uuid, system_id uuid, candidates jsonb,
                                                  agency_cost_pence bigint, saving_pence bigint, booking_id uuid)
          ${STILL_SO[kind]})
       ON CONFLICT (shift_id, kind) WHERE status = 'open' DO NOTHING
       RETURNING id, shift_id, trust_id, system_id, kind, candidates, agency_cost_pence, saving_pence, booking_id)
     INSERT INTO alert_events (type, system_id, trust_id, subject_id, data, dedupe_key)
     SELECT 'fill.suggested', system_id, trust_id, shift_id,
            jsonb_build_object('suggestionId', id, 'shiftId', shift_id, 'kind', kind, 'bookingId', booking_id,
                               'candidates', candidates, 'agencyCostPence', agency_cost_pence, 'savingPence', saving_pence),
            'fill.suggested:' || id
       FROM raised
     RETURNING id`,
    [
      JSON.stringify(
        suggestions.map(({ shift, facts, bookingId }) => ({
          shift_id: shift.id,
          trust_id: shift.trustId,
          system_id: shift.systemId,
          candidates: facts.candidates,
          agency_cost_pence: facts.agencyCostPence,
          saving_pence: facts.savingPence,
          booking_id: bookingId,
        })),
      ),
      kind,
    ],
  )) as { id: string }[];
  return rows.length;
}
