import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { coversSystem, coversTrust, type Principal, trustScope } from '../../core/auth/principal.js';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { System } from '../organisations/index.js';
import { addDays, daysBetween } from '../time-bands/index.js';
import { SIGNOFF_LEVELS } from '../../core/auth/api-key.entity.js';
import type {
  AgencySpendQuery,
  BankFirstReport,
  AgencySpendReport,
  CapComplianceReport,
  InvoiceDisputesReport,
  CapComplianceRow,
  RateVariationReport,
  RatioSpread,
  ReportQuery,
  SavingsReport,
  SpendGroup,
  SpendRow,
  WeeklyReturnQuery,
} from './reports.dto.js';
import { type AgencySubmissionsReport, agencySubmissionsReport } from './agency-submissions.report.js';
import { bankFirstReport } from './bank-first.report.js';
import { invoiceDisputesReport } from './invoice-disputes.report.js';
import { COSTED_SCOPE, ratio, SCOPED } from './reports-sql.js';
import { isoWeekMonday, weeklyReturnCsv } from './weekly-return.report.js';

const MAX_REPORT_DAYS = 800;

/**
 * The workforce lead's reports (docs/rules.md section 11): every figure an SQL aggregate over the
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

  async capCompliance(query: ReportQuery, actor: Principal): Promise<CapComplianceReport> {
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
              ${SIGNOFF_LEVELS.map(
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
    const items: CapComplianceRow[] = rows.map((row) => {
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
          SIGNOFF_LEVELS.map((level) => [
            level,
            { shifts: Number(row[`${level}_shifts`]), amountPence: Number(row[`${level}_amount`]) },
          ]),
        ),
        offFrameworkShifts: Number(row.offFrameworkShifts),
      };
    });
    const sum = (value: (row: CapComplianceRow) => number) => items.reduce((total, row) => total + value(row), 0);
    const agencyShifts = sum((row) => row.agencyShifts);
    const withinNationalCap = sum((row) => row.withinNationalCap);
    const totals = {
      agencyShifts,
      withinNationalCap,
      shareWithinNationalCap: ratio(withinNationalCap, agencyShifts),
      overCap: Object.fromEntries(
        SIGNOFF_LEVELS.map((level) => [
          level,
          {
            shifts: sum((row) => row.overCap[level]!.shifts),
            amountPence: sum((row) => row.overCap[level]!.amountPence),
          },
        ]),
      ),
      offFrameworkShifts: sum((row) => row.offFrameworkShifts),
    };
    return { items, totals };
  }

  /**
   * Who pays more for the same work: per trust and staff group, and over the whole scope (the
   * totals), the median and 90th percentile of charge ÷ card cost (bank) and charge ÷ system cap
   * cost (agency), costed like the compliance engine costs them.
   */
  async rateVariation(query: ReportQuery, actor: Principal): Promise<RateVariationReport> {
    const parameters = await this.scope(query, actor);
    // One sort per trust, staff group and type gives both percentiles.
    const percentiles = (type: string, cost: string) =>
      `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY bc.charge_pence::numeric / bc.${cost})
         FILTER (WHERE bc.type = '${type}' AND bc.${cost} > 0)`;
    // The empty grouping set is the totals row: its percentiles are over every shift of the scope.
    const rows = (await this.dataSource.query(
      `SELECT trust_id AS "trustId", trust_name AS "trustName", staff_group AS "staffGroup", total,
              "bankShifts", round(bank[1]::numeric, 4) AS "bankMedian", round(bank[2]::numeric, 4) AS "bankP90",
              "agencyShifts", round(agency[1]::numeric, 4) AS "agencyMedian", round(agency[2]::numeric, 4) AS "agencyP90"
         FROM (SELECT bc.trust_id, t.name AS trust_name, bc.staff_group, GROUPING(bc.trust_id) = 1 AS total,
                      count(*) FILTER (WHERE bc.type = 'bank' AND bc.card_cost_pence > 0)::int AS "bankShifts",
                      ${percentiles('bank', 'card_cost_pence')} AS bank,
                      count(*) FILTER (WHERE bc.type = 'agency' AND bc.system_cap_cost_pence > 0)::int AS "agencyShifts",
                      ${percentiles('agency', 'system_cap_cost_pence')} AS agency
                 FROM booking_costs bc JOIN trusts t ON t.id = bc.trust_id
                WHERE ${COSTED_SCOPE}
                GROUP BY GROUPING SETS ((bc.trust_id, t.name, bc.staff_group), ())) grouped
        ORDER BY total, 2, 3`,
      parameters,
    )) as Record<string, string | number | boolean | null>[];
    const decimal = (value: unknown) => (value === null ? null : Number(value));
    const spread = (row: Record<string, unknown>, type: 'bank' | 'agency'): RatioSpread => ({
      shifts: Number(row[`${type}Shifts`]),
      median: decimal(row[`${type}Median`]),
      p90: decimal(row[`${type}P90`]),
    });
    const totalsRow = rows.find((row) => row.total === true)!;
    const items = rows
      .filter((row) => row.total !== true)
      .map((row) => ({
        trustId: String(row.trustId),
        trustName: String(row.trustName),
        staffGroup: String(row.staffGroup),
        bank: spread(row, 'bank'),
        agency: spread(row, 'agency'),
      }));
    return { items, totals: { bank: spread(totalsRow, 'bank'), agency: spread(totalsRow, 'agency') } };
  }

  async savings(query: ReportQuery, actor: Principal): Promise<SavingsReport> {
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
    const amounts = (overCardPence: number, overSystemCapPence: number, bankFirstPence: number) => ({
      overCardPence,
      overSystemCapPence,
      bankFirstPence,
      harmonisationPence: overCardPence + overSystemCapPence,
    });
    const items = rows.map((row) => ({
      trustId: row.trustId!,
      trustName: row.trustName!,
      ...amounts(Number(row.overCardPence), Number(row.overSystemCapPence), Number(row.bankFirstPence)),
    }));
    const sum = (field: 'overCardPence' | 'overSystemCapPence' | 'bankFirstPence') =>
      items.reduce((total, row) => total + row[field], 0);
    return { items, totals: amounts(sum('overCardPence'), sum('overSystemCapPence'), sum('bankFirstPence')) };
  }

  /**
   * Fill suggestions raised, acted on and expired, and the saving realised, per trust and ISO week
   * of raising (bank-first.report.ts); the window is of London dates of raising, not of shifts.
   */
  async agencySubmissions(query: ReportQuery, actor: Principal): Promise<AgencySubmissionsReport> {
    return agencySubmissionsReport(this.dataSource, await this.scope(query, actor));
  }

  async bankFirst(query: ReportQuery, actor: Principal): Promise<BankFirstReport> {
    return bankFirstReport(this.dataSource, await this.scope(query, actor));
  }

  /** Agency invoices per agency and month of issue (invoice-disputes.report.ts); the window is of issue dates. */
  async invoiceDisputes(query: ReportQuery, actor: Principal): Promise<InvoiceDisputesReport> {
    return invoiceDisputesReport(this.dataSource, await this.scope(query, actor));
  }

  /** The weekly return to NHS England (weekly-return.report.ts), as CSV. */
  async weeklyReturn(query: WeeklyReturnQuery, actor: Principal): Promise<{ filename: string; body: string }> {
    const monday = isoWeekMonday(query.week);
    if (!monday) throw new InvalidInputError('No such ISO week', [{ field: 'week', message: 'no such ISO week' }]);
    const parameters = await this.scope({ systemId: query.systemId, from: monday, to: addDays(monday, 7) }, actor);
    return {
      filename: `weekly-return-${query.week}.csv`,
      body: await weeklyReturnCsv(this.dataSource, query.week, parameters),
    };
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
