import { BREACH_SEVERITIES } from '../compliance/index.js';
import type { DashboardOverview } from '../dashboard/index.js';
import { staffGroupName } from './words.js';

/**
 * What the page's script hands to Chart.js: bars, with values in the reports' own units (money in
 * pence, ratios as the API gives them), formatted for people only when drawn.
 */
export interface ChartSpec {
  unit: 'pence' | 'ratio' | 'shifts' | 'breaches';
  /** The value axis' title. */
  axisTitle: string;
  stacked: boolean;
  /** Bars along the x axis, one category per row: for long labels. */
  horizontal: boolean;
  labels: string[];
  /** A colour for the whole dataset, or one for each bar. */
  datasets: { label: string; data: (number | null)[]; color: string | string[]; stack?: string }[];
}

/**
 * Colours that keep at least 3:1 against white (WCAG 1.4.11) and stay apart for the common
 * colour-vision deficiencies (after Okabe and Ito, darkened).
 */
export const PALETTE = ['#005eb8', '#c2410c', '#007a5e', '#a1467e', '#8a6200', '#5b4b9a', '#3f3f3f'];
export const SEVERITY_COLOURS: Record<string, string> = {
  critical: '#8a1538',
  high: '#c2410c',
  medium: '#8a6200',
  low: '#005eb8',
};

export const colour = (index: number): string => PALETTE[index % PALETTE.length]!;

/** `2025-06` as "Jun 2025". */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, number! - 1, 1)),
  );
}

/** The Monday `2025-03-31` as "31 Mar 2025": a week as the bank-first table and chart name it. */
export function weekLabel(weekStart: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${weekStart}T00:00:00Z`),
  );
}

/** The weeks (their Mondays) with a fill suggestion of the trusts shown, in order. */
export const bankFirstWeeks = (overview: DashboardOverview): string[] =>
  [...new Set((overview.bankFirst?.items ?? []).map((row) => row.weekStart))].sort();

export const SIGNOFF_LABELS: Record<string, string> = {
  senior_manager: 'Senior manager',
  executive: 'Executive',
  chief_executive: 'Chief executive',
};

export const rowLabel = (row: { trustName: string; staffGroup: string }): string =>
  `${row.trustName} · ${staffGroupName(row.staffGroup)}`;

/** The months (YYYY-MM) with any shift of the trusts shown, in order. */
export const spendMonths = (overview: DashboardOverview): string[] =>
  [...new Set(overview.spendByMonth.flatMap(({ report }) => report.items.map((item) => item.key ?? '')))].sort();

/** The charts of the overview, keyed by the id of their canvas. */
export function overviewCharts(overview: DashboardOverview): Record<string, ChartSpec> {
  return {
    'chart-spend-by-month': spendByMonthChart(overview),
    'chart-cap-compliance': capComplianceChart(overview),
    'chart-rate-variation': rateVariationChart(overview),
    'chart-open-breaches': openBreachesChart(overview),
    'chart-savings': savingsChart(overview),
    'chart-bank-first': bankFirstChart(overview),
  };
}

function spendByMonthChart(overview: DashboardOverview): ChartSpec {
  const months = spendMonths(overview);
  return {
    unit: 'pence',
    axisTitle: 'Agency charges',
    stacked: true,
    horizontal: false,
    labels: months.map(monthLabel),
    datasets: overview.spendByMonth.map(({ trust, report }, index) => {
      const byMonth = new Map(report.items.map((item) => [item.key, item.agencyChargePence]));
      return { label: trust.name, data: months.map((month) => byMonth.get(month) ?? 0), color: colour(index) };
    }),
  };
}

function capComplianceChart(overview: DashboardOverview): ChartSpec {
  const levels = Object.keys(SIGNOFF_LABELS);
  return {
    unit: 'shifts',
    axisTitle: 'Agency shifts',
    stacked: true,
    horizontal: true,
    labels: overview.capCompliance.map(rowLabel),
    datasets: [
      {
        label: 'Within the national cap',
        data: overview.capCompliance.map((row) => row.withinNationalCap),
        color: PALETTE[2]!,
      },
      ...levels.map((level, index) => ({
        label: `Over the cap: ${SIGNOFF_LABELS[level]!.toLowerCase()} sign-off`,
        data: overview.capCompliance.map((row) => row.overCap[level]?.shifts ?? 0),
        color: [PALETTE[4]!, PALETTE[1]!, SEVERITY_COLOURS.critical!][index]!,
      })),
    ],
  };
}

function rateVariationChart(overview: DashboardOverview): ChartSpec {
  return {
    unit: 'ratio',
    axisTitle: 'Charge ÷ agreed cost',
    stacked: false,
    horizontal: true,
    labels: overview.rateVariation.map(rowLabel),
    datasets: [
      { label: 'Bank median', data: overview.rateVariation.map((row) => row.bank.median), color: PALETTE[0]! },
      { label: 'Bank 90th percentile', data: overview.rateVariation.map((row) => row.bank.p90), color: '#4a8ed0' },
      { label: 'Agency median', data: overview.rateVariation.map((row) => row.agency.median), color: PALETTE[1]! },
      {
        label: 'Agency 90th percentile',
        data: overview.rateVariation.map((row) => row.agency.p90),
        color: '#8a2d06',
      },
    ],
  };
}

function openBreachesChart(overview: DashboardOverview): ChartSpec {
  return {
    unit: 'breaches',
    axisTitle: 'Open breaches',
    stacked: false,
    horizontal: false,
    labels: [...BREACH_SEVERITIES].reverse().map((severity) => severity[0]!.toUpperCase() + severity.slice(1)),
    datasets: [
      {
        label: 'Open breaches',
        data: [...BREACH_SEVERITIES].reverse().map((severity) => overview.openBreaches?.[severity] ?? 0),
        color: [...BREACH_SEVERITIES].reverse().map((severity) => SEVERITY_COLOURS[severity]!),
      },
    ],
  };
}

function savingsChart(overview: DashboardOverview): ChartSpec {
  return {
    unit: 'pence',
    axisTitle: 'Would have been saved',
    stacked: true,
    horizontal: false,
    labels: overview.savings.map((row) => row.trustName),
    datasets: [
      {
        label: 'Bank pay over the card',
        data: overview.savings.map((row) => row.overCardPence),
        color: PALETTE[0]!,
        stack: 'harmonisation',
      },
      {
        label: 'Agency charges over the system cap',
        data: overview.savings.map((row) => row.overSystemCapPence),
        color: PALETTE[1]!,
        stack: 'harmonisation',
      },
      {
        label: 'Bank first instead of agency',
        data: overview.savings.map((row) => row.bankFirstPence),
        color: PALETTE[2]!,
        stack: 'bank-first',
      },
    ],
  };
}

/** Saving realised by week of raising, one colour per trust (stacked). */
function bankFirstChart(overview: DashboardOverview): ChartSpec {
  const weeks = bankFirstWeeks(overview);
  const rows = overview.bankFirst?.items ?? [];
  const trusts = [...new Map(rows.map((row) => [row.trustId, row.trustName])).entries()];
  return {
    unit: 'pence',
    axisTitle: 'Saving realised',
    stacked: true,
    horizontal: false,
    labels: weeks.map((week) => `w/c ${weekLabel(week)}`),
    datasets: trusts.map(([trustId, trustName], index) => {
      const byWeek = new Map(
        rows.filter((row) => row.trustId === trustId).map((row) => [row.weekStart, row.savingRealisedPence]),
      );
      return { label: trustName, data: weeks.map((week) => byWeek.get(week) ?? 0), color: colour(index) };
    }),
  };
}
