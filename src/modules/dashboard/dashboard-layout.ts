import { addDays } from '../time-bands/index.js';
import type { DashboardContext } from './dashboard.service.js';
import { html, pageUrl, type SafeHtml } from './html.js';

export const DASHBOARD_ROUTE = '/dashboard';
export const ASSETS_ROUTE = `${DASHBOARD_ROUTE}/assets`;

/**
 * Headers of every dashboard page: scripts and styles only from the service itself (no inline
 * script can run, nothing loads from elsewhere), never framed, never cached (the figures are the
 * key's own).
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const INSTANT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** A YYYY-MM-DD date as "28 Nov 2026". */
export const dateText = (date: string): string => DATE.format(new Date(`${date}T00:00:00Z`));
export const instantText = (instant: Date): string => INSTANT.format(instant);

/** "1 Sept 2026 to 30 Nov 2026": the window [from, to) with its last day included. */
export const windowText = (from: string, to: string): string => `${dateText(from)} to ${dateText(addDays(to, -1))}`;

export function page(title: string, content: SafeHtml, options: { scripts?: SafeHtml; nav?: SafeHtml } = {}): string {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – Fairshift</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${ASSETS_ROUTE}/dashboard.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to the content</a>
        <header class="masthead">
          <p class="brand">Fairshift <span>workforce dashboard</span></p>
          ${options.nav ?? ''}
        </header>
        <main id="main" tabindex="-1">${content}</main>
        <footer class="footer">
          <p>
            Figures from the Fairshift reports and breaches API, in your API key’s scope. Money is in pounds; shift
            dates are London dates.
          </p>
        </footer>
        ${options.scripts ?? ''}
      </body>
    </html> `.value;
}

/** Links between the pages, keeping the chosen system, trust and window. */
export function navigation(current: 'overview' | 'breaches', filters: Record<string, string | undefined>): SafeHtml {
  const link = (name: typeof current, href: string, text: string) =>
    html`<li><a href="${href}" ${name === current ? html`aria-current="page"` : ''}>${text}</a></li>`;
  const keep = { systemId: filters.systemId, trustId: filters.trustId, from: filters.from, to: filters.to };
  return html`<nav aria-label="Dashboard pages">
    <ul>
      ${link('overview', pageUrl(DASHBOARD_ROUTE, keep), 'Overview')}
      ${link('breaches', pageUrl(`${DASHBOARD_ROUTE}/breaches`, { ...keep, status: 'open' }), 'Open breaches')}
    </ul>
  </nav>`;
}

export interface FieldOption {
  value: string;
  text: string;
}

export function selectField(
  name: string,
  label: string,
  options: FieldOption[],
  selected: string | undefined,
): SafeHtml {
  return html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}">
      ${options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === (selected ?? '') ? html`selected` : ''}>
            ${option.text}
          </option>`,
      )}
    </select>
  </div>`;
}

export function dateField(name: string, label: string, hint: string, value: string | undefined): SafeHtml {
  return html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <input
      type="date"
      id="filter-${name}"
      name="${name}"
      value="${value ?? ''}"
      aria-describedby="filter-${name}-hint"
    />
    <span class="hint" id="filter-${name}-hint">${hint}</span>
  </div>`;
}

/** The system and trust choices, for either page's filter form. */
export function organisationFields(context: DashboardContext): SafeHtml {
  return html`${selectField(
    'systemId',
    'System',
    context.systems.map((system) => ({ value: system.id, text: system.name })),
    context.system?.id,
  )}
  ${selectField(
    'trustId',
    'Trust',
    [{ value: '', text: 'All trusts' }, ...context.trusts.map((trust) => ({ value: trust.id, text: trust.name }))],
    context.trust?.id,
  )}`;
}

export function windowFields(from: string | undefined, to: string | undefined): SafeHtml {
  return html`${dateField('from', 'From', 'First shift date included', from)}
  ${dateField('to', 'Before', 'First shift date not included', to)}`;
}

/** A page for an error: what went wrong, and for a missing key, how to sign in. */
export function errorPage(problem: {
  status: number;
  title: string;
  detail: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
}): string {
  return page(
    problem.title,
    html`<h1>${problem.title}</h1>
      <p class="error-status">Error ${problem.status}</p>
      <p>${problem.detail}</p>
      ${
        problem.errors?.length
          ? html`<ul class="error-list">
              ${problem.errors.map((error) => html`<li><strong>${error.field}</strong>: ${error.message}</li>`)}
            </ul>`
          : ''
      }
      ${
        problem.status === 401
          ? html`<p>
              The dashboard is for workforce-lead and admin API keys: sign in with any user name and the key as the
              password.
            </p>`
          : ''
      }
      ${problem.status === 403 ? html`<p>The dashboard is for workforce-lead and admin API keys.</p>` : ''}
      <p><a href="${DASHBOARD_ROUTE}">Back to the dashboard</a></p>
      ${problem.requestId ? html`<p class="hint">Request id ${problem.requestId}</p>` : ''}`,
  );
}
