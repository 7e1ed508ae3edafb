import type { EntityManager } from 'typeorm';
import type { Shift } from '../shifts/index.js';
import type { BandValues } from '../time-bands/index.js';
import type { ContractOnLadder, WorkerOnLadder } from './fill-rules.js';

interface CandidateRow {
  shift_id: string;
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
// expressions and status list are the exclusion constraint's, so its GiST index answers them. One
// statement serves one shift (a booking's ladder) and a batch of them (the suggestions sweep): the
// shifts come as a JSON record set.
const CANDIDATES_SQL = `WITH shift AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, trust_id uuid, system_id uuid, staff_group text,
                  ward_id uuid, starts_at timestamptz, ends_at timestamptz, grades text[], grade_rank int, listed uuid)),
  candidate AS MATERIALIZED (
    SELECT s.id AS shift_id, w.id, w.display_name, w.home_trust_id, w.grade, w.active, w.opted_out_of_weekly_limit,
           w.contracted_weekly_hours, array_position(s.grades, w.grade) AS grade_rank,
           EXISTS (SELECT 1 FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id AND c.trust_id = s.trust_id) AS cleared,
           s.trust_id AS shift_trust_id, s.grade_rank AS shift_grade_rank, s.listed
      FROM shift s
      JOIN trusts home ON home.system_id = s.system_id
      JOIN bank_workers w ON w.home_trust_id = home.id AND w.staff_group = s.staff_group
     WHERE $3::uuid IS NULL OR w.id = $3)
  SELECT c.shift_id, c.id, c.display_name, c.home_trust_id, c.grade, c.active, c.opted_out_of_weekly_limit,
         c.contracted_weekly_hours, c.grade_rank, c.cleared,
         EXISTS (SELECT 1 FROM bookings b
                  WHERE b.bank_worker_id = c.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> s.id
                    AND tstzrange(b.starts_at, b.ends_at) && tstzrange(s.starts_at, s.ends_at)) AS overlaps,
         (SELECT min(GREATEST(EXTRACT(EPOCH FROM (s.starts_at - b.ends_at)), EXTRACT(EPOCH FROM (b.starts_at - s.ends_at)))) / 60
            FROM bookings b
           WHERE b.bank_worker_id = c.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> s.id
             AND tstzrange(b.starts_at, b.ends_at)
                 && tstzrange(s.starts_at - interval '11 hours', s.ends_at + interval '11 hours')) AS nearest_gap_minutes,
         (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
           WHERE b.bank_worker_id = c.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> s.id
             AND b.starts_at > s.ends_at - interval '17 weeks' AND b.starts_at < s.ends_at) AS booked_17w,
         (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
           WHERE b.bank_worker_id = c.id AND b.status IN ('pending_approval', 'confirmed')
             AND b.starts_at >= s.starts_at - interval '28 days' AND b.starts_at < s.starts_at) AS booked_28d,
         (SELECT count(*) FROM bookings b
           WHERE b.bank_worker_id = c.id AND b.ward_id = s.ward_id AND b.status = 'confirmed' AND b.ends_at <= s.starts_at) AS shifts_on_ward
    FROM candidate c JOIN shift s ON s.id = c.shift_id
   WHERE c.active AND c.grade_rank >= c.shift_grade_rank AND (c.home_trust_id = c.shift_trust_id OR c.cleared)
  UNION ALL
  -- Of the workers the static rules exclude, only those the list can show ($2 a shift): fewest
  -- reasons first (a worker not cleared shows that one reason), then id; and the worker being booked.
  SELECT x.shift_id, x.id, x.display_name, x.home_trust_id, x.grade, x.active, x.opted_out_of_weekly_limit,
         x.contracted_weekly_hours, x.grade_rank, x.cleared, false, NULL, 0, 0, 0
    FROM shift s CROSS JOIN LATERAL (
      SELECT c.* FROM candidate c
       WHERE c.shift_id = s.id
         AND NOT (c.active AND c.grade_rank >= c.shift_grade_rank AND (c.home_trust_id = c.shift_trust_id OR c.cleared))
       ORDER BY coalesce(c.id = c.listed, false) DESC,
                CASE WHEN NOT (c.home_trust_id = c.shift_trust_id OR c.cleared) THEN 1
                     ELSE (NOT c.active)::int + (c.grade_rank < c.shift_grade_rank)::int END,
                c.id
       LIMIT $2) x`;

const CONTRACT_LINES_SQL = `SELECT contract.id AS contract_id, agency.id AS agency_id, agency.name AS agency_name,
       contract.framework, contract.tier, line.band, line.charge_rate_pence
  FROM agency_contracts contract
  JOIN agencies agency ON agency.id = contract.agency_id
  JOIN agency_contract_lines line ON line.contract_id = contract.id AND line.staff_group = $2 AND line.grade = $3
 WHERE contract.system_id = $1 AND contract.valid_from <= $4 AND (contract.valid_to IS NULL OR contract.valid_to > $4)`;

/** A shift whose ladder is wanted, with its system and the grades of its staff group. */
export interface ShiftForLadder {
  shift: Shift;
  systemId: string;
  grades: readonly string[];
}

/**
 * The bank workers of each shift's system and staff group with every fact eligibility needs, by
 * shift id: a handful of index look-ups per worker on bookings (worker, starts_at). Of those the
 * static rules exclude, only the first `listIneligible` a shift (none for the sweep), and
 * `bankWorkerId` (the worker being booked) whatever it failed. With `onlyWorker`, that worker alone
 * (a bank worker's own shifts).
 */
export async function workersOnLadders(
  manager: EntityManager,
  shifts: readonly ShiftForLadder[],
  options: { listIneligible: number; bankWorkerId: string | null; onlyWorker?: string | null },
): Promise<Map<string, WorkerOnLadder[]>> {
  const byShift = new Map<string, WorkerOnLadder[]>(shifts.map(({ shift }) => [shift.id, []]));
  if (shifts.length === 0) return byShift;
  const input = shifts.map(({ shift, systemId, grades }) => ({
    id: shift.id,
    trust_id: shift.trustId,
    system_id: systemId,
    staff_group: shift.staffGroup,
    ward_id: shift.wardId,
    starts_at: shift.startsAt,
    ends_at: shift.endsAt,
    grades,
    grade_rank: grades.indexOf(shift.grade) + 1,
    listed: options.bankWorkerId,
  }));
  const rows = (await manager.query(CANDIDATES_SQL, [
    JSON.stringify(input),
    options.listIneligible,
    options.onlyWorker ?? null,
  ])) as CandidateRow[];
  const shiftsById = new Map(
    shifts.map(({ shift, grades }) => [shift.id, { shift, rank: grades.indexOf(shift.grade) + 1 }]),
  );
  for (const row of rows) {
    const { shift, rank } = shiftsById.get(row.shift_id)!;
    byShift.get(row.shift_id)!.push({
      bankWorkerId: row.id,
      displayName: row.display_name,
      homeTrustId: row.home_trust_id,
      grade: row.grade,
      bookedMinutesLast28Days: Number(row.booked_28d),
      shiftsOnWard: Number(row.shifts_on_ward),
      facts: {
        active: row.active,
        gradeRank: row.grade_rank,
        shiftGradeRank: rank,
        ownTrust: row.home_trust_id === shift.trustId,
        clearedForTrust: row.cleared,
        overlaps: row.overlaps,
        nearestGapMinutes: row.nearest_gap_minutes === null ? null : Number(row.nearest_gap_minutes),
        bookedMinutesInReferencePeriod: Number(row.booked_17w),
        shiftPaidMinutes: shift.minutes.paidMinutes,
        contractedWeeklyHours: Number(row.contracted_weekly_hours),
        optedOutOfWeeklyLimit: row.opted_out_of_weekly_limit,
      },
    });
  }
  return byShift;
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
