import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/web-harness.js';
import { monthLabel, rowLabel } from '../../src/modules/dashboard/dashboard-charts.js';
import type { Organisation } from '../support/factories.js';
import { buildReportsMonth, REPORTS_MONTH } from '../support/reports-month.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

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
 * The dashboard in headless Chromium: the charts are drawn, hold the reports API's figures for the
 * same filters, and follow a filter changed with the keyboard. Nothing loads from another host.
 */
describe('the dashboard in a browser', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let org: Organisation;
  let leadKey: string;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];

  const api = async (path: string) => (await test.as(leadKey).get(`/api/v1/${path}`).expect(200)).body;
  const window = `from=${REPORTS_MONTH.from}&to=${REPORTS_MONTH.to}`;

  beforeAll(async () => {
    test = await startTestApp();
    worker = await startTestWorker(test);
    ({ org, leadKey } = await buildReportsMonth(test));
    await test.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(test.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext({
      baseURL: base,
      httpCredentials: { username: 'lead', password: leadKey },
      locale: 'en-GB',
    });
    // The page must need nothing but the service: anything else is recorded and refused.
    await context.route('**/*', async (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      foreignRequests.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await test?.close();
  });

  it('draws every chart with the reports API’s figures for the same filters', async () => {
    await page.goto(`/dashboard?systemId=${org.systemId}&${window}`);
    const charts = await drawnCharts(page);
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

    const spend = async (trustId: string) =>
      api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=month&trustId=${trustId}`);
    const [trustA, trustB] = [await spend(org.trustId), await spend(org.otherTrustId)];
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

    type CapRow = {
      trustName: string;
      staffGroup: string;
      withinNationalCap: number;
      overCap: Record<string, { shifts: number }>;
    };
    const cap: CapRow[] = (await api(`reports/cap-compliance?systemId=${org.systemId}&${window}`)).items;
    expect(charts['chart-cap-compliance']!.labels).toEqual(cap.map(rowLabel));
    expect(charts['chart-cap-compliance']!.datasets.map((dataset) => dataset.data)).toEqual([
      cap.map((row) => row.withinNationalCap),
      ...['senior_manager', 'executive', 'chief_executive'].map((level) =>
        cap.map((row) => row.overCap[level]!.shifts),
      ),
    ]);

    type Spread = { median: number | null; p90: number | null };
    type RateRow = { trustName: string; staffGroup: string; bank: Spread; agency: Spread };
    const rates: RateRow[] = (await api(`reports/rate-variation?systemId=${org.systemId}&${window}`)).items;
    expect(charts['chart-rate-variation']!.labels).toEqual(rates.map(rowLabel));
    expect(charts['chart-rate-variation']!.datasets).toEqual([
      { label: 'Bank median', data: rates.map((row) => row.bank.median) },
      { label: 'Bank 90th percentile', data: rates.map((row) => row.bank.p90) },
      { label: 'Agency median', data: rates.map((row) => row.agency.median) },
      { label: 'Agency 90th percentile', data: rates.map((row) => row.agency.p90) },
    ]);
    expect(charts['chart-rate-variation']!.datasets[2]!.data).toEqual([1.4423, 1.7692]);

    type SavingsRow = { trustName: string; overCardPence: number; overSystemCapPence: number; bankFirstPence: number };
    const savings: SavingsRow[] = (await api(`reports/harmonisation-savings?systemId=${org.systemId}&${window}`)).items;
    expect(charts['chart-savings']).toMatchObject({
      labels: savings.map((row) => row.trustName),
      datasets: [
        { data: savings.map((row) => row.overCardPence) },
        { data: savings.map((row) => row.overSystemCapPence) },
        { data: savings.map((row) => row.bankFirstPence) },
      ],
    });

    const open: number[] = [];
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      const listed = await api(
        `breaches?systemId=${org.systemId}&${window}&severity=${severity}&status=open&limit=500`,
      );
      open.push(listed.items.length);
    }
    expect(charts['chart-open-breaches']!.datasets[0]!.data).toEqual(open);

    // Each chart is an image with a name, and its figures are in a table too.
    for (const id of Object.keys(charts)) {
      const canvas = page.locator(`#${id}`);
      expect(await canvas.getAttribute('role')).toBe('img');
      expect(await canvas.getAttribute('aria-label')).toMatch(/chart .*table below/);
    }
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(5);
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows one trust’s figures after the trust is chosen with the keyboard', async () => {
    await page.goto(`/dashboard?systemId=${org.systemId}&${window}`);
    await page.waitForSelector('html[data-charts-ready="true"]');
    // The trust list moves on with the arrow keys; Tab then goes on (through the date fields) to the button.
    await page.locator('#filter-trustId').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#filter-trustId').inputValue()).toBe(org.trustId);
    const focused = () =>
      page.evaluate(() => ((globalThis as unknown as BrowserGlobals).document.activeElement?.textContent ?? '').trim());
    for (let presses = 0; presses < 20 && (await focused()) !== 'Show figures'; presses += 1) {
      await page.keyboard.press('Tab');
    }
    expect(await focused()).toBe('Show figures');
    await Promise.all([page.waitForURL(/trustId=/), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('trustId')).toBe(org.trustId);

    const charts = await drawnCharts(page);
    const trustA = await api(
      `reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=month&trustId=${org.trustId}`,
    );
    expect(charts['chart-spend-by-month']!.datasets).toEqual([
      {
        label: 'Test trust A',
        data: trustA.items.map((item: { agencyChargePence: number }) => item.agencyChargePence),
      },
    ]);
    const savings = await api(
      `reports/harmonisation-savings?systemId=${org.systemId}&${window}&trustId=${org.trustId}`,
    );
    expect(charts['chart-savings']!.labels).toEqual(['Test trust A']);
    expect(charts['chart-savings']!.datasets[1]!.data).toEqual([savings.items[0].overSystemCapPence]);
    expect(await page.locator('.lede').textContent()).toContain('Test trust A');
  });

  it('narrows the window when a date is changed and the form sent with Enter', async () => {
    await page.goto(`/dashboard?systemId=${org.systemId}&${window}`);
    await page.locator('#filter-from').fill('2025-06-11');
    await Promise.all([page.waitForURL(/from=2025-06-11/), page.locator('#filter-from').press('Enter')]);
    const charts = await drawnCharts(page);
    const spend = await api(
      `reports/agency-spend?systemId=${org.systemId}&from=2025-06-11&to=${REPORTS_MONTH.to}&groupBy=month&trustId=${org.trustId}`,
    );
    // Trust A's 50,600 on 10 June is outside the window now.
    expect(charts['chart-spend-by-month']!.datasets[0]!.data).toEqual([31_900]);
    expect(spend.items[0].agencyChargePence).toBe(31_900);
    expect(await page.locator('#table-spend-by-trust tfoot td[data-pence]').first().getAttribute('data-pence')).toBe(
      String(31_900 + 50_600),
    );
  });

  it('opens the breach list from an open-breaches count', async () => {
    await page.goto(`/dashboard?systemId=${org.systemId}&${window}`);
    const medium = page.locator('#table-open-breaches tr[data-severity="medium"] a');
    const count = Number(
      await page.locator('#table-open-breaches tr[data-severity="medium"] td').getAttribute('data-value'),
    );
    await Promise.all([page.waitForURL(/\/dashboard\/breaches\?/), medium.click()]);
    expect(await page.locator('h1').textContent()).toBe('Breaches');
    expect(await page.locator('#table-breaches tbody tr').count()).toBe(count);
    expect(await page.locator('#filter-severity').inputValue()).toBe('medium');
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
