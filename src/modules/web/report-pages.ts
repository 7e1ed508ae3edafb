import type { Request, RequestHandler, Response, Router } from 'express';
import { DateTime } from 'luxon';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { DashboardQuery, DashboardService, type DashboardOverview } from '../dashboard/index.js';
import { ReportsService, WeeklyReturnQuery } from '../reports/index.js';
import { addDays, LONDON } from '../time-bands/index.js';
import { type PageRequest, show } from './page-context.js';
import { overviewCharts } from './report-charts.js';
import { csvName, type ReportTable, reportTables, tableCsv } from './report-tables.js';
import { londonDateText } from './words.js';

export interface ReportPageServices {
  dashboard: DashboardService;
  reports: ReportsService;
}

/** A path with its query, leaving out empty values. */
export function pageUrl(path: string, query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The system and trust choices of a filter form, the chosen ones selected. */
export function organisationChoices(context: Pick<DashboardOverview, 'systems' | 'system' | 'trusts' | 'trust'>) {
  return {
    systems: context.systems.map((system) => ({
      value: system.id,
      text: system.name,
      selected: system.id === context.system?.id,
    })),
    trusts: [
      { value: '', text: 'All trusts' },
      ...context.trusts.map((trust) => ({
        value: trust.id,
        text: trust.name,
        selected: trust.id === context.trust?.id,
      })),
    ],
  };
}

/** Last week (Monday to Sunday, London), as an ISO week: the weekly return most often wanted. */
const lastWeek = (): string => DateTime.now().setZone(LONDON).minus({ weeks: 1 }).toFormat("kkkk-'W'WW");

/**
 * The workforce lead's reports (what was the dashboard): agency spend, cap compliance, rate
 * variation, open breaches and savings for a system and window, as charts and tables, each table
 * downloadable as CSV, and the weekly return. The figures are the reports API's, in the person's
 * scope.
 */
export function reportPages(router: Router, services: ReportPageServices, access: RequestHandler) {
  const overviewOf = async (request: PageRequest) => {
    const query = await validateInput(DashboardQuery, request.query);
    const overview = await services.dashboard.overview(query, request.principal!);
    const breachLink = (severity?: string) =>
      pageUrl('/breaches', { ...overview.filters, ...(severity ? { severity } : {}), status: 'open' });
    return { overview, tables: reportTables(overview, breachLink) };
  };

  router.get('/reports', access, async (request: PageRequest, response: Response) => {
    const { overview, tables } = await overviewOf(request);
    const filters = overview.filters;
    const csvHref = (table: ReportTable) => pageUrl(`/reports/${csvName(table)}.csv`, { ...filters });
    show(request, response, 'reports.njk', {
      title: 'Reports',
      overview,
      choices: organisationChoices(overview),
      from: filters?.from,
      to: filters?.to,
      window: filters ? `${londonDateText(filters.from)} to ${londonDateText(addDays(filters.to, -1))}` : null,
      tables,
      csv: tables ? Object.fromEntries(Object.values(tables).map((table) => [table.id, csvHref(table)])) : {},
      charts: filters ? overviewCharts(overview) : null,
      openTotal: tables ? tables['table-open-breaches']!.footer!.cells[0]!.value : 0,
      week: lastWeek(),
    });
  });

  router.get('/reports/weekly-return.csv', access, async (request: PageRequest, response: Response) => {
    const { filename, body } = await services.reports.weeklyReturn(
      await validateInput(WeeklyReturnQuery, request.query),
      request.principal!,
    );
    sendCsv(response, filename, body);
  });

  router.get('/reports/:name.csv', access, async (request: PageRequest, response: Response) => {
    const name = String(request.params.name);
    const { overview, tables } = await overviewOf(request);
    const table = Object.values(tables ?? {}).find((candidate) => csvName(candidate) === name);
    if (!table || !overview.filters) throw new NotFoundError(`There is no report called ${name}`);
    const { from, to } = overview.filters;
    const place = overview.trust ? overview.trust.name : overview.system!.name;
    sendCsv(response, `${name}-${slug(place)}-${from}-to-${to}.csv`, tableCsv(table));
  });

  // The dashboard's old addresses, bookmarked by leads, now lead to these pages.
  const moved = (to: string) => (request: Request, response: Response) =>
    response.redirect(301, `${to}${request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''}`);
  router.get('/dashboard', moved('/reports'));
  router.get('/dashboard/breaches', moved('/breaches'));
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function sendCsv(response: Response, filename: string, body: string): void {
  response.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  });
  response.send(body);
}
