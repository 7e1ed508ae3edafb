import { stringify } from 'csv-stringify/sync';
import type { DashboardOverview } from '../dashboard/index.js';
import type { SpendRow } from '../reports/index.js';
import { monthLabel, SIGNOFF_LABELS, spendMonths, weekLabel } from './report-charts.js';
import { pounds, staffGroupName } from './words.js';

/**
 * The reports page's tables, as data: each cell keeps its exact value (pence, minutes, a ratio)
 * beside the text a person reads. The page renders them; their CSV download writes the exact
 * values under the same headings, so the two cannot disagree.
 */
export interface ReportCell {
  text: string;
  /** Pence for money, else the number itself; null for "none". The CSV's value. */
  value: number | string | null;
  kind: 'pence' | 'number' | 'text';
}

export interface ReportRow {
  /** The row's heading cell (a trust, a month, a severity). */
  header: { text: string; key?: string };
  cells: ReportCell[];
  /** Where the row's count links to (the breach list), if anywhere. */
  href?: string;
  attributes: Record<string, string>;
}

export interface ReportTable {
  /** The table's element id, and its CSV's name: `/reports/<id>.csv`. */
  id: string;
  caption: string;
  /** Column headings: the row heading first. The CSV adds the unit ("(pence)", "(minutes)"). */
  columns: { title: string; unit?: string }[];
  rows: ReportRow[];
  footer: ReportRow | null;
}

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const HOURS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

const money = (pence: number): ReportCell => ({ text: pounds(pence), value: pence, kind: 'pence' });
const count = (value: number): ReportCell => ({ text: WHOLE.format(value), value, kind: 'number' });
const hours = (minutes: number): ReportCell => ({ text: HOURS.format(minutes / 60), value: minutes, kind: 'number' });
const share = (value: number | null): ReportCell => ({
  text: value === null ? '–' : PERCENT.format(value),
  value,
  kind: 'number',
});
const ratio = (value: number | null): ReportCell => ({
  text: value === null ? '–' : `${value.toFixed(2)}×`,
  value,
  kind: 'number',
});
const words = (text: string): ReportCell => ({ text, value: text, kind: 'text' });

function spendCells(row: SpendRow): ReportCell[] {
  return [
    count(row.agencyShifts),
    hours(row.agencyPaidMinutes),
    money(row.agencyChargePence),
    count(row.bankShifts),
    hours(row.bankPaidMinutes),
    money(row.bankPaidPence),
    share(row.agencyShiftShare),
    share(row.agencyHoursShare),
  ];
}

function spendByTrust(overview: DashboardOverview): ReportTable {
  const spend = overview.spendByTrust!;
  return {
    id: 'table-spend-by-trust',
    caption: 'Agency and bank shifts, hours and money by trust',
    columns: [
      { title: 'Trust' },
      { title: 'Agency shifts' },
      { title: 'Agency hours', unit: 'minutes' },
      { title: 'Agency charges', unit: 'pence' },
      { title: 'Bank shifts' },
      { title: 'Bank hours', unit: 'minutes' },
      { title: 'Bank pay', unit: 'pence' },
      { title: 'Agency share of shifts' },
      { title: 'Agency share of hours' },
    ],
    rows: spend.items.map((row) => ({
      header: { text: row.label, key: row.key ?? '' },
      cells: spendCells(row),
      attributes: {},
    })),
    footer: { header: { text: 'Total' }, cells: spendCells(spend.totals), attributes: {} },
  };
}

function spendByMonth(overview: DashboardOverview): ReportTable {
  const months = spendMonths(overview);
  const charge = (report: DashboardOverview['spendByMonth'][number]['report'], month: string) =>
    report.items.find((item) => item.key === month)?.agencyChargePence ?? 0;
  return {
    id: 'table-spend-by-month',
    caption: 'Agency charges by month and trust',
    columns: [
      { title: 'Month' },
      ...overview.spendByMonth.map(({ trust }) => ({ title: trust.name, unit: 'pence' })),
      { title: 'All shown', unit: 'pence' },
    ],
    rows: months.map((month) => ({
      header: { text: monthLabel(month), key: month },
      cells: [
        ...overview.spendByMonth.map(({ report }) => money(charge(report, month))),
        money(overview.spendByMonth.reduce((sum, { report }) => sum + charge(report, month), 0)),
      ],
      attributes: { 'data-month': month },
    })),
    footer: null,
  };
}

function capCompliance(overview: DashboardOverview): ReportTable {
  const levels = Object.keys(SIGNOFF_LABELS);
  return {
    id: 'table-cap-compliance',
    caption: 'Agency shifts within and over the national cap, by trust and staff group',
    columns: [
      { title: 'Trust' },
      { title: 'Staff group' },
      { title: 'Agency shifts' },
      { title: 'Within the cap' },
      { title: 'Share within' },
      ...levels.flatMap((level) => [
        { title: `Over the cap, ${SIGNOFF_LABELS[level]!.toLowerCase()} sign-off: shifts` },
        { title: `Over the cap, ${SIGNOFF_LABELS[level]!.toLowerCase()} sign-off: amount over`, unit: 'pence' },
      ]),
      { title: 'Off-framework shifts' },
    ],
    rows: overview.capCompliance.map((row) => ({
      header: { text: row.trustName },
      cells: [
        words(staffGroupName(row.staffGroup)),
        count(row.agencyShifts),
        count(row.withinNationalCap),
        share(row.shareWithinNationalCap),
        ...levels.flatMap((level) => {
          const over = row.overCap[level] ?? { shifts: 0, amountPence: 0 };
          return [count(over.shifts), money(over.amountPence)];
        }),
        count(row.offFrameworkShifts),
      ],
      attributes: { 'data-trust-id': row.trustId, 'data-staff-group': row.staffGroup },
    })),
    footer: null,
  };
}

function rateVariation(overview: DashboardOverview): ReportTable {
  return {
    id: 'table-rate-variation',
    caption: 'Charge ÷ agreed cost by trust and staff group',
    columns: [
      { title: 'Trust' },
      { title: 'Staff group' },
      { title: 'Bank shifts' },
      { title: 'Bank median' },
      { title: 'Bank 90th percentile' },
      { title: 'Agency shifts' },
      { title: 'Agency median' },
      { title: 'Agency 90th percentile' },
    ],
    rows: overview.rateVariation.map((row) => ({
      header: { text: row.trustName },
      cells: [
        words(staffGroupName(row.staffGroup)),
        count(row.bank.shifts),
        ratio(row.bank.median),
        ratio(row.bank.p90),
        count(row.agency.shifts),
        ratio(row.agency.median),
        ratio(row.agency.p90),
      ],
      attributes: { 'data-trust-id': row.trustId, 'data-staff-group': row.staffGroup },
    })),
    footer: null,
  };
}

function openBreaches(overview: DashboardOverview, breachLink: (severity?: string) => string): ReportTable {
  const open = overview.openBreaches!;
  const severities = (['critical', 'high', 'medium', 'low'] as const).filter((severity) => severity in open);
  const total = severities.reduce((sum, severity) => sum + open[severity], 0);
  return {
    id: 'table-open-breaches',
    caption: 'Open breaches by severity',
    columns: [{ title: 'Severity' }, { title: 'Open breaches' }],
    rows: severities.map((severity) => ({
      header: { text: severity[0]!.toUpperCase() + severity.slice(1) },
      cells: [count(open[severity])],
      href: breachLink(severity),
      attributes: { 'data-severity': severity },
    })),
    footer: { header: { text: 'All' }, cells: [count(total)], href: breachLink(), attributes: {} },
  };
}

function savings(overview: DashboardOverview): ReportTable {
  const totals = overview.savingsTotals!;
  const cells = (row: typeof totals) => [
    money(row.overCardPence),
    money(row.overSystemCapPence),
    money(row.harmonisationPence),
    money(row.bankFirstPence),
  ];
  return {
    id: 'table-savings',
    caption: 'Savings by trust',
    columns: [
      { title: 'Trust' },
      { title: 'Bank pay over the card', unit: 'pence' },
      { title: 'Agency charges over the system cap', unit: 'pence' },
      { title: 'Harmonisation savings', unit: 'pence' },
      { title: 'Bank first instead of agency', unit: 'pence' },
    ],
    rows: overview.savings.map((row) => ({
      header: { text: row.trustName },
      cells: cells(row),
      attributes: { 'data-trust-id': row.trustId },
    })),
    footer: { header: { text: 'Total' }, cells: cells(totals), attributes: {} },
  };
}

function bankFirst(overview: DashboardOverview): ReportTable {
  const report = overview.bankFirst!;
  const cells = (row: typeof report.totals) => [
    count(row.raised),
    count(row.acted),
    count(row.expired),
    count(row.open),
    money(row.savingRealisedPence),
  ];
  return {
    id: 'table-bank-first',
    caption: 'Fill suggestions by trust and week raised, and the saving realised',
    columns: [
      { title: 'Trust' },
      { title: 'Week beginning' },
      { title: 'Raised' },
      { title: 'Acted on' },
      { title: 'Expired' },
      { title: 'Still open' },
      { title: 'Saving realised', unit: 'pence' },
    ],
    rows: report.items.map((row) => ({
      header: { text: row.trustName, key: row.trustId },
      // The page names the week by its Monday; the CSV keeps the ISO week.
      cells: [{ text: `${weekLabel(row.weekStart)} (${row.week})`, value: row.week, kind: 'text' }, ...cells(row)],
      attributes: { 'data-trust-id': row.trustId, 'data-week': row.week },
    })),
    footer: { header: { text: 'Total' }, cells: [words(''), ...cells(report.totals)], attributes: {} },
  };
}

/** Every table of the reports page, by id; null when no system is in scope. */
export function reportTables(
  overview: DashboardOverview,
  breachLink: (severity?: string) => string,
): Record<string, ReportTable> | null {
  if (!overview.filters) return null;
  const tables = [
    spendByTrust(overview),
    spendByMonth(overview),
    capCompliance(overview),
    rateVariation(overview),
    openBreaches(overview, breachLink),
    savings(overview),
    bankFirst(overview),
  ];
  return Object.fromEntries(tables.map((table) => [table.id, table]));
}

/** The names the CSV downloads answer to: `/reports/spend-by-trust.csv` is table `table-spend-by-trust`. */
export const csvName = (table: ReportTable): string => table.id.replace(/^table-/, '');

/**
 * A table as CSV: the headings with their units, then the exact values (pence, minutes, ratios),
 * totals last. Cells that a spreadsheet would take for a formula are escaped.
 */
export function tableCsv(table: ReportTable): string {
  const heading = table.columns.map((column) => (column.unit ? `${column.title} (${column.unit})` : column.title));
  const line = (row: ReportRow) => [row.header.text, ...row.cells.map((cell) => cell.value ?? '')];
  const rows = [...table.rows, ...(table.footer ? [table.footer] : [])].map(line);
  return stringify([heading, ...rows], { escape_formulas: true });
}
