import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Principal } from '../../core/auth/principal.js';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import type { Page } from '../../core/pagination/page.js';
import { BreachesService } from '../compliance/index.js';
import type { BreachSeverity } from '../compliance/index.js';
import type { BreachView } from '../compliance/index.js';
import type { SystemView, TrustView } from '../organisations/index.js';
import { OrganisationsService } from '../organisations/index.js';
import type {
  AgencySpendReport,
  BankFirstReport,
  CapComplianceRow,
  RateVariationRow,
  ReportQuery,
  SavingsRow,
  SavingsTotals,
} from '../reports/index.js';
import { ReportsService } from '../reports/index.js';
import { LONDON } from '../time-bands/index.js';
import type { DashboardBreachesQuery, DashboardQuery } from './dashboard.dto.js';

/** The spend by month of a trust with no shift in the window. */
const EMPTY_MONTHS: AgencySpendReport = {
  groupBy: 'month',
  items: [],
  totals: {
    key: null,
    label: 'Total',
    agencyShifts: 0,
    agencyPaidMinutes: 0,
    agencyChargePence: 0,
    bankShifts: 0,
    bankPaidMinutes: 0,
    bankPaidPence: 0,
    agencyShiftShare: null,
    agencyHoursShare: null,
  },
};

/** The default window: the last 3 months of London dates, today included. */
export function defaultWindow(now: DateTime = DateTime.now()): { from: string; to: string } {
  const today = now.setZone(LONDON).startOf('day');
  return { from: today.minus({ months: 3 }).toISODate()!, to: today.plus({ days: 1 }).toISODate()! };
}

/** Where the pages stand: the systems and trusts the key may choose from, and the chosen ones. */
export interface DashboardContext {
  systems: SystemView[];
  /** Null when no system is in the key's scope yet. */
  system: SystemView | null;
  /** The chosen system's trusts in the key's scope. */
  trusts: TrustView[];
  trust: TrustView | null;
}

export interface DashboardFilters {
  systemId: string;
  trustId?: string;
  from: string;
  to: string;
}

export interface DashboardOverview extends DashboardContext {
  filters: DashboardFilters | null;
  spendByTrust: AgencySpendReport | null;
  /** Agency spend by month, one report for each trust shown. */
  spendByMonth: { trust: TrustView; report: AgencySpendReport }[];
  capCompliance: CapComplianceRow[];
  rateVariation: RateVariationRow[];
  savings: SavingsRow[];
  savingsTotals: SavingsTotals | null;
  openBreaches: Record<BreachSeverity, number> | null;
  /** Fill suggestions per trust and week, of those raised on the window's dates (not shift dates). */
  bankFirst: BankFirstReport | null;
}

export interface DashboardBreachList extends DashboardContext {
  query: DashboardBreachesQuery;
  page: Page<BreachView>;
}

/**
 * The workforce lead's dashboard: every figure comes from the services behind the reports and
 * breaches API, called with the page's filters and the caller's key, so the page and the API
 * always agree and keep to the same scope.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly reports: ReportsService,
    private readonly breaches: BreachesService,
  ) {}

  async overview(query: DashboardQuery, actor: Principal): Promise<DashboardOverview> {
    const context = await this.context(query, actor);
    const empty = {
      filters: null,
      spendByTrust: null,
      spendByMonth: [],
      capCompliance: [],
      rateVariation: [],
      savings: [],
      savingsTotals: null,
      openBreaches: null,
      bankFirst: null,
    };
    if (!context.system) return { ...context, ...empty };
    const window = defaultWindow();
    const filters: DashboardFilters = {
      systemId: context.system.id,
      ...(context.trust ? { trustId: context.trust.id } : {}),
      from: query.from ?? window.from,
      to: query.to ?? window.to,
    };
    const report: ReportQuery = { ...filters };
    const shown = context.trust ? [context.trust] : context.trusts;
    // Side by side; a bad window fails them all with the same 400.
    const [spend, capCompliance, rateVariation, savings, openBreaches, bankFirst] = await Promise.all([
      this.reports.agencySpendByTrustAndMonth(report, actor),
      this.reports.capCompliance(report, actor),
      this.reports.rateVariation(report, actor),
      this.reports.savings(report, actor),
      this.breaches.countBySeverity({ ...filters, status: 'open' }, actor),
      this.reports.bankFirst(report, actor),
    ]);
    const spendByTrust = spend.byTrust;
    const spendByMonth = shown.map((trust) => ({ trust, report: spend.byMonth.get(trust.id) ?? EMPTY_MONTHS }));
    return {
      ...context,
      filters,
      spendByTrust,
      spendByMonth,
      capCompliance: capCompliance.items,
      rateVariation: rateVariation.items,
      savings: savings.items,
      savingsTotals: savings.totals,
      openBreaches,
      bankFirst,
    };
  }

  async breachList(query: DashboardBreachesQuery, actor: Principal): Promise<DashboardBreachList> {
    const context = await this.context(query, actor);
    if (!context.system) return { ...context, query, page: { items: [], nextCursor: null } };
    const filters = { ...query, systemId: context.system.id, limit: query.limit ?? 50 };
    return { ...context, query: filters, page: await this.breaches.list(filters, actor) };
  }

  /** The chosen system (else the first in scope, by name) and trust; 404 for one outside the key's scope. */
  private async context(query: { systemId?: string; trustId?: string }, actor: Principal): Promise<DashboardContext> {
    const systems = byName(await everyItem((cursor) => this.organisations.listSystems({ limit: 500, cursor }, actor)));
    const system = query.systemId ? await this.organisations.getSystem(query.systemId, actor) : (systems[0] ?? null);
    if (!system) return { systems, system: null, trusts: [], trust: null };
    const trusts = byName(
      await everyItem((cursor) => this.organisations.listTrusts({ systemId: system.id, limit: 500, cursor }, actor)),
    );
    let trust: TrustView | null = null;
    if (query.trustId) {
      trust = trusts.find((candidate) => candidate.id === query.trustId) ?? null;
      if (!trust) throw NotFoundError.of('trust', query.trustId);
    }
    return { systems, system, trusts, trust };
  }
}

const byName = <T extends { name: string }>(items: T[]): T[] =>
  items.sort((one, other) => one.name.localeCompare(other.name, 'en-GB'));

async function everyItem<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
