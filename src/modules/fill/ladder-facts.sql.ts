import type { EntityManager } from 'typeorm';
import type { Shift } from '../shifts/index.js';
import type { BandValues } from '../time-bands/index.js';
import { type ContractOnLadder, LISTED_ON_LADDER, type WorkerOnLadder } from './fill-rules.js';

interface CandidateRow {
  id: string;
  display_name: string;
  home_trust_id: string;
  grade: string;
  active: boolean;
  opted_out_of_weekly_limit: boolean;
  contracted_weekly_hours: string;
  grade_rank: number;
  cleared: boolean;
  overlaps: boolean;
  nearest_gap_minutes: string | null;
  booked_17w: string;
  booked_28d: string;
  shifts_on_ward: string;
}

interface ContractLineRow {
  contract_id: string;
  agency_id: string;
  agency_name: string;
  framework: string | null;
  tier: number;
  band: string;
  charge_rate_pence: string;
}

// Static facts first (active, grade, clearance); the booking look-ups run only for workers who pass
// them, so a system's thousands of other workers cost one row each, not five look-ups. The range
// expressions and status list are the exclusion constraint's, so its GiST index answers them.
const CANDIDATES_SQL = `WITH candidate AS (
    SELECT w.id, w.display_name, w.home_trust_id, w.grade, w.active, w.opted_out_of_weekly_limit,
           w.contracted_weekly_hours, array_position($7::text[], w.grade) AS grade_rank,
           EXISTS (SELECT 1 FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id AND c.trust_id = $1) AS cleared
      FROM bank_workers w
      JOIN trusts home ON home.id = w.home_trust_id
     WHERE home.system_id = $2 AND w.staff_group = $3)
  SELECT candidate.*,
         EXISTS (SELECT 1 FROM bookings b
                  WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> $8
                    AND tstzrange(b.starts_at, b.ends_at) && tstzrange($4, $5)) AS overlaps,
         (SELECT min(GREATEST(EXTRACT(EPOCH FROM ($4 - b.ends_at)), EXTRACT(EPOCH FROM (b.starts_at - $5)))) / 60
            FROM bookings b
           WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> $8
             AND tstzrange(b.starts_at, b.ends_at)
                 && tstzrange($4::timestamptz - interval '11 hours', $5::timestamptz + interval '11 hours')) AS nearest_gap_minutes,
         (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
           WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> $8
             AND b.starts_at > $5::timestamptz - interval '17 weeks' AND b.starts_at < $5) AS booked_17w,
         (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
           WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed')
             AND b.starts_at >= $4::timestamptz - interval '28 days' AND b.starts_at < $4) AS booked_28d,
         (SELECT count(*) FROM bookings b
           WHERE b.bank_worker_id = candidate.id AND b.ward_id = $6 AND b.status = 'confirmed' AND b.ends_at <= $4) AS shifts_on_ward
    FROM candidate
   WHERE candidate.active AND candidate.grade_rank >= $9 AND (candidate.home_trust_id = $1 OR candidate.cleared)
  UNION ALL
  -- Of the workers the static rules exclude, only those the list can show: fewest reasons
  -- first (a worker not cleared shows that one reason), then id; and the worker being booked.
  (SELECT candidate.*, false, NULL, 0, 0, 0
     FROM candidate
    WHERE NOT (candidate.active AND candidate.grade_rank >= $9 AND (candidate.home_trust_id = $1 OR candidate.cleared))
    ORDER BY coalesce(candidate.id = $10::uuid, false) DESC,
             CASE WHEN NOT (candidate.home_trust_id = $1 OR candidate.cleared) THEN 1
                  ELSE (NOT candidate.active)::int + (candidate.grade_rank < $9)::int END,
             candidate.id
    LIMIT ${LISTED_ON_LADDER.ineligible + 1})`;

const CONTRACT_LINES_SQL = `SELECT contract.id AS contract_id, agency.id AS agency_id, agency.name AS agency_name,
       contract.framework, contract.tier, line.band, line.charge_rate_pence
  FROM agency_contracts contract
  JOIN agencies agency ON agency.id = contract.agency_id
  JOIN agency_contract_lines line ON line.contract_id = contract.id AND line.staff_group = $2 AND line.grade = $3
 WHERE contract.system_id = $1 AND contract.valid_from <= $4 AND (contract.valid_to IS NULL OR contract.valid_to > $4)`;

/**
 * The bank workers of the shift's system and staff group with every fact eligibility needs: a
 * handful of index look-ups per worker on bookings (worker, starts_at). Of those the static rules
 * exclude, only the first LISTED_ON_LADDER.ineligible, and `bankWorkerId` (the worker being booked).
 */
export async function workersOnLadder(
  manager: EntityManager,
  shift: Shift,
  systemId: string,
  grades: readonly string[],
  bankWorkerId: string | null,
): Promise<WorkerOnLadder[]> {
  const shiftGradeRank = grades.indexOf(shift.grade) + 1;
  const rows = (await manager.query(CANDIDATES_SQL, [
    shift.trustId,
    systemId,
    shift.staffGroup,
    shift.startsAt,
    shift.endsAt,
    shift.wardId,
    [...grades],
    shift.id,
    shiftGradeRank,
    bankWorkerId,
  ])) as CandidateRow[];
  return rows.map((row) => ({
    bankWorkerId: row.id,
    displayName: row.display_name,
    homeTrustId: row.home_trust_id,
    grade: row.grade,
    bookedMinutesLast28Days: Number(row.booked_28d),
    shiftsOnWard: Number(row.shifts_on_ward),
    facts: {
      active: row.active,
      gradeRank: row.grade_rank,
      shiftGradeRank,
      ownTrust: row.home_trust_id === shift.trustId,
      clearedForTrust: row.cleared,
      overlaps: row.overlaps,
      nearestGapMinutes: row.nearest_gap_minutes === null ? null : Number(row.nearest_gap_minutes),
      bookedMinutesInReferencePeriod: Number(row.booked_17w),
      shiftPaidMinutes: shift.minutes.paidMinutes,
      contractedWeeklyHours: Number(row.contracted_weekly_hours),
      optedOutOfWeeklyLimit: row.opted_out_of_weekly_limit,
    },
  }));
}

/** The system's contracts in force on the shift's date with lines for its staff group and grade. */
export async function contractsOnLadder(
  manager: EntityManager,
  shift: Shift,
  systemId: string,
): Promise<ContractOnLadder[]> {
  const lines = (await manager.query(CONTRACT_LINES_SQL, [
    systemId,
    shift.staffGroup,
    shift.grade,
    shift.localStartDate,
  ])) as ContractLineRow[];
  const contracts = new Map<string, ContractOnLadder>();
  for (const line of lines) {
    const contract = contracts.get(line.contract_id) ?? {
      agencyId: line.agency_id,
      agencyName: line.agency_name,
      agencyContractId: line.contract_id,
      contractTier: line.tier,
      framework: line.framework,
      rates: {} as BandValues,
    };
    contract.rates[line.band as keyof BandValues] = Number(line.charge_rate_pence);
    contracts.set(line.contract_id, contract);
  }
  return [...contracts.values()];
}
