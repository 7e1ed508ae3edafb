import type pg from 'pg';
import { SUGGESTED_CANDIDATES } from '../modules/fill/suggestions.js';
import { STAFF_GROUPS } from '../modules/time-bands/index.js';

/**
 * The floor of bench:suggestions (issue 16, benchmark 9b): one hand-written statement that finds,
 * for every shift the nightly pass looks at, the bank workers a suggestion would name: the due
 * shifts of both kinds (SuggestionsService.due), each rule of docs/rules.md section 10 written
 * again in SQL (grade, clearance, overlap, 11 hours' rest, the 48-hour average over 17 weeks), and
 * the ladder's order (own bank, exact grade, fewest hours in 28 days, most shifts on the ward, id),
 * the best three a shift. It writes nothing and costs nothing (every bank worker costs the card's
 * rate alike). test/integration/suggestions-floor.test.ts holds it to the engine's answer.
 */
const FLOOR_SQL = `WITH grade_list AS (
    SELECT key AS staff_group, array(SELECT jsonb_array_elements_text(value)) AS grades FROM jsonb_each($2::jsonb)),
  due AS (
    SELECT 'before_agency' AS kind, s.*, t.system_id
      FROM shifts s JOIN trusts t ON t.id = s.trust_id JOIN systems y ON y.id = t.system_id
     WHERE s.status = 'open' AND s.starts_at > $1::timestamptz
       AND s.release_agency_tier_1_at <= $1::timestamptz + y.suggest_lead_hours * interval '1 hour'
    UNION ALL
    SELECT 'swap_to_bank', s.*, t.system_id
      FROM bookings b JOIN shifts s ON s.id = b.shift_id JOIN trusts t ON t.id = s.trust_id JOIN systems y ON y.id = t.system_id
     WHERE b.type = 'agency' AND b.status = 'confirmed' AND b.bypass_reason IS NULL
       AND s.starts_at > $1::timestamptz + y.agency_notice_hours * interval '1 hour'),
  candidate AS (
    SELECT d.kind, d.id AS shift_id, d.paid_minutes, w.id AS worker_id, w.home_trust_id = d.trust_id AS own,
           w.grade = d.grade AS exact, w.opted_out_of_weekly_limit, w.contracted_weekly_hours, facts.*
      FROM due d
      JOIN grade_list g ON g.staff_group = d.staff_group
      JOIN trusts home ON home.system_id = d.system_id
      JOIN bank_workers w ON w.home_trust_id = home.id AND w.staff_group = d.staff_group
      CROSS JOIN LATERAL (SELECT
        EXISTS (SELECT 1 FROM bookings b
                 WHERE b.bank_worker_id = w.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> d.id
                   AND tstzrange(b.starts_at, b.ends_at) && tstzrange(d.starts_at, d.ends_at)) AS overlapping,
        (SELECT min(GREATEST(EXTRACT(EPOCH FROM (d.starts_at - b.ends_at)), EXTRACT(EPOCH FROM (b.starts_at - d.ends_at)))) / 60
           FROM bookings b
          WHERE b.bank_worker_id = w.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> d.id
            AND tstzrange(b.starts_at, b.ends_at)
                && tstzrange(d.starts_at - interval '11 hours', d.ends_at + interval '11 hours')) AS gap_minutes,
        (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
          WHERE b.bank_worker_id = w.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> d.id
            AND b.starts_at > d.ends_at - interval '17 weeks' AND b.starts_at < d.ends_at) AS booked_17w,
        (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
          WHERE b.bank_worker_id = w.id AND b.status IN ('pending_approval', 'confirmed')
            AND b.starts_at >= d.starts_at - interval '28 days' AND b.starts_at < d.starts_at) AS booked_28d,
        (SELECT count(*) FROM bookings b
          WHERE b.bank_worker_id = w.id AND b.ward_id = d.ward_id AND b.status = 'confirmed' AND b.ends_at <= d.starts_at) AS on_ward
      ) facts
     WHERE w.active AND array_position(g.grades, w.grade) >= array_position(g.grades, d.grade)
       AND (w.home_trust_id = d.trust_id
            OR EXISTS (SELECT 1 FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id AND c.trust_id = d.trust_id))),
  ranked AS (
    SELECT kind, shift_id, worker_id,
           row_number() OVER (PARTITION BY kind, shift_id ORDER BY own DESC, exact DESC, booked_28d, on_ward DESC, worker_id) AS rank
      FROM candidate
     WHERE NOT overlapping AND (gap_minutes IS NULL OR gap_minutes >= 660)
       AND (opted_out_of_weekly_limit
            OR (booked_17w + paid_minutes) * 100 + round(contracted_weekly_hours * 100) * 60 * 17 <= 48 * 60 * 17 * 100))
  SELECT kind, shift_id AS "shiftId", worker_id AS "bankWorkerId", rank::int
    FROM ranked WHERE rank <= $3
   ORDER BY kind, shift_id, rank`;

export interface FloorCandidate {
  kind: 'before_agency' | 'swap_to_bank';
  shiftId: string;
  bankWorkerId: string;
  rank: number;
}

/** The floor's answer at `now`: the best bank workers of every due shift, by kind and shift. */
export async function floorCandidates(client: Pick<pg.Client, 'query'>, now: Date): Promise<Map<string, string[]>> {
  const grades = Object.fromEntries(STAFF_GROUPS.map((group) => [group.key, group.grades]));
  const { rows } = await client.query<FloorCandidate>(FLOOR_SQL, [now, JSON.stringify(grades), SUGGESTED_CANDIDATES]);
  const byShift = new Map<string, string[]>();
  for (const row of rows) {
    const key = `${row.kind} ${row.shiftId}`;
    byShift.set(key, [...(byShift.get(key) ?? []), row.bankWorkerId]);
  }
  return byShift;
}
