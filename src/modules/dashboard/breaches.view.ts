import { BREACH_RULES, BREACH_SEVERITIES, BREACH_STATUSES } from '../compliance/index.js';
import { SIGNOFF_LABELS } from './dashboard-charts.js';
import {
  DASHBOARD_ROUTE,
  dateText,
  instantText,
  navigation,
  organisationFields,
  page,
  selectField,
  windowFields,
} from './dashboard-layout.js';
import type { DashboardBreachList } from './dashboard.service.js';
import { html, pageUrl, penceCell, type SafeHtml } from './html.js';

const capitalised = (text: string): string => text[0]!.toUpperCase() + text.slice(1);

/** A page of breaches with the API's filters, newest shifts first, and a link to the next page. */
export function breachesPage(list: DashboardBreachList): string {
  const { query } = list;
  const filters = {
    systemId: query.systemId,
    trustId: query.trustId,
    rule: query.rule,
    severity: query.severity,
    status: query.status,
    from: query.from,
    to: query.to,
  };
  const trustNames = new Map(list.trusts.map((trust) => [trust.id, trust.name]));
  const form = filtersForm(list);
  const rows = list.page.items.map((breach) => breachRow(breach, trustNames));
  const apiQuery = { ...filters, limit: query.limit, cursor: query.cursor };
  const next = list.page.nextCursor
    ? html`<a href="${pageUrl(`${DASHBOARD_ROUTE}/breaches`, { ...apiQuery, cursor: list.page.nextCursor })}" rel="next"
        >Next page</a
      >`
    : '';
  const first = query.cursor
    ? html`<a href="${pageUrl(`${DASHBOARD_ROUTE}/breaches`, { ...filters, limit: query.limit })}">First page</a>`
    : '';
  const heading = list.system
    ? html`<p class="lede">${list.system.name}, ${list.trust?.name ?? 'all trusts'}: newest shifts first.</p>`
    : html`<p>No system is in this key’s scope yet.</p>`;
  return page(
    'Breaches',
    html`<h1>Breaches</h1>
      ${heading} ${form} ${breachesTable(rows, query.cursor !== undefined)}
      <p class="pager">${first} ${next}</p>
      <p class="hint">
        The same list from the API, with a bearer key: <code>GET ${pageUrl('/api/v1/breaches', apiQuery)}</code>
      </p>`,
    { nav: navigation('breaches', { ...filters }) },
  );
}

function filtersForm(list: DashboardBreachList): SafeHtml {
  const { query } = list;
  const any = (text: string) => [{ value: '', text }];
  return html`<form class="filters" method="get" action="${DASHBOARD_ROUTE}/breaches" aria-labelledby="filters-heading">
    <h2 id="filters-heading" class="visually-hidden">Filters</h2>
    ${organisationFields(list)}
    ${selectField('severity', 'Severity', [...any('Any severity'), ...[...BREACH_SEVERITIES].reverse().map((value) => ({ value, text: capitalised(value) }))], query.severity)}
    ${selectField('status', 'Status', [...any('Any status'), ...BREACH_STATUSES.map((value) => ({ value, text: capitalised(value) }))], query.status)}
    ${selectField('rule', 'Rule', [...any('Any rule'), ...BREACH_RULES.map((value) => ({ value, text: value }))], query.rule)}
    ${windowFields(query.from, query.to)}
    <div class="field field--submit"><button type="submit">Show breaches</button></div>
  </form>`;
}

type BreachItem = DashboardBreachList['page']['items'][number];

const breachRow = (breach: BreachItem, trustNames: Map<string, string>): SafeHtml =>
  html`<tr data-breach-id="${breach.id}">
    <td>${dateText(breach.localStartDate)}</td>
    <td>${trustNames.get(breach.trustId) ?? breach.trustId}</td>
    <td>${breach.rule}</td>
    <td><span class="severity severity--${breach.severity}">${capitalised(breach.severity)}</span></td>
    <td>${capitalised(breach.status)}</td>
    ${penceCell(breach.amountPence)}${penceCell(breach.chargePence)}
    <td>${breach.signoffLevel ? SIGNOFF_LABELS[breach.signoffLevel] : '–'}</td>
    <td>${instantText(breach.detectedAt)}</td>
    <td><code>${breach.id}</code></td>
  </tr>`;

function breachesTable(rows: SafeHtml[], continued: boolean): SafeHtml {
  if (rows.length === 0) return html`<p class="empty" id="no-breaches">No breach matches these filters.</p>`;
  return html`<div class="table-scroll">
    <table id="table-breaches">
      <caption>
        Breaches${continued ? ' (continued)' : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Shift date</th>
          <th scope="col">Trust</th>
          <th scope="col">Rule</th>
          <th scope="col">Severity</th>
          <th scope="col">Status</th>
          <th scope="col">Amount</th>
          <th scope="col">Charge</th>
          <th scope="col">Sign-off needed</th>
          <th scope="col">Detected</th>
          <th scope="col">Breach id</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
