import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { weekLabel } from '../../src/modules/web/report-charts.js';
import { londonWhen, shiftTimes } from '../../src/modules/web/words.js';
import {
  type CascadePlace,
  cascadePlaces,
  DEFAULT_CASCADE,
  HOUR,
  minuteFromNow,
  postShiftAt,
} from '../support/cascade.js';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildBankWorker } from '../support/factories.js';
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
  rota: { id: 'rota-bank-first', email: 'rota@bank-first.test', name: 'Rita Rota', password: 'rota-password-bf' },
  lead: { id: 'lead-bank-first', email: 'lead@bank-first.test', name: 'Helen Lead', password: 'lead-password-bf' },
};

interface Suggestion {
  id: string;
  shiftId: string;
  kind: string;
  status: string;
  candidates: { bankWorkerId: string; displayName: string; costPence: number }[];
  savingRealisedPence: number | null;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The text of each cell of each body row of the table `selector`. */
const tableTexts = (page: Page, selector: string) =>
  page
    .locator(`${selector} tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    );

/**
 * Fill suggestions on people's pages, with a real worker sweeping every half second: the rota
 * manager's home lists the open ones first, soonest shift first; the shift page offers the bank
 * (booking a candidate through the page's own booking route acts on the suggestion); and the
 * workforce lead's reports show the bank-first figures as a table, a chart and CSV. A 12-hour day
 * shift with an hour's break: bank 1,800 × 11 = £198.00, agency 2,500 × 11 = £275.00, saving £77.00.
 */
describe('fill suggestions on the pages', () => {
  let harness: WebHarness;
  let worker: INestApplicationContext;
  let at: CascadePlace;
  let rotaKey: string;
  /** Soonest first: two before_agency shifts (the second overlapping the first), then a swap_to_bank one. */
  let soon: { id: string; startsAt: string; endsAt: string };
  let overlapping: { id: string; startsAt: string; endsAt: string };
  let swapped: { id: string; startsAt: string; endsAt: string };
  const cookies: Record<string, string> = {};

  const api = async (path: string, key = rotaKey) =>
    (await harness.test.as(key).get(`/api/v1/${path}`).expect(200)).body;
  const suggestionsOf = async (shiftId: string) =>
    (await api(`fill-suggestions?shiftId=${shiftId}`)).items as Suggestion[];
  const openSuggestion = (shiftId: string) =>
    eventually(async () => {
      const [found] = await suggestionsOf(shiftId);
      if (found?.status !== 'open') throw new Error(`no open suggestion for ${shiftId} yet`);
      return found;
    }, 300);

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS), { SUGGESTION_SWEEP_MS: '500' });
    const test = harness.test;
    at = await cascadePlaces(test)(DEFAULT_CASCADE);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [at.trustId] });
    // Six days ahead, no bank worker yet: released to agencies early and booked from one (no bypass needed).
    swapped = await postShiftAt(test, at, minuteFromNow(6 * 24 * HOUR), rotaKey);
    await test
      .as(rotaKey)
      .post(`/api/v1/shifts/${swapped.id}/release`, { stage: 'agency_tier_1', reason: 'No bank cover' })
      .expect(200);
    await test
      .as(rotaKey)
      .post(`/api/v1/shifts/${swapped.id}/bookings`, { type: 'agency', agencyContractId: at.contractId })
      .expect(201);
    for (const displayName of ['Bea Bank', 'Cal Bank', 'Dee Bank'])
      await buildBankWorker(test, at.trustId, { displayName });
    // Three days ahead: agencies see them two hours after posting, inside the 24-hour lead.
    soon = await postShiftAt(test, at, minuteFromNow(72 * HOUR), rotaKey);
    overlapping = await postShiftAt(test, at, minuteFromNow(73 * HOUR), rotaKey);
    worker = await startTestWorker(test);
    for (const shift of [soon, overlapping, swapped]) await openSuggestion(shift.id);
    const invite = (email: string, body: object) =>
      test
        .as(test.adminKey)
        .post('/api/v1/users', { email, ...body })
        .expect(201);
    await invite(ACCOUNTS.rota.email, { role: 'rota_manager', trustIds: [at.trustId] });
    await invite(ACCOUNTS.lead.email, { role: 'workforce_lead', systemId: at.systemId });
    cookies.lead = await sessionCookie(harness, ACCOUNTS.lead);
  });

  afterAll(async () => {
    await worker?.close();
    await harness?.close();
  });

  it('lists the open suggestions first on the rota manager’s home, soonest shift first', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    expect(new URL(page.url()).pathname).toBe('/shifts');
    const [first, second, third] = await Promise.all(
      [soon, overlapping, swapped].map((shift) => openSuggestion(shift.id)),
    );
    const release = async (shiftId: string) =>
      (await api(`shifts/${shiftId}`)).releases.find((stage: { stage: string }) => stage.stage === 'agency_tier_1')
        .releaseAt;
    const rows = await tableTexts(page, '#open-suggestions');
    expect(rows.map((cells) => cells.slice(1))).toEqual([
      [
        `Goes to agencies at ${londonWhen(await release(soon.id))}`,
        `${first.candidates[0]!.displayName} (£198.00) and 2 more`,
        '£77.00',
      ],
      [
        `Goes to agencies at ${londonWhen(await release(overlapping.id))}`,
        `${second.candidates[0]!.displayName} (£198.00) and 2 more`,
        '£77.00',
      ],
      ['Agency booked: a bank worker is free', `${third.candidates[0]!.displayName} (£198.00) and 2 more`, '£77.00'],
    ]);
    expect(rows.map((cells) => cells[0])).toEqual(
      [soon, overlapping, swapped].map((shift) =>
        expect.stringContaining(`${shiftTimes(shift.startsAt, shift.endsAt)} Test trust`),
      ),
    );
    // Above the list of open shifts, each a link to its shift.
    const order = await page
      .locator('#open-suggestions, table.nhsuk-table:not(#open-suggestions)')
      .evaluateAll((tables) => tables.map((table) => table.id));
    expect(order[0]).toBe('open-suggestions');
    expect(await page.locator('#open-suggestions a').first().getAttribute('href')).toBe(
      `/shifts/${soon.id}#suggestion`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'open-shifts-suggestions');
    await page.context().close();
  });

  it('offers the bank on the shift page, and booking a candidate there acts on the suggestion', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    await page.goto(`${harness.base}/shifts/${soon.id}`);
    const section = page.locator('#suggestion');
    expect(await section.locator('h2').textContent()).toBe('Offer it to the bank first');
    expect(await section.locator('.nhsuk-inset-text').textContent()).toMatch(
      /cheapest agency would cost £275\.00; booking the bank worker below saves £77\.00/,
    );
    const suggestion = await openSuggestion(soon.id);
    expect(await tableTexts(page, '#suggestion-candidates')).toEqual(
      suggestion.candidates.map((candidate) => [
        candidate.displayName,
        'Own bank',
        '£198.00',
        '£77.00',
        `Book ${candidate.displayName}`,
      ]),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-suggestion');

    const best = suggestion.candidates[0]!;
    await page.getByRole('button', { name: `Book ${best.displayName}` }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(`/shifts/${soon.id}`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(`${best.displayName} is booked`);
    expect(await page.locator('#suggestion').count()).toBe(0);
    const [acted] = await suggestionsOf(soon.id);
    expect(acted).toMatchObject({ status: 'acted', savingRealisedPence: 7_700 });
    expect((await api(`shifts/${soon.id}`)).booking).toMatchObject({ type: 'bank', bankWorkerId: best.bankWorkerId });

    // The overlapping shift's suggestion still names them, but they are no longer free for it.
    await page.goto(`${harness.base}/shifts/${overlapping.id}`);
    const other = await tableTexts(page, '#suggestion-candidates');
    expect(other.find((cells) => cells[0] === best.displayName)?.[4]).toBe('No longer free');
    expect(other.filter((cells) => cells[4]!.startsWith('Book '))).toHaveLength(2);
    await page.context().close();
  });

  it('swaps the agency booking to a bank worker from the booked shift’s page, a reason required', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    await page.goto(`${harness.base}/shifts/${swapped.id}`);
    const section = page.locator('#suggestion');
    expect(await section.locator('h2').textContent()).toBe('Swap the agency for the bank');
    expect(await section.locator('.nhsuk-inset-text').textContent()).toMatch(
      /Agency booked: a bank worker is free\.\s+The agency booking costs £275\.00; swapping it to the bank worker below saves £77\.00/,
    );
    const suggestion = await openSuggestion(swapped.id);
    expect(await tableTexts(page, '#suggestion-candidates')).toEqual(
      suggestion.candidates.map((candidate) => [
        candidate.displayName,
        'Own bank',
        '£198.00',
        '£77.00',
        `Swap to ${candidate.displayName}`,
      ]),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-swap-suggestion');

    // Six days ahead: nothing of theirs overlaps it.
    const chosen = suggestion.candidates[0]!;
    const swap = page.getByRole('button', { name: `Swap to ${chosen.displayName}` });
    // Without a reason: back with the error beside the field, and nothing changed.
    await swap.click();
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(
      'Give a reason for swapping the agency booking to the bank',
    );
    expect(await seriousViolations(page)).toEqual([]);
    expect((await api(`shifts/${swapped.id}`)).booking).toMatchObject({ type: 'agency' });

    await page.fill('#swapReason', 'A bank worker is free and costs less');
    await page.getByRole('button', { name: `Swap to ${chosen.displayName}` }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(`/shifts/${swapped.id}`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(
      `${chosen.displayName} is booked for this shift instead of the agency`,
    );
    expect((await api(`shifts/${swapped.id}`)).booking).toMatchObject({
      type: 'bank',
      bankWorkerId: chosen.bankWorkerId,
    });
    const [acted] = await suggestionsOf(swapped.id);
    expect(acted).toMatchObject({ status: 'acted', savingRealisedPence: 7_700 });
    await page.context().close();
  });

  it('shows the workforce lead the bank-first figures as a table, a chart and CSV', async () => {
    const week = DateTime.now().setZone('Europe/London');
    const isoWeek = week.toFormat("kkkk-'W'WW");
    const monday = week.startOf('week').toISODate()!;
    const report = await api(
      `reports/bank-first?systemId=${at.systemId}&from=${monday}&to=${week.plus({ days: 1 }).toISODate()}`,
      await buildApiKey(harness.test, { role: 'workforce_lead', systemId: at.systemId }),
    );
    expect(report.items).toEqual([
      expect.objectContaining({
        trustId: at.trustId,
        week: isoWeek,
        raised: 3,
        acted: 2,
        expired: 0,
        open: 1,
        savingRealisedPence: 15_400,
      }),
    ]);

    const answer = await harness.test.http
      .get(`/reports?systemId=${at.systemId}`)
      .set('Cookie', cookies.lead!)
      .expect(200);
    const table = /<table[^>]* id="table-bank-first">([\s\S]*?)<\/table>/.exec(answer.text)![1]!;
    expect(table).toContain(`data-week="${isoWeek}"`);
    expect(table).toContain(`${weekLabel(monday)} (${isoWeek})`);
    expect([...table.matchAll(/data-value="(\d+)"/g)].map((match) => Number(match[1]))).toEqual([
      3, 2, 0, 1, 3, 2, 0, 1,
    ]);
    expect([...table.matchAll(/data-pence="(\d+)"/g)].map((match) => Number(match[1]))).toEqual([15_400, 15_400]);

    const csv = await harness.test.http
      .get(`/reports/bank-first.csv?systemId=${at.systemId}`)
      .set('Cookie', cookies.lead!)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\n')).toEqual([
      'Trust,Week beginning,Raised,Acted on,Expired,Still open,Saving realised (pence)',
      `Test trust,${isoWeek},3,2,0,1,15400`,
      'Total,,3,2,0,1,15400',
    ]);

    const context = await newContext(harness);
    const page = await signIn(harness, ACCOUNTS.lead, context);
    await page.goto(`${harness.base}/reports?systemId=${at.systemId}#bank-first`);
    await page.waitForSelector('html[data-charts-ready="true"]');
    const chart = await page.evaluate(() => {
      const browser = globalThis as unknown as {
        document: { getElementById(id: string): unknown };
        Chart: {
          getChart(
            canvas: unknown,
          ): { data: { labels: string[]; datasets: { label: string; data: number[] }[] } } | undefined;
        };
      };
      const drawn = browser.Chart.getChart(browser.document.getElementById('chart-bank-first'));
      return (
        drawn && {
          labels: drawn.data.labels,
          datasets: drawn.data.datasets.map(({ label, data }) => ({ label, data })),
        }
      );
    });
    expect(chart).toEqual({
      labels: [`w/c ${weekLabel(monday)}`],
      datasets: [{ label: 'Test trust', data: [15_400] }],
    });
    expect(await page.locator('.fs-tile', { hasText: 'Saving realised, bank first' }).locator('dd').textContent()).toBe(
      '£154.00',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#bank-first').screenshot({ path: join(SCREENSHOTS, 'reports-bank-first.png') });
    await context.close();
  });
});
