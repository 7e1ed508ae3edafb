import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { coversSystem, coversTrust, type Principal, trustScope } from '../../core/auth/principal.js';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { System } from '../organisations/system.entity.js';
import { addDays, daysBetween } from '../time-bands/calendar-dates.js';
import type {
  AgencySpendQuery,
  AgencySpendReport,
  CapComplianceRow,
  RateVariationRow,
  ReportQuery,
  SavingsRow,
  SpendGroup,
  SpendRow,
  WeeklyReturnQuery,
} from './reports.dto.js';

const MAX_REPORT_DAYS = 800;
const LEVELS = ['senior_manager', 'executive', 'chief_executive'] as const;

/** A system's shifts in a window, in the caller's scope: $1 system, $2 from, $3 to, $4 trusts (null for all). */
const SCOPE_CONDITION = `t.system_id = $1 AND s.local_start_date >= $2::date AND s.local_start_date < $3::date
     AND ($4::uuid[] IS NULL OR s.trust_id = ANY($4::uuid[]))`;

/** The active bookings of the scope, with their charge (timesheet amount, else booked cost) and paid minutes. */
const SCOPED = `
scoped AS (
  SELECT b.id AS booking_id, b.type, s.trust_id, t.name AS trust_name, t.ods_code, s.staff_group, s.grade,
         s.local_start_date, a.id AS agency_id, a.name AS agency_name, ac.framework, b.decision_level,
         coalesce(ts.amount_pence, b.cost_pence) AS charge,
         coalesce(ts.paid_minutes, s.paid_minutes) AS paid
    FROM bookings b
    JOIN shifts s ON s.id = b.shift_id
    JOIN trusts t ON t.id = s.trust_id
    LEFT JOIN timesheets ts ON ts.shift_id = b.shift_id AND ts.booking_id = b.id
    LEFT JOIN agency_contracts ac ON ac.id = b.agency_contract_id
    LEFT JOIN agencies a ON a.id = ac.agency_id
   WHERE b.status IN ('pending_approval', 'confirmed') AND ${SCOPE_CONDITION}
)`;

/** Breaches that stand (not cleared by a re-check) of the scoped bookings. */
const STANDING = `
standing AS (
  SELECT br.* FROM breaches br JOIN scoped ON scoped.booking_id = br.booking_id
   WHERE br.resolution IS DISTINCT FROM 'cleared'
)`;

/**
 * The costed bookings (`bc`, joined to trusts `t`) of the scope: what the compliance engine
 * recorded at its last check of each active booking (booking_costs).
 */
const COSTED_SCOPE = `t.system_id = $1 AND bc.local_start_date >= $2::date AND bc.local_start_date < $3::date
     AND ($4::uuid[] IS NULL OR bc.trust_id = ANY($4::uuid[]))`;

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/**
 * The workforce lead's reports (domain.md section 11): every figure an SQL aggregate over the
 * bookings and the breaches the compliance engine keeps, within the caller's scope.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async agencySpend(query: AgencySpendQuery, actor: Principal): Promise<AgencySpendReport> {
    const groupBy = query.groupBy ?? 'trust';
    const rows = await this.spendRows(await this.scope(query, actor), groupBy, false);
    return this.spendReport(groupBy, rows);
  }

  /**
   * Agency spend by trust, and each trust's by month, from one pass over the bookings (the
   * dashboard's): a trust's row is the total of its months.
   */
  async agencySpendByTrustAndMonth(
    query: ReportQuery,
    actor: Principal,
  ): Promise<{ byTrust: AgencySpendReport; byMonth: Map<string, AgencySpendReport> }> {
    const rows = await this.spendRows(await this.scope(query, actor), 'month', true);
    const grouped = new Map<string, Record<string, string | number | null>[]>();
    for (const row of rows) grouped.set(String(row.trust), [...(grouped.get(String(row.trust)) ?? []), row]);
    const byMonth = new Map(
      [...grouped].map(([trustId, trustRows]) => [trustId, this.spendReport('month', trustRows)]),
    );
    const trustRows = [...grouped].map(([trustId, trustRows]) => ({
      ...byMonth.get(trustId)!.totals,
      key: trustId,
      label: String(trustRows[0]!.trust_name),
    }));
    // As agencySpend orders them: by name, then id.
    trustRows.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
    return { byTrust: this.spendReport('trust', trustRows), byMonth };
  }

  private async spendRows(
    parameters: unknown[],
    groupBy: SpendGroup,
    perTrust: boolean,
  ): Promise<Record<string, string | number | null>[]> {
    const key = {
      trust: ['trust_id::text', 'trust_name'],
      staff_group: ['staff_group', 'staff_group'],
      agency: ['agency_id::text', "coalesce(agency_name, 'Bank')"],
      month: ["to_char(local_start_date, 'YYYY-MM')", "to_char(local_start_date, 'YYYY-MM')"],
    }[groupBy];
    const [trust, trustName] = perTrust ? ['trust_id', 'trust_name'] : ['NULL::uuid', 'NULL::text'];
    return (await this.dataSource.query(
      `WITH ${SCOPED}
       SELECT ${trust} AS trust, ${trustName} AS trust_name, ${key[0]} AS key, ${key[1]} AS label,
              count(*) FILTER (WHERE type = 'agency')::int AS "agencyShifts",
              coalesce(sum(paid) FILTER (WHERE type = 'agency'), 0)::bigint AS "agencyPaidMinutes",
              coalesce(sum(charge) FILTER (WHERE type = 'agency'), 0)::bigint AS "agencyChargePence",
              count(*) FILTER (WHERE type = 'bank')::int AS "bankShifts",
              coalesce(sum(paid) FILTER (WHERE type = 'bank'), 0)::bigint AS "bankPaidMinutes",
              coalesce(sum(charge) FILTER (WHERE type = 'bank'), 0)::bigint AS "bankPaidPence"
         FROM scoped GROUP BY 1, 2, 3, 4 ORDER BY 1, 4, 3`,
      parameters,
    )) as Record<string, string | number | null>[];
  }

  /** Rows of one grouping, and their totals (a handful of aggregated rows, summed). */
  private spendReport(groupBy: SpendGroup, rows: Record<string, string | number | null>[]): AgencySpendReport {
    const items = rows.map((row) => this.spendRow(row));
    const sum = (field: keyof SpendRow) => items.reduce((total, item) => total + (item[field] as number), 0);
    const totals = this.spendRow({
      key: null,
      label: 'Total',
      agencyShifts: sum('agencyShifts'),
      agencyPaidMinutes: sum('agencyPaidMinutes'),
      agencyChargePence: sum('agencyChargePence'),
      bankShifts: sum('bankShifts'),
      bankPaidMinutes: sum('bankPaidMinutes'),
      bankPaidPence: sum('bankPaidPence'),
    });
    return { groupBy, items, totals };
  }

  async capCompliance(query: ReportQuery, actor: Principal): Promise<CapComplianceRow[]> {
    const parameters = await this.scope(query, actor);
    const rows = (await this.dataSource.query(
      `WITH agency AS (
         SELECT bc.booking_id, bc.trust_id, t.name AS trust_name, bc.staff_group
           FROM booking_costs bc JOIN trusts t ON t.id = bc.trust_id
          WHERE bc.type = 'agency' AND ${COSTED_SCOPE}),
       standing AS (
         SELECT br.booking_id, br.rule, br.signoff_level, br.amount_pence FROM breaches br
          WHERE br.system_id = $1 AND br.local_start_date >= $2::date AND br.local_start_date < $3::date
            AND ($4::uuid[] IS NULL OR br.trust_id = ANY($4::uuid[]))
            AND br.rule IN ('AGENCY_OVER_NATIONAL_CAP', 'OFF_FRAMEWORK_AGENCY')
            AND br.resolution IS DISTINCT FROM 'cleared'),
       over_cap AS (SELECT booking_id, signoff_level, amount_pence FROM standing WHERE rule = 'AGENCY_OVER_NATIONAL_CAP'),
       off_framework AS (SELECT booking_id FROM standing WHERE rule = 'OFF_FRAMEWORK_AGENCY')
       SELECT a.trust_id AS "trustId", a.trust_name AS "trustName", a.staff_group AS "staffGroup",
              count(*)::int AS "agencyShifts",
              count(o.booking_id)::int AS "overCapShifts",
              ${LEVELS.map(
                (level) => `count(o.booking_id) FILTER (WHERE o.signoff_level = '${level}')::int AS "${level}_shifts",
              coalesce(sum(o.amount_pence) FILTER (WHERE o.signoff_level = '${level}'), 0)::bigint AS "${level}_amount"`,
              ).join(',\n              ')},
              count(f.booking_id)::int AS "offFrameworkShifts"
         FROM agency a
         LEFT JOIN over_cap o ON o.booking_id = a.booking_id
         LEFT JOIN off_framework f ON f.booking_id = a.booking_id
        GROUP BY 1, 2, 3 ORDER BY 2, 3`,
      parameters,
    )) as Record<string, string | number>[];
    return rows.map((row) => {
      const agencyShifts = Number(row.agencyShifts);
      const within = agencyShifts - Number(row.overCapShifts);
      return {
        trustId: String(row.trustId),
        trustName: String(row.trustName),
        staffGroup: String(row.staffGroup),
        agencyShifts,
        withinNationalCap: within,
        shareWithinNationalCap: ratio(within, agencyShifts),
        overCap: Object.fromEntries(
          LEVELS.map((level) => [
            level,
            { shifts: Number(row[`${level}_shifts`]), amountPence: Number(row[`${level}_amount`]) },
          ]),
        ),
        offFrameworkShifts: Number(row.offFrameworkShifts),
      };
    });
  }

  /**
   * Who pays more for the same work: per trust and staff group, the median and 90th percentile of
   * charge ÷ card cost (bank) and charge ÷ system cap cost (agency), costed like the compliance
   * engine costs them.
   */
  async rateVariation(query: ReportQuery, actor: Principal): Promise<RateVariationRow[]> {
    const parameters = await this.scope(query, actor);
    // One sort per trust, staff group and type gives both percentiles.
    const percentiles = (type: string, cost: string) =>
      `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY bc.charge_pence::numeric / bc.${cost})
         FILTER (WHERE bc.type = '${type}' AND bc.${cost} > 0)`;
    const rows = (await this.dataSource.query(
      `SELECT trust_id AS "trustId", trust_name AS "trustName", staff_group AS "staffGroup",
              "bankShifts", round(bank[1]::numeric, 4) AS "bankMedian", round(bank[2]::numeric, 4) AS "bankP90",
              "agencyShifts", round(agency[1]::numeric, 4) AS "agencyMedian", round(agency[2]::numeric, 4) AS "agencyP90"
         FROM (SELECT bc.trust_id, t.name AS trust_name, bc.staff_group,
                      count(*) FILTER (WHERE bc.type = 'bank' AND bc.card_cost_pence > 0)::int AS "bankShifts",
                      ${percentiles('bank', 'card_cost_pence')} AS bank,
                      count(*) FILTER (WHERE bc.type = 'agency' AND bc.system_cap_cost_pence > 0)::int AS "agencyShifts",
                      ${percentiles('agency', 'system_cap_cost_pence')} AS agency
                 FROM booking_costs bc JOIN trusts t ON t.id = bc.trust_id
                WHERE ${COSTED_SCOPE}
                GROUP BY 1, 2, 3) grouped
        ORDER BY 2, 3`,
      parameters,
    )) as Record<string, string | number | null>[];
    const decimal = (value: string | number | null) => (value === null ? null : Number(value));
    return rows.map((row) => ({
      trustId: String(row.trustId),
      trustName: String(row.trustName),
      staffGroup: String(row.staffGroup),
      bank: { shifts: Number(row.bankShifts), median: decimal(row.bankMedian), p90: decimal(row.bankP90) },
      agency: { shifts: Number(row.agencyShifts), median: decimal(row.agencyMedian), p90: decimal(row.agencyP90) },
    }));
  }

  async savings(query: ReportQuery, actor: Principal): Promise<SavingsRow[]> {
    const parameters = await this.scope(query, actor);
    // Straight from the breaches, which carry their shift's trust and date (ix_breaches_trust_date):
    // no pass over the window's bookings. Breaches of cancelled bookings are cleared by their re-check.
    const rows = (await this.dataSource.query(
      `SELECT t.id AS "trustId", t.name AS "trustName",
              coalesce(sum(br.amount_pence) FILTER (WHERE br.rule = 'BANK_ABOVE_CARD'), 0)::bigint AS "overCardPence",
              coalesce(sum(br.amount_pence) FILTER (WHERE br.rule = 'AGENCY_OVER_SYSTEM_CAP'), 0)::bigint AS "overSystemCapPence",
              coalesce(sum(br.amount_pence) FILTER (WHERE br.rule = 'BANK_FIRST_BYPASSED'), 0)::bigint AS "bankFirstPence"
         FROM trusts t
         LEFT JOIN breaches br
           ON br.trust_id = t.id AND br.local_start_date >= $2::date AND br.local_start_date < $3::date
          AND br.rule IN ('BANK_ABOVE_CARD', 'AGENCY_OVER_SYSTEM_CAP', 'BANK_FIRST_BYPASSED')
          AND br.resolution IS DISTINCT FROM 'cleared'
        WHERE t.system_id = $1 AND ($4::uuid[] IS NULL OR t.id = ANY($4::uuid[]))
        GROUP BY 1, 2 ORDER BY 2`,
      parameters,
    )) as Record<string, string>[];
    return rows.map((row) => {
      const overCardPence = Number(row.overCardPence);
      const overSystemCapPence = Number(row.overSystemCapPence);
      return {
        trustId: row.trustId!,
        trustName: row.trustName!,
        overCardPence,
        overSystemCapPence,
        bankFirstPence: Number(row.bankFirstPence),
        harmonisationPence: overCardPence + overSystemCapPence,
      };
    });
  }

  /**
   * The weekly return to NHS England, as CSV: one row per agency shift of the ISO week (local start
   * dates) whose charge needs executive or chief-executive sign-off, then totals by staff group.
   */
  async weeklyReturn(query: WeeklyReturnQuery, actor: Principal): Promise<{ filename: string; body: string }> {
    const monday = isoWeekMonday(query.week);
    if (!monday) throw new InvalidInputError('No such ISO week', [{ field: 'week', message: 'no such ISO week' }]);
    const parameters = await this.scope({ systemId: query.systemId, from: monday, to: addDays(monday, 7) }, actor);
    const rows = (await this.dataSource.query(
      `WITH ${SCOPED}, ${STANDING},
       needing AS (
         SELECT booking_id,
                max(CASE signoff_level WHEN 'executive' THEN 2 WHEN 'chief_executive' THEN 3 END) AS rank,
                max(cap_cost_pence) AS cap_cost
           FROM standing WHERE signoff_level IN ('executive', 'chief_executive') GROUP BY booking_id)
       SELECT s.ods_code, s.trust_name, s.local_start_date::text AS date, s.staff_group, s.grade,
              coalesce(s.agency_name, '') AS agency, coalesce(s.framework, 'off-framework') AS framework,
              s.paid, s.charge, n.cap_cost,
              CASE n.rank WHEN 3 THEN 'chief_executive' ELSE 'executive' END AS signoff,
              coalesce(s.decision_level, '') AS approved
         FROM scoped s JOIN needing n ON n.booking_id = s.booking_id
        WHERE s.type = 'agency'
        ORDER BY s.ods_code, s.local_start_date, s.booking_id`,
      parameters,
    )) as Record<string, string | number | null>[];
    const header = [
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
    const lines: (string | number)[][] = rows.map((row) => [
      query.week,
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
    const totals = new Map<string, { shifts: number; charge: number }>();
    for (const row of rows) {
      const entry = totals.get(String(row.staff_group)) ?? { shifts: 0, charge: 0 };
      entry.shifts += 1;
      entry.charge += Number(row.charge);
      totals.set(String(row.staff_group), entry);
    }
    // Names a spreadsheet would run as formulas (=, +, -, @ first) get a leading apostrophe.
    const csv = { escape_formulas: true };
    const body =
      stringify([header, ...lines], csv) +
      '\n' +
      stringify(
        [
          ['totals_by_staff_group', 'shifts', 'charge_pence'],
          ...[...totals.entries()].sort().map(([group, entry]) => [group, entry.shifts, entry.charge]),
          ['all', rows.length, [...totals.values()].reduce((sum, entry) => sum + entry.charge, 0)],
        ],
        csv,
      );
    return { filename: `weekly-return-${query.week}.csv`, body };
  }

  /** 404 outside scope; the trusts of the window in scope ($4); 400 for a bad window. */
  private async scope(query: ReportQuery, actor: Principal): Promise<unknown[]> {
    const system = await this.dataSource.manager.findOneBy(System, { id: query.systemId });
    if (!system || !coversSystem(actor, query.systemId)) throw NotFoundError.of('system', query.systemId);
    const days = daysBetween(query.from, query.to);
    if (days < 1 || days > MAX_REPORT_DAYS) {
      throw new InvalidInputError(`The window must be 1 to ${MAX_REPORT_DAYS} days, \`to\` after \`from\``, [
        { field: 'to', message: `must be 1 to ${MAX_REPORT_DAYS} days after from` },
      ]);
    }
    let trusts = trustScope(actor);
    if (query.trustId) {
      if (!coversTrust(actor, query.trustId)) throw NotFoundError.of('trust', query.trustId);
      trusts = [query.trustId];
    }
    return [query.systemId, query.from, query.to, trusts];
  }

  private spendRow(row: Record<string, string | number | null>): SpendRow {
    const number = (field: string) => Number(row[field] ?? 0);
    const agencyShifts = number('agencyShifts');
    const bankShifts = number('bankShifts');
    const agencyPaidMinutes = number('agencyPaidMinutes');
    const bankPaidMinutes = number('bankPaidMinutes');
    return {
      key: row.key === null || row.key === undefined ? null : String(row.key),
      label: String(row.label),
      agencyShifts,
      agencyPaidMinutes,
      agencyChargePence: number('agencyChargePence'),
      bankShifts,
      bankPaidMinutes,
      bankPaidPence: number('bankPaidPence'),
      agencyShiftShare: ratio(agencyShifts, agencyShifts + bankShifts),
      agencyHoursShare: ratio(agencyPaidMinutes, agencyPaidMinutes + bankPaidMinutes),
    };
  }
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
