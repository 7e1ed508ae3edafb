import { stringify } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import { signoffLevelOfRankSql, signoffRank, signoffRankSql } from '../../core/auth/api-key.entity.js';
import { SCOPED, STANDING } from './reports-sql.js';

const HEADER = [
  'week',
  'trust_ods_code',
  'trust_name',
  'shift_date',
  'staff_group',
  'grade',
  'agency',
  'framework',
  'paid_hours',
  'charge_pence',
  'cap_cost_pence',
  'signoff_needed',
  'approved_at_level',
];

type ReturnRow = Record<string, string | number | null>;

/**
 * The weekly return to NHS England, as CSV: one row per agency shift of the scope (reports-sql's
 * parameters, the ISO week's seven days) whose charge needs executive or chief-executive sign-off,
 * then totals by staff group.
 */
export async function weeklyReturnCsv(dataSource: DataSource, week: string, parameters: unknown[]): Promise<string> {
  const rank = signoffRankSql('signoff_level');
  const rows = (await dataSource.query(
    `WITH ${SCOPED}, ${STANDING},
     needing AS (
       SELECT booking_id, max(${rank}) AS rank, max(cap_cost_pence) AS cap_cost
         FROM standing WHERE ${rank} >= ${signoffRank('executive')} GROUP BY booking_id)
     SELECT s.ods_code, s.trust_name, s.local_start_date::text AS date, s.staff_group, s.grade,
            coalesce(s.agency_name, '') AS agency, coalesce(s.framework, 'off-framework') AS framework,
            s.paid, s.charge, n.cap_cost, ${signoffLevelOfRankSql('n.rank')} AS signoff,
            coalesce(s.decision_level, '') AS approved
       FROM scoped s JOIN needing n ON n.booking_id = s.booking_id
      WHERE s.type = 'agency'
      ORDER BY s.ods_code, s.local_start_date, s.booking_id`,
    parameters,
  )) as ReturnRow[];
  const lines: (string | number)[][] = rows.map((row) => [
    week,
    String(row.ods_code),
    String(row.trust_name),
    String(row.date),
    String(row.staff_group),
    String(row.grade),
    String(row.agency),
    String(row.framework),
    (Number(row.paid) / 60).toFixed(2),
    Number(row.charge),
    row.cap_cost === null ? '' : Number(row.cap_cost),
    String(row.signoff),
    String(row.approved),
  ]);
  // Names a spreadsheet would run as formulas (=, +, -, @ first) get a leading apostrophe.
  const csv = { escape_formulas: true };
  return stringify([HEADER, ...lines], csv) + '\n' + stringify(totalsByStaffGroup(rows), csv);
}

/** The totals block: shifts and charge per staff group, then for all. */
function totalsByStaffGroup(rows: ReturnRow[]): (string | number)[][] {
  const totals = new Map<string, { shifts: number; charge: number }>();
  for (const row of rows) {
    const entry = totals.get(String(row.staff_group)) ?? { shifts: 0, charge: 0 };
    entry.shifts += 1;
    entry.charge += Number(row.charge);
    totals.set(String(row.staff_group), entry);
  }
  return [
    ['totals_by_staff_group', 'shifts', 'charge_pence'],
    ...[...totals.entries()].sort().map(([group, entry]) => [group, entry.shifts, entry.charge]),
    ['all', rows.length, [...totals.values()].reduce((sum, entry) => sum + entry.charge, 0)],
  ];
}

/** The Monday of an ISO week `YYYY-Www`, or null when the year has no such week. */
export function isoWeekMonday(week: string): string | null {
  const [year, number] = [Number(week.slice(0, 4)), Number(week.slice(6))];
  // 4 January is always in week 1.
  const january4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(january4).getUTCDay() + 6) % 7;
  const monday = january4 - weekday * 86_400_000 + (number - 1) * 7 * 86_400_000;
  const result = new Date(monday).toISOString().slice(0, 10);
  // Week 53 exists only in years whose next week 1 starts a week later.
  return isoWeekMonday53Valid(year, number) ? result : null;
}

function isoWeekMonday53Valid(year: number, number: number): boolean {
  if (number < 53) return true;
  const january1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return january1 === 4 || (leap && january1 === 3);
}
