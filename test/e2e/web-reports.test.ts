import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { BrowserContext, Page } from 'playwright-core';
import { defaultWindow } from '../../src/modules/dashboard/index.js';
import { monthLabel, rowLabel } from '../../src/modules/web/report-charts.js';
import { buildSystem, buildTrust, type Organisation } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { buildReportsMonth, REPORTS_MONTH } from '../support/reports-month.js';
import { startTestWorker } from '../support/test-app.js';
import {
  newContext,
  seriousViolations,
  sessionCookie,
  signIn,
  startWebHarness,
  type WebHarness,
} from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

const ACCOUNTS = {
  lead: { id: 'lead-1', email: 'lead@kent.test', name: 'Helen Lead', password: 'lead-password-1' },
  trustLead: { id: 'lead-b', email: 'lead@trust-b.test', name: 'Bea Lead', password: 'lead-password-b' },
  rota: { id: 'rota-1', email: 'rota@kent.test', name: 'Rita Rota', password: 'rota-password-1' },
  admin: { id: 'admin-1', email: 'admin@fairshift.test', name: 'Ada Admin', password: 'admin-password-1' },
};

/** The rows of the table with this id: each row's attributes, and its cells' `data-*` values, in order. */
function tableRows(page: string, id: string): { row: string; pence: number[]; values: string[] }[] {
  const table = new RegExp(`<table[^>]* id="${id}">([\\s\\S]*?)</table>`).exec(page);
  if (!table) throw new Error(`no table ${id} on the page`);
  return [...table[1]!.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)]
    .filter(([, , cells]) => !cells!.includes('scope="col"'))
    .map(([, attributes, cells]) => ({
      row: attributes!.replace(' class="nhsuk-table__row"', ''),
      pence: [...cells!.matchAll(/data-pence="(-?\d+)"/g)].map((match) => Number(match[1])),
      values: [...cells!.matchAll(/data-value="([^"]*)"/g)].map((match) => match[1]!),
    }));
}

interface DrawnChart {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  /** The plot area Chart.js laid out: zero when nothing was drawn. */
  width: number;
  height: number;
}

/** What the page's functions below use of the browser (the tests compile without the DOM's types). */
interface BrowserGlobals {
  document: {
    querySelectorAll(selector: string): Iterable<{ id: string }>;
    activeElement: { textContent: string | null } | null;
  };
  Chart: {
    getChart(canvas: unknown):
      | {
          data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
          chartArea: { width: number; height: number };
        }
      | undefined;
  };
}

/** Every chart on the page, read from its Chart.js instance. */
async function drawnCharts(page: Page): Promise<Record<string, DrawnChart>> {
  await page.waitForSelector('html[data-charts-ready="true"]');
  return page.evaluate(() => {
    const browser = globalThis as unknown as BrowserGlobals;
    const charts: Record<string, DrawnChart> = {};
    for (const canvas of browser.document.querySelectorAll('canvas')) {
      const chart = browser.Chart.getChart(canvas);
      if (!chart) continue;
      charts[canvas.id] = {
        labels: chart.data.labels,
        datasets: chart.data.datasets.map((dataset) => ({ label: dataset.label, data: dataset.data })),
        width: chart.chartArea.width,
        height: chart.chartArea.height,
      };
    }
    return charts;
  });
}

/**
 * The workforce lead's reports and breaches pages (what was the dashboard) over the reports'
 * hand-built month, signed in through a real OpenID provider: the same figures as the reports and
 * breaches API, in the person's scope, as tables, charts and CSV; and a breach justified from its
 * page in Chromium.
 */
describe('reports and breaches pages', () => {
  let harness: WebHarness;
  let worker: INestApplicationContext;
  let org: Organisation;
  let leadKey: string;
  const cookies: Record<string, string> = {};
  const window = `from=${REPORTS_MONTH.from}&to=${REPORTS_MONTH.to}`;

  const page = (path: string, who: keyof typeof ACCOUNTS | null = 'lead') => {
    const request = harness.test.http.get(path);
    return who === null ? request : request.set('Cookie', cookies[who]!);
  };
  const api = async (path: string) => (await harness.test.as(leadKey).get(`/api/v1/${path}`).expect(200)).body;

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS));
    const test = harness.test;
    worker = await startTestWorker(test);
    ({ org, leadKey } = await buildReportsMonth(test));
    const invite = (account: keyof typeof ACCOUNTS, body: object) =>
      test
        .as(test.adminKey)
        .post('/api/v1/users', { email: ACCOUNTS[account].email, ...body })
        .expect(201);
    await invite('lead', { role: 'workforce_lead', systemId: org.systemId });
    await invite('trustLead', { role: 'workforce_lead', trustIds: [org.otherTrustId] });
    await invite('rota', { role: 'rota_manager', trustIds: [org.trustId] });
    await invite('admin', { role: 'admin' });
    for (const account of Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]) {
      cookies[account] = await sessionCookie(harness, ACCOUNTS[account]);
    }
  });

  afterAll(async () => {
    await worker?.close();
    await harness?.close();
  });

  describe('over HTTP', () => {
    it('sends someone not signed in to sign in, and the dashboard’s old addresses to the new pages', async () => {
      const redirect = await page(`/reports?systemId=${org.systemId}`, null).expect(303);
      expect(redirect.headers.location).toBe(
        `/auth/login?returnTo=${encodeURIComponent(`/reports?systemId=${org.systemId}`)}`,
      );
      await page('/breaches', null).expect(303);
      const moved = await page(`/dashboard?systemId=${org.systemId}&${window}`, null).expect(301);
      expect(moved.headers.location).toBe(`/reports?systemId=${org.systemId}&${window}`);
      expect((await page('/dashboard/breaches', null).expect(301)).headers.location).toBe('/breaches');
      // HTTP Basic with an API key no longer opens anything.
      const basic = `Basic ${Buffer.from(`lead:${leadKey}`).toString('base64')}`;
      await harness.test.http.get('/reports').set('Authorization', basic).expect(303);
    });

    it('refuses roles other than workforce lead and admin with a 403 page', async () => {
      const refused = await page('/reports', 'rota').expect(403);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.text).toContain('This page is not for the rota manager role');
      await page('/reports/spend-by-trust.csv', 'rota').expect(403);
      // A rota manager may read breaches of their trusts, as the API lets them, but not act on them.
      await page('/breaches', 'rota').expect(200);
    });

    it('answers 404 pages for a system or trust outside the person’s scope', async () => {
      const other = await buildSystem(harness.test);
      const otherTrust = await buildTrust(harness.test, other.id);
      await page(`/reports?systemId=${other.id}`).expect(404);
      await page(`/reports?systemId=${org.systemId}&trustId=${otherTrust.id}`).expect(404);
      await page(`/breaches?systemId=${other.id}`).expect(404);
      const notMine = await page(`/reports?systemId=${org.systemId}&trustId=${org.trustId}`, 'trustLead').expect(404);
      expect(notMine.headers['content-type']).toMatch(/^text\/html/);
      expect(notMine.text).toContain('it belongs to a trust you do not work for');
      const [breach] = await queryRows<{ id: string }>(
        harness.test.database.url,
        'SELECT id FROM breaches WHERE trust_id = $1',
        [org.trustId],
      );
      await page(`/breaches/${breach!.id}`, 'trustLead').expect(404);
      await page('/breaches/not-a-uuid').expect(404);
    });

    it('answers 400 pages for bad filters, never a 500', async () => {
      for (const query of [
        `systemId=nope`,
        `systemId=${org.systemId}&from=2025-02-30`,
        `systemId=${org.systemId}&from=2025-07-01&to=2025-06-01`,
        `systemId=${org.systemId}&from=2020-01-01&to=2025-01-01`,
        `systemId=${org.systemId}&colour=red`,
        `systemId=${org.systemId}&from[gt]=2025-01-01`,
        `systemId=${org.systemId}&systemId=${org.systemId}`,
      ]) {
        const answer = await page(`/reports?${query}`).expect(400);
        expect(answer.headers['content-type']).toMatch(/^text\/html/);
        expect(answer.text).toContain('This could not be done');
        await page(`/reports/spend-by-trust.csv?${query}`).expect(400);
      }
      await page(`/breaches?systemId=${org.systemId}&severity=dreadful`).expect(400);
      await page(`/breaches?systemId=${org.systemId}&cursor=bogus`).expect(400);
      await page(`/reports/weekly-return.csv?systemId=${org.systemId}&week=2025-W54`).expect(400);
      await page(`/reports/weekly-return.csv?systemId=${org.systemId}`).expect(400);
      await page(`/reports/nothing-like-this.csv?systemId=${org.systemId}`).expect(404);
    });

    it('shows the reports’ figures for the chosen window, in pence and in pounds', async () => {
      const answer = await page(`/reports?systemId=${org.systemId}&${window}`).expect(200);
      expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
      expect(answer.headers['cache-control']).toBe('no-store');

      const byTrust = await api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=trust`);
      expect(tableRows(answer.text, 'table-spend-by-trust').map((row) => row.pence)).toEqual(
        [...byTrust.items, byTrust.totals].map((item: { agencyChargePence: number; bankPaidPence: number }) => [
          item.agencyChargePence,
          item.bankPaidPence,
        ]),
      );
      expect(answer.text).toContain('data-pence="133100">£1,331.00</td>');

      // One column for each trust, then all of them: the API's spend by month of each trust.
      const months = tableRows(answer.text, 'table-spend-by-month');
      const monthly = (trustId: string) =>
        api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=month&trustId=${trustId}`);
      const [trustA, trustB] = [await monthly(org.trustId), await monthly(org.otherTrustId)];
      expect(months).toEqual([
        expect.objectContaining({
          row: ' data-month="2025-06"',
          pence: [trustA.items[0].agencyChargePence, trustB.items[0].agencyChargePence, 133_100],
        }),
      ]);

      const cap = (await api(`reports/cap-compliance?systemId=${org.systemId}&${window}`)).items;
      expect(tableRows(answer.text, 'table-cap-compliance').map((row) => row.pence)).toEqual(
        cap.map((row: { overCap: Record<string, { amountPence: number }> }) => [
          row.overCap.senior_manager!.amountPence,
          row.overCap.executive!.amountPence,
          row.overCap.chief_executive!.amountPence,
        ]),
      );

      const rates = (await api(`reports/rate-variation?systemId=${org.systemId}&${window}`)).items;
      expect(tableRows(answer.text, 'table-rate-variation').map((row) => row.values)).toEqual(
        rates.map(
          (row: {
            bank: { shifts: number; median: number | null; p90: number | null };
            agency: { shifts: number; median: number | null; p90: number | null };
          }) =>
            [row.bank.shifts, row.bank.median, row.bank.p90, row.agency.shifts, row.agency.median, row.agency.p90].map(
              (value) => (value === null ? '' : String(value)),
            ),
        ),
      );
      expect(answer.text).toContain('data-value="1.4423">1.44×</td>');

      const savings = await api(`reports/harmonisation-savings?systemId=${org.systemId}&${window}`);
      expect(tableRows(answer.text, 'table-savings').map((row) => row.pence)).toEqual([
        ...savings.items.map(
          (row: {
            overCardPence: number;
            overSystemCapPence: number;
            harmonisationPence: number;
            bankFirstPence: number;
          }) => [row.overCardPence, row.overSystemCapPence, row.harmonisationPence, row.bankFirstPence],
        ),
        [1_200, 47_300, 48_500, 0],
      ]);
    });

    it('downloads each table as CSV with the exact values under the same headings', async () => {
      const csv = await page(`/reports/spend-by-trust.csv?systemId=${org.systemId}&${window}`).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(
        /^attachment; filename="spend-by-trust-.*-2025-06-01-to-2025-07-01\.csv"$/,
      );
      const [heading, ...lines] = csv.text.trim().split('\n');
      expect(heading).toBe(
        'Trust,Agency shifts,Agency hours (minutes),Agency charges (pence),Bank shifts,Bank hours (minutes),Bank pay (pence),Agency share of shifts,Agency share of hours',
      );
      const byTrust = await api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=trust`);
      expect(lines.map((line) => line.split(',')[3])).toEqual(
        [...byTrust.items, byTrust.totals].map((item: { agencyChargePence: number }) => String(item.agencyChargePence)),
      );
      expect(lines.at(-1)).toMatch(/^Total,/);

      const savings = await page(`/reports/savings.csv?systemId=${org.systemId}&${window}`).expect(200);
      expect(savings.text.trim().split('\n').at(-1)).toBe('Total,1200,47300,48500,0');

      const week = await page(`/reports/weekly-return.csv?systemId=${org.systemId}&week=2025-W24`).expect(200);
      const fromApi = await harness.test
        .as(leadKey)
        .get(`/api/v1/reports/weekly-return?systemId=${org.systemId}&week=2025-W24`)
        .expect(200);
      expect(week.text).toBe(fromApi.text);
      expect(week.headers['content-disposition']).toBe('attachment; filename="weekly-return-2025-W24.csv"');
    });

    it('counts open breaches by severity as the breach list does, and links each count to its list', async () => {
      const answer = await page(`/reports?systemId=${org.systemId}&${window}`).expect(200);
      const rows = tableRows(answer.text, 'table-open-breaches');
      for (const severity of ['critical', 'high', 'medium', 'low']) {
        const listed = await api(
          `breaches?systemId=${org.systemId}&${window}&severity=${severity}&status=open&limit=500`,
        );
        const row = rows.find((candidate) => candidate.row.includes(`data-severity="${severity}"`))!;
        expect(row.values).toEqual([String(listed.items.length)]);
      }
      expect(Number(rows.find((row) => row.row.includes('"medium"'))!.values[0])).toBeGreaterThan(0);

      const link = new RegExp(`href="(/breaches\\?[^"]*severity=medium[^"]*)"`).exec(answer.text)![1]!;
      const list = await page(link.replaceAll('&amp;', '&')).expect(200);
      const ids = [...list.text.matchAll(/data-breach-id="([^"]+)"/g)].map((match) => match[1]);
      const listed = await api(`breaches?systemId=${org.systemId}&${window}&severity=medium&status=open&limit=50`);
      expect(ids).toEqual(listed.items.map((breach: { id: string }) => breach.id));
      expect(list.text).toMatch(/<option value="medium" selected/);
    });

    it('pages through the breach list and takes blank form choices as no filter', async () => {
      const all = await api(`breaches?systemId=${org.systemId}&limit=500`);
      const first = await page(
        `/breaches?systemId=${org.systemId}&trustId=&severity=&status=&rule=&from=&to=&limit=2`,
      ).expect(200);
      const next = /href="([^"]*)" rel="next"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
      const second = await page(next).expect(200);
      const ids = [first, second].flatMap((answer) =>
        [...answer.text.matchAll(/data-breach-id="([^"]+)"/g)].map((match) => match[1]),
      );
      expect(ids).toEqual(all.items.slice(0, 4).map((breach: { id: string }) => breach.id));
    });

    it('defaults to the first system in scope and the last 3 months of London dates', async () => {
      const answer = await page('/reports').expect(200);
      const { from, to } = defaultWindow();
      expect(answer.text).toMatch(new RegExp(`<option value="${org.systemId}" selected`));
      expect(answer.text).toMatch(new RegExp(`name="from" type="date" value="${from}"`));
      expect(answer.text).toMatch(new RegExp(`name="to" type="date" value="${to}"`));
    });

    it('keeps a trust-scoped lead to their trusts', async () => {
      const answer = await page(`/reports?systemId=${org.systemId}&${window}`, 'trustLead').expect(200);
      expect(tableRows(answer.text, 'table-spend-by-trust')).toHaveLength(2);
      expect(answer.text).toContain(`data-key="${org.otherTrustId}"`);
      expect(answer.text).not.toContain(`data-key="${org.trustId}"`);
      expect(answer.text).not.toContain(`<option value="${org.trustId}"`);
    });

    it('escapes names, so no stored text becomes markup', async () => {
      const system = await buildSystem(harness.test, { name: '<script>alert("x")</script> & Co' });
      await buildTrust(harness.test, system.id, { name: 'Trust "</script><img src=x>' });
      const answer = await page(`/reports?systemId=${system.id}`, 'admin').expect(200);
      expect(answer.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(answer.text).not.toContain('<img src=x>');
      const data = /<script type="application\/json" id="dashboard-charts">([\s\S]*?)<\/script>/.exec(answer.text)![1]!;
      expect(data).not.toMatch(/[<>]/);
      expect(JSON.parse(data)['chart-savings'].labels).toEqual(['Trust "</script><img src=x>']);
    });

    it('serves its scripts itself, without a session', async () => {
      const chart = await harness.test.http.get('/assets/chartjs/chart.umd.min.js').expect(200);
      expect(chart.headers['content-type']).toMatch(/javascript/);
      expect(chart.text).toContain('Chart');
      await harness.test.http.get('/assets/fairshift/charts.js').expect(200);
      await harness.test.http.get('/assets/chartjs/..%2Fpackage.json').expect(404);
      await harness.test.http.get('/assets/chartjs/secret.js').expect(404);
    });
  });

  describe('in a browser', () => {
    let context: BrowserContext;
    let browserPage: Page;
    const foreignRequests: string[] = [];
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      context = await newContext(harness);
      browserPage = await signIn(harness, ACCOUNTS.lead, context);
      // From here the pages need nothing but the service (and the NHS fonts, which the NHS.UK
      // frontend's styles load from assets.nhs.uk): anything else is recorded and refused.
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith(harness.base)) return route.continue();
        if (url.startsWith('https://assets.nhs.uk/fonts/')) return route.abort();
        foreignRequests.push(route.request().url());
        return route.abort();
      });
      browserPage.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.startsWith('https://assets.nhs.uk/')) {
          consoleErrors.push(message.text());
        }
      });
      browserPage.on('pageerror', (error) => consoleErrors.push(error.message));
    });

    afterAll(async () => {
      await context?.close();
    });

    it('lands a workforce lead on the reports, with every chart drawn from the reports API’s figures', async () => {
      expect(new URL(browserPage.url()).pathname).toBe('/reports');
      await browserPage.goto(`${harness.base}/reports?systemId=${org.systemId}&${window}`);
      const charts = await drawnCharts(browserPage);
      expect(Object.keys(charts).sort()).toEqual([
        'chart-cap-compliance',
        'chart-open-breaches',
        'chart-rate-variation',
        'chart-savings',
        'chart-spend-by-month',
      ]);
      for (const chart of Object.values(charts)) {
        expect(chart.width).toBeGreaterThan(0);
        expect(chart.height).toBeGreaterThan(0);
      }
      const monthly = (trustId: string) =>
        api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=month&trustId=${trustId}`);
      const [trustA, trustB] = [await monthly(org.trustId), await monthly(org.otherTrustId)];
      expect(charts['chart-spend-by-month']).toMatchObject({
        labels: trustA.items.map((item: { key: string }) => monthLabel(item.key)),
        datasets: [
          {
            label: 'Test trust A',
            data: trustA.items.map((item: { agencyChargePence: number }) => item.agencyChargePence),
          },
          {
            label: 'Test trust B',
            data: trustB.items.map((item: { agencyChargePence: number }) => item.agencyChargePence),
          },
        ],
      });
      expect(charts['chart-spend-by-month']!.datasets[0]!.data).toEqual([82_500]);

      const cap = (await api(`reports/cap-compliance?systemId=${org.systemId}&${window}`)).items;
      expect(charts['chart-cap-compliance']!.labels).toEqual(cap.map(rowLabel));
      const rates = (await api(`reports/rate-variation?systemId=${org.systemId}&${window}`)).items;
      expect(charts['chart-rate-variation']!.labels).toEqual(rates.map(rowLabel));
      expect(charts['chart-rate-variation']!.datasets[2]!.data).toEqual([1.4423, 1.7692]);

      const open: number[] = [];
      for (const severity of ['critical', 'high', 'medium', 'low']) {
        open.push(
          (await api(`breaches?systemId=${org.systemId}&${window}&severity=${severity}&status=open&limit=500`)).items
            .length,
        );
      }
      expect(charts['chart-open-breaches']!.datasets[0]!.data).toEqual(open);
      for (const id of Object.keys(charts)) {
        expect(await browserPage.locator(`#${id}`).getAttribute('role')).toBe('img');
      }
      expect(await seriousViolations(browserPage)).toEqual([]);
      await browserPage.screenshot({ path: join(SCREENSHOTS, 'reports.png'), fullPage: true });
      expect(foreignRequests).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it('shows one trust’s figures after the trust is chosen with the keyboard', async () => {
      await browserPage.goto(`${harness.base}/reports?systemId=${org.systemId}&${window}`);
      await browserPage.locator('#filter-trustId').focus();
      await browserPage.keyboard.press('ArrowDown');
      expect(await browserPage.locator('#filter-trustId').inputValue()).toBe(org.trustId);
      await Promise.all([
        browserPage.waitForURL(/trustId=/),
        browserPage.getByRole('button', { name: 'Show figures' }).press('Enter'),
      ]);
      const charts = await drawnCharts(browserPage);
      expect(charts['chart-savings']!.labels).toEqual(['Test trust A']);
      expect(await browserPage.locator('.nhsuk-lede-text').textContent()).toContain('Test trust A');
    });

    it('lets a lead open a breach from its count, and justify it with a reason', async () => {
      await browserPage.goto(`${harness.base}/reports?systemId=${org.systemId}&${window}`);
      const count = Number(
        await browserPage.locator('#table-open-breaches tr[data-severity="medium"] td').getAttribute('data-value'),
      );
      await Promise.all([
        browserPage.waitForURL(/\/breaches\?/),
        browserPage.locator('#table-open-breaches tr[data-severity="medium"] a').click(),
      ]);
      expect(await browserPage.locator('h1').textContent()).toBe('Breaches');
      expect(await browserPage.locator('#table-breaches tbody tr').count()).toBe(count);
      expect(await browserPage.locator('#filter-severity').inputValue()).toBe('medium');
      expect(await seriousViolations(browserPage)).toEqual([]);
      await browserPage.screenshot({ path: join(SCREENSHOTS, 'breaches.png'), fullPage: true });

      await browserPage.locator('#table-breaches tbody tr a').first().click();
      await browserPage.waitForURL(/\/breaches\/[0-9a-f-]{36}$/);
      const breachId = browserPage.url().split('/').at(-1)!;
      expect(await browserPage.getByText('Bank workers who could work it when booked').count()).toBe(1);
      expect(await seriousViolations(browserPage)).toEqual([]);
      await browserPage.screenshot({ path: join(SCREENSHOTS, 'breach.png'), fullPage: true });

      // Justify without a reason: the form asks for one, and nothing changes.
      await browserPage.getByRole('button', { name: 'Justify' }).click();
      await browserPage.waitForSelector('.nhsuk-error-summary');
      expect(await browserPage.locator('.nhsuk-error-summary').textContent()).toContain('why the breach was justified');
      expect((await api(`breaches/${breachId}`)).status).toBe('open');
      expect(await seriousViolations(browserPage)).toEqual([]);
      // The browser logs the page's own 400, which is the answer intended.
      expect(consoleErrors.splice(0)).toEqual([expect.stringContaining('status of 400')]);

      await browserPage.fill('#justifyReason', 'Only agency with a registered mental health nurse that night');
      await Promise.all([
        browserPage.waitForURL(/\/breaches\/[0-9a-f-]{36}$/),
        browserPage.getByRole('button', { name: 'Justify' }).click(),
      ]);
      expect(await browserPage.locator('.nhsuk-notification-banner').textContent()).toContain(
        'The breach is justified',
      );
      const breach = await api(`breaches/${breachId}`);
      expect(breach).toMatchObject({
        status: 'justified',
        reason: 'Only agency with a registered mental health nurse that night',
      });
      const [audit] = await queryRows<{ user_id: string | null; action: string }>(
        harness.test.database.url,
        `SELECT user_id, action FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [breachId],
      );
      expect(audit).toMatchObject({ action: 'breach.justify' });
      expect(audit!.user_id).not.toBeNull();
      // Justified: only resolving is left.
      expect(await browserPage.getByRole('button', { name: 'Justify' }).count()).toBe(0);
      expect(await browserPage.getByRole('button', { name: 'Resolve' }).count()).toBe(1);
      expect(foreignRequests).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });
});
