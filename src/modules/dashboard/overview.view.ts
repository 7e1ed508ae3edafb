import { BREACH_SEVERITIES } from '../compliance/index.js';
import type { SpendRow } from '../reports/index.js';
import { type ChartSpec, monthLabel, overviewCharts, SIGNOFF_LABELS, spendMonths } from './dashboard-charts.js';
import {
  ASSETS_ROUTE,
  DASHBOARD_ROUTE,
  navigation,
  organisationFields,
  page,
  windowFields,
  windowText,
} from './dashboard-layout.js';
import type { DashboardOverview } from './dashboard.service.js';
import {
  count,
  hours,
  html,
  jsonScript,
  numberCell,
  pageUrl,
  penceCell,
  percent,
  pounds,
  ratio,
  type SafeHtml,
} from './html.js';

/** A chart drawn by the page's script from the JSON beside it, and the sentence that says what it shows. */
function chart(id: string, spec: ChartSpec, description: string): SafeHtml {
  if (spec.labels.length === 0) return html`<p class="empty">Nothing to show in this window.</p>`;
  return html`<figure class="chart">
    <div class="chart-box${spec.horizontal ? ' chart-box--rows' : ''}" data-rows="${spec.labels.length}">
      <canvas id="${id}" role="img" aria-label="${description} The figures are in the table below."></canvas>
    </div>
    <figcaption>${description}</figcaption>
  </figure>`;
}

/** A table that repeats a chart's figures, folded away under its summary until asked for. */
function figures(summary: string, table: SafeHtml): SafeHtml {
  return html`<details class="figures">
    <summary>${summary}</summary>
    <div class="table-scroll">${table}</div>
  </details>`;
}

function spendTableRow(row: SpendRow, header: SafeHtml): SafeHtml {
  return html`<tr>
    ${header} ${numberCell(count(row.agencyShifts), row.agencyShifts)}
    ${numberCell(hours(row.agencyPaidMinutes), row.agencyPaidMinutes)} ${penceCell(row.agencyChargePence)}
    ${numberCell(count(row.bankShifts), row.bankShifts)} ${numberCell(hours(row.bankPaidMinutes), row.bankPaidMinutes)}
    ${penceCell(row.bankPaidPence)} ${numberCell(percent(row.agencyShiftShare), row.agencyShiftShare)}
    ${numberCell(percent(row.agencyHoursShare), row.agencyHoursShare)}
  </tr>`;
}

function spendSection(overview: DashboardOverview, charts: Record<string, ChartSpec>): SafeHtml {
  const spend = overview.spendByTrust!;
  const months = charts['chart-spend-by-month']!;
  const monthKeys = spendMonths(overview);
  const monthTotals = monthKeys.map((month) =>
    overview.spendByMonth.reduce(
      (sum, { report }) => sum + (report.items.find((item) => item.key === month)?.agencyChargePence ?? 0),
      0,
    ),
  );
  return html`<section aria-labelledby="spend-heading" id="spend">
    <h2 id="spend-heading">Agency spend by month and trust</h2>
    <p>Agency charges (timesheet amounts, else booked costs, excluding VAT) of shifts starting in the window.</p>
    ${chart('chart-spend-by-month', months, 'Stacked bar chart of agency charges by month, one colour for each trust.')}
    ${
      monthKeys.length === 0
        ? ''
        : figures(
            'The chart’s figures as a table',
            html`<table id="table-spend-by-month">
              <caption>
                Agency charges by month and trust
              </caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  ${overview.spendByMonth.map(({ trust }) => html`<th scope="col">${trust.name}</th>`)}
                  <th scope="col">All shown</th>
                </tr>
              </thead>
              <tbody>
                ${monthKeys.map(
                  (month, index) =>
                    html`<tr data-month="${month}">
                      <th scope="row">${monthLabel(month)}</th>
                      ${overview.spendByMonth.map(({ report }) =>
                        penceCell(report.items.find((item) => item.key === month)?.agencyChargePence ?? 0),
                      )}${penceCell(monthTotals[index]!)}
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
    <div class="table-scroll">
      <table id="table-spend-by-trust">
        <caption>
          Agency and bank shifts, hours and money by trust
        </caption>
        <thead>
          <tr>
            <th scope="col">Trust</th>
            <th scope="col">Agency shifts</th>
            <th scope="col">Agency hours</th>
            <th scope="col">Agency charges</th>
            <th scope="col">Bank shifts</th>
            <th scope="col">Bank hours</th>
            <th scope="col">Bank pay</th>
            <th scope="col">Agency share of shifts</th>
            <th scope="col">Agency share of hours</th>
          </tr>
        </thead>
        <tbody>
          ${spend.items.map((row) => spendTableRow(row, html`<th scope="row" data-key="${row.key ?? ''}">${row.label}</th>`))}
        </tbody>
        <tfoot>
          ${spendTableRow(spend.totals, html`<th scope="row">Total</th>`)}
        </tfoot>
      </table>
    </div>
  </section>`;
}

function capSection(overview: DashboardOverview, charts: Record<string, ChartSpec>): SafeHtml {
  const levels = Object.keys(SIGNOFF_LABELS);
  return html`<section aria-labelledby="cap-heading" id="cap-compliance">
    <h2 id="cap-heading">Cap compliance</h2>
    <p>
      Agency shifts charged within the national price cap, and those over it by the sign-off the charge needs (from the
      breaches the nightly compliance run keeps).
    </p>
    ${chart('chart-cap-compliance', charts['chart-cap-compliance']!, 'Stacked bar chart of agency shifts within and over the national cap, for each trust and staff group.')}
    ${
      overview.capCompliance.length === 0
        ? ''
        : figures(
            'All the figures as a table, with the amounts over the cap',
            html`<table id="table-cap-compliance">
              <caption>
                Agency shifts within and over the national cap, by trust and staff group
              </caption>
              <thead>
                <tr>
                  <th scope="col" rowspan="2">Trust</th>
                  <th scope="col" rowspan="2">Staff group</th>
                  <th scope="col" rowspan="2">Agency shifts</th>
                  <th scope="col" rowspan="2">Within the cap</th>
                  <th scope="col" rowspan="2">Share within</th>
                  ${levels.map(
                    (level) =>
                      html`<th scope="colgroup" colspan="2">
                        Over the cap: ${SIGNOFF_LABELS[level]!.toLowerCase()} sign-off
                      </th>`,
                  )}
                  <th scope="col" rowspan="2">Off-framework shifts</th>
                </tr>
                <tr>
                  ${levels.map(
                    () =>
                      html`<th scope="col">Shifts</th>
                        <th scope="col">Amount over</th>`,
                  )}
                </tr>
              </thead>
              <tbody>
                ${overview.capCompliance.map(
                  (row) =>
                    html`<tr data-trust-id="${row.trustId}" data-staff-group="${row.staffGroup}">
                      <th scope="row">${row.trustName}</th>
                      <td>${row.staffGroup}</td>
                      ${numberCell(count(row.agencyShifts), row.agencyShifts)}
                      ${numberCell(count(row.withinNationalCap), row.withinNationalCap)}
                      ${numberCell(percent(row.shareWithinNationalCap), row.shareWithinNationalCap)}
                      ${levels.map((level) => {
                        const over = row.overCap[level] ?? { shifts: 0, amountPence: 0 };
                        return html`${numberCell(count(over.shifts), over.shifts)}${penceCell(over.amountPence)}`;
                      })}
                      ${numberCell(count(row.offFrameworkShifts), row.offFrameworkShifts)}
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
  </section>`;
}

function rateSection(overview: DashboardOverview, charts: Record<string, ChartSpec>): SafeHtml {
  return html`<section aria-labelledby="rate-heading" id="rate-variation">
    <h2 id="rate-heading">Rate variation between trusts</h2>
    <p>
      What each trust pays for the same work: the median and 90th percentile of the charge divided by the agreed cost
      (the card’s bank rate for bank shifts, the system cap for agency shifts). 1.00× is the agreed cost.
    </p>
    ${chart('chart-rate-variation', charts['chart-rate-variation']!, 'Bar chart of the median and 90th percentile of charge divided by agreed cost, bank and agency, for each trust and staff group.')}
    ${
      overview.rateVariation.length === 0
        ? ''
        : figures(
            'The chart’s figures as a table, with the shifts compared',
            html`<table id="table-rate-variation">
              <caption>
                Charge ÷ agreed cost by trust and staff group
              </caption>
              <thead>
                <tr>
                  <th scope="col">Trust</th>
                  <th scope="col">Staff group</th>
                  <th scope="col">Bank shifts</th>
                  <th scope="col">Bank median</th>
                  <th scope="col">Bank 90th percentile</th>
                  <th scope="col">Agency shifts</th>
                  <th scope="col">Agency median</th>
                  <th scope="col">Agency 90th percentile</th>
                </tr>
              </thead>
              <tbody>
                ${overview.rateVariation.map(
                  (row) =>
                    html`<tr data-trust-id="${row.trustId}" data-staff-group="${row.staffGroup}">
                      <th scope="row">${row.trustName}</th>
                      <td>${row.staffGroup}</td>
                      ${numberCell(count(row.bank.shifts), row.bank.shifts)}${numberCell(ratio(row.bank.median), row.bank.median)}
                      ${numberCell(ratio(row.bank.p90), row.bank.p90)}${numberCell(count(row.agency.shifts), row.agency.shifts)}
                      ${numberCell(ratio(row.agency.median), row.agency.median)}${numberCell(ratio(row.agency.p90), row.agency.p90)}
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
  </section>`;
}

function breachesSection(overview: DashboardOverview, charts: Record<string, ChartSpec>): SafeHtml {
  const filters = overview.filters!;
  const open = overview.openBreaches!;
  const link = (severity?: string) =>
    pageUrl(`${DASHBOARD_ROUTE}/breaches`, { ...filters, ...(severity ? { severity } : {}), status: 'open' });
  const severities = [...BREACH_SEVERITIES].reverse();
  const total = severities.reduce((sum, severity) => sum + open[severity], 0);
  return html`<section aria-labelledby="breaches-heading" id="open-breaches">
    <h2 id="breaches-heading">Open breaches by severity</h2>
    <p>Breaches of the rule book still open (not acknowledged, justified or resolved), for shifts in the window.</p>
    ${chart('chart-open-breaches', charts['chart-open-breaches']!, 'Bar chart of open breaches by severity.')}
    <table id="table-open-breaches">
      <caption>
        Open breaches by severity
      </caption>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Open breaches</th>
        </tr>
      </thead>
      <tbody>
        ${severities.map(
          (severity) =>
            html`<tr data-severity="${severity}">
              <th scope="row">${severity[0]!.toUpperCase() + severity.slice(1)}</th>
              <td class="number" data-value="${open[severity]}">
                <a href="${link(severity)}"
                  >${count(open[severity])}<span class="visually-hidden"> open ${severity} breaches: list them</span></a
                >
              </td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All</th>
          <td class="number" data-value="${total}">
            <a href="${link()}">${count(total)}<span class="visually-hidden"> open breaches: list them</span></a>
          </td>
        </tr>
      </tfoot>
    </table>
  </section>`;
}

function savingsSection(overview: DashboardOverview, charts: Record<string, ChartSpec>): SafeHtml {
  const totals = overview.savingsTotals!;
  return html`<section aria-labelledby="savings-heading" id="savings">
    <h2 id="savings-heading">Harmonisation savings</h2>
    <p>
      What paying the agreed card would have saved (bank pay over the card and agency charges over the system cap), and
      what booking the best eligible bank worker instead of an agency would have saved.
    </p>
    ${chart('chart-savings', charts['chart-savings']!, 'Stacked bar chart of harmonisation savings and bank-first savings for each trust.')}
    ${
      overview.savings.length === 0
        ? ''
        : html`<div class="table-scroll">
            <table id="table-savings">
              <caption>
                Savings by trust
              </caption>
              <thead>
                <tr>
                  <th scope="col">Trust</th>
                  <th scope="col">Bank pay over the card</th>
                  <th scope="col">Agency charges over the system cap</th>
                  <th scope="col">Harmonisation savings</th>
                  <th scope="col">Bank first instead of agency</th>
                </tr>
              </thead>
              <tbody>
                ${overview.savings.map(
                  (row) =>
                    html`<tr data-trust-id="${row.trustId}">
                      <th scope="row">${row.trustName}</th>
                      ${penceCell(row.overCardPence)}${penceCell(row.overSystemCapPence)}${penceCell(row.harmonisationPence)}${penceCell(row.bankFirstPence)}
                    </tr>`,
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  ${penceCell(totals.overCardPence)}${penceCell(totals.overSystemCapPence)}
                  ${penceCell(totals.harmonisationPence)}${penceCell(totals.bankFirstPence)}
                </tr>
              </tfoot>
            </table>
          </div>`
    }
  </section>`;
}

function summary(overview: DashboardOverview): SafeHtml {
  const totals = overview.spendByTrust!.totals;
  const open = BREACH_SEVERITIES.reduce((sum, severity) => sum + overview.openBreaches![severity], 0);
  const harmonisation = overview.savingsTotals!.harmonisationPence;
  const tile = (label: string, value: string, attribute: SafeHtml) =>
    html`<div class="tile">
      <dt>${label}</dt>
      <dd ${attribute}>${value}</dd>
    </div>`;
  return html`<section aria-labelledby="summary-heading">
    <h2 id="summary-heading">At a glance</h2>
    <dl class="tiles">
      ${tile('Agency charges', pounds(totals.agencyChargePence), html`data-pence="${totals.agencyChargePence}"`)}
      ${tile('Agency share of shifts', percent(totals.agencyShiftShare), html`data-value="${totals.agencyShiftShare ?? ''}"`)}
      ${tile('Open breaches', count(open), html`data-value="${open}"`)}
      ${tile('Harmonisation savings', pounds(harmonisation), html`data-pence="${harmonisation}"`)}
    </dl>
  </section>`;
}

export function overviewPage(overview: DashboardOverview): string {
  const filters = overview.filters;
  const form = html`<form class="filters" method="get" action="${DASHBOARD_ROUTE}" aria-labelledby="filters-heading">
    <h2 id="filters-heading" class="visually-hidden">Filters</h2>
    ${organisationFields(overview)} ${windowFields(filters?.from, filters?.to)}
    <div class="field field--submit"><button type="submit">Show figures</button></div>
  </form>`;
  if (!overview.system || !filters) {
    return page(
      'Workforce dashboard',
      html`<h1>Workforce dashboard</h1>
        <p>No system is in this key’s scope yet: there is nothing to show.</p>`,
    );
  }
  const charts = overviewCharts(overview);
  const scope = overview.trust ? overview.trust.name : 'all trusts';
  return page(
    'Workforce dashboard',
    html`<h1>Workforce dashboard</h1>
      <p class="lede">${overview.system.name}, ${scope}: shifts starting ${windowText(filters.from, filters.to)}.</p>
      ${form} ${summary(overview)} ${spendSection(overview, charts)} ${capSection(overview, charts)}
      ${rateSection(overview, charts)} ${breachesSection(overview, charts)} ${savingsSection(overview, charts)}
      ${jsonScript('dashboard-charts', charts)}`,
    {
      nav: navigation('overview', { ...filters }),
      scripts: html`<script src="${ASSETS_ROUTE}/chart.umd.min.js"></script>
        <script src="${ASSETS_ROUTE}/dashboard.js"></script>`,
    },
  );
}
