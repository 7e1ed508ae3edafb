import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addDays, londonDate } from '../../src/modules/time-bands/index.js';
import {
  buildOrganisation,
  buildPublishedRateCard,
  buildSystem,
  nursingBand5Lines,
  type Organisation,
} from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { seriousViolations, signIn, startWebHarness, type WebHarness } from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

const ACCOUNTS = {
  lead: { id: 'card-lead-1', email: 'lead@kent-cards.test', name: 'Lena Lead', password: 'lead-password-1' },
  otherLead: { id: 'card-lead-2', email: 'lead@sussex-cards.test', name: 'Omar Other', password: 'lead-password-2' },
};

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The lines of a system card: nursing bands 5 and 6 and consultants, so the page has groups to show. */
const SYSTEM_LINES = [
  ...nursingBand5Lines({ agencyCapPence: 2600, bankRatePence: 1800 }),
  ...['day', 'night', 'saturday', 'sunday', 'bank_holiday'].map((band, index) => ({
    staffGroup: 'nursing',
    grade: 'band6',
    band,
    agencyCapPence: 3300 + index * 200,
    bankRatePence: 2300 + index * 150,
  })),
  { staffGroup: 'medical', grade: 'consultant', band: 'core', agencyCapPence: 8061, bankRatePence: 7305 },
  { staffGroup: 'medical', grade: 'consultant', band: 'unsocial', agencyCapPence: 10747, bankRatePence: 8661 },
];

/** Fills the rates of one band on a grade's page. */
async function fillBand(page: Page, band: string, rates: { bank?: string; cap?: string }) {
  if (rates.bank !== undefined) await page.fill(`#bank-${band}`, rates.bank);
  if (rates.cap !== undefined) await page.fill(`#cap-${band}`, rates.cap);
}

/** Clicks a form's button and answers the status of the POST it sends. */
async function submit(page: Page, button: string): Promise<number> {
  const response = page.waitForResponse((answer) => answer.request().method() === 'POST');
  await page.getByRole('button', { name: button }).click();
  const status = (await response).status();
  await page.waitForLoadState('load');
  return status;
}

/**
 * The workforce lead's rate-card pages in headless Chromium, signed in through a real OpenID
 * provider: the cards in force, a new version drafted from the system card, one bank rate changed
 * (and a bad one refused), the change in the diff, publication, and the list after; a CSV out and
 * back in; and another system's lead kept out. Every page is checked with axe-core.
 */
describe('rate-card pages in a browser', () => {
  let harness: WebHarness;
  let org: Organisation;
  let nationalCardId: string;
  let systemCardId: string;
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS));
    const test = harness.test;
    org = await buildOrganisation(test);
    const other = await buildSystem(test, { name: 'Other system' });
    nationalCardId = await buildPublishedRateCard(test, {
      name: 'National price cap 2025',
      lines: nursingBand5Lines({ agencyCapPence: 2996 }),
    });
    systemCardId = await buildPublishedRateCard(test, {
      scope: 'system',
      systemId: org.systemId,
      name: 'Test system card 2025',
      lines: SYSTEM_LINES,
    });
    const invite = async (key: keyof typeof ACCOUNTS, systemId: string) => {
      const response = await test
        .as(test.adminKey)
        .post('/api/v1/users', { email: ACCOUNTS[key].email, role: 'workforce_lead', systemId })
        .expect(201);
      userIds[key] = response.body.id;
    };
    await invite('lead', org.systemId);
    await invite('otherLead', other.id);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lets a lead draft a new version from the card in force, change a bank rate, see it in the diff and publish it', async () => {
    const page = await signIn(harness, ACCOUNTS.lead);
    await page.getByRole('link', { name: 'Rate cards' }).click();
    expect(await page.locator('h1').textContent()).toBe('Rate cards');
    const inForce = page.locator('table', { has: page.locator('caption', { hasText: 'Cards in force today' }) });
    expect(await inForce.textContent()).toContain('Test system card 2025');
    expect(await inForce.textContent()).toContain('National price cap 2025');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Test system card 2025' }).click();
    expect(new URL(page.url()).pathname).toBe(`/rate-cards/${systemCardId}`);
    const band5 = page.locator('tbody#nursing-band5');
    expect(await band5.textContent()).toContain('£18.00');
    expect(await page.locator('#medical').textContent()).toBe('Medical and Dental');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'rate-card');

    await page.getByRole('button', { name: 'Start a draft from this card' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    const from = addDays(londonDate(), 30);
    const [year, month, day] = from.split('-');
    await page.fill('#name', 'Test system card 2026');
    await page.fill('#effectiveFrom-day', String(Number(day)));
    await page.fill('#effectiveFrom-month', String(Number(month)));
    await page.fill('#effectiveFrom-year', year!);
    expect(await submit(page, 'Start the draft')).toBe(303);
    const draftPath = new URL(page.url()).pathname;
    expect(draftPath).toMatch(/^\/rate-cards\/[0-9a-f-]{36}$/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Draft started');
    expect(await page.locator('main').textContent()).toContain('No rate changes');

    await page.getByRole('link', { name: 'Change Nursing and Midwifery Registered, Band 5 rates' }).click();
    expect(await page.locator('h1').textContent()).toBe('Nursing and Midwifery Registered, Band 5');
    expect(await page.inputValue('#bank-day')).toBe('18.00');
    await fillBand(page, 'day', { bank: '-19.50' });
    expect(await submit(page, 'Save rates')).toBe(400);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(
      'The bank rate for weekday days must be more than £0',
    );
    expect(await page.locator('#bank-day-error').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'rate-card-grade');
    await fillBand(page, 'day', { bank: '18.505' });
    expect(await submit(page, 'Save rates')).toBe(400);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('must be in whole pence');

    await fillBand(page, 'day', { bank: '19.50' });
    expect(await submit(page, 'Save rates')).toBe(303);
    expect(new URL(page.url()).pathname).toBe(draftPath);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Saved the rates');
    const changes = page.locator('table', { has: page.locator('caption', { hasText: 'Rates that change' }) });
    const changed = await changes.locator('tbody tr').allTextContents();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/Band 5, weekday days.*Bank rate.*£18\.00.*£19\.50.*\+£1\.50.*\+8\.3%/s);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'rate-card-draft');

    await page.getByRole('link', { name: 'Compare with another card' }).click();
    expect(await page.locator('main').textContent()).toContain('+£1.50');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'rate-card-diff');

    await page.goto(`${harness.base}${draftPath}`);
    await page.getByRole('button', { name: 'Publish this card' }).click();
    const main = await page.locator('main').textContent();
    const fromWords = new Date(`${from}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    expect(main).toContain(`From ${fromWords} this card replaces Test system card 2025`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await submit(page, 'Publish the card')).toBe(303);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(
      `Test system card 2026 is published: it comes into force on ${fromWords}.`,
    );

    const draftId = draftPath.split('/').at(-1)!;
    const card = await harness.test.as(harness.test.adminKey).get(`/api/v1/rate-cards/${draftId}`).expect(200);
    expect(card.body).toMatchObject({ status: 'published', effectiveFrom: from });
    expect(card.body.lines).toContainEqual(
      expect.objectContaining({ grade: 'band5', band: 'day', bankRatePence: 1950 }),
    );
    const audit = await queryRows<{ action: string; user_id: string }>(
      harness.test.database.url,
      `SELECT action, user_id FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [draftId],
    );
    expect(audit).toEqual([
      { action: 'rate_card.create', user_id: userIds.lead },
      { action: 'rate_card.replace_lines', user_id: userIds.lead },
      { action: 'rate_card.publish', user_id: userIds.lead },
    ]);

    await page.getByRole('link', { name: 'Rate cards' }).first().click();
    const coming = page.locator('table', { has: page.locator('caption', { hasText: 'Cards coming into force' }) });
    expect(await coming.textContent()).toContain('Test system card 2026');
    expect(await inForce.textContent()).toContain('Test system card 2025');
    expect(await page.locator('main').textContent()).toContain('No drafts.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'rate-cards');
    await page.context().close();
  });

  it('downloads a card as the API’s CSV, and uploads a changed file as a new draft', async () => {
    const page = await signIn(harness, ACCOUNTS.lead);
    const download = await page.request.get(`${harness.base}/rate-cards/${systemCardId}/lines.csv`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('text/csv');
    const csv = await download.text();
    const api = await harness.test.as(harness.test.adminKey).get(`/api/v1/rate-cards/${systemCardId}/lines.csv`);
    expect(csv).toBe(api.text);

    await page.goto(`${harness.base}/rate-cards/new`);
    expect(await seriousViolations(page)).toEqual([]);
    const from = addDays(londonDate(), 400);
    const [year, month, day] = from.split('-');
    await page.fill('#name', 'Uploaded card');
    await page.fill('#effectiveFrom-day', day!);
    await page.fill('#effectiveFrom-month', month!);
    await page.fill('#effectiveFrom-year', year!);
    const broken = csv.replace('nursing,band5,day,2600,1800', 'nursing,band5,day,2600,-1');
    await page.setInputFiles('#file', { name: 'card.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    expect(await submit(page, 'Upload and check')).toBe(400);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Row ');
    expect(await seriousViolations(page)).toEqual([]);

    const changed = csv.replace('nursing,band5,night,2600,1800', 'nursing,band5,night,2600,2000');
    await page.setInputFiles('#file', { name: 'card.csv', mimeType: 'text/csv', buffer: Buffer.from(changed) });
    expect(await submit(page, 'Upload and check')).toBe(303);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(
      `Draft uploaded with ${SYSTEM_LINES.length} lines`,
    );
    expect(await page.locator('main').textContent()).toMatch(/Band 5, weekday nights\s*Bank rate\s*£18\.00\s*£20\.00/);
    await page.context().close();
  });

  it('answers 404 for another system’s card, and shows the national cap to every lead', async () => {
    const page = await signIn(harness, ACCOUNTS.otherLead);
    for (const path of [`/rate-cards/${systemCardId}`, `/rate-cards/${systemCardId}/lines.csv`]) {
      const response = await page.goto(`${harness.base}${path}`);
      expect(response?.status()).toBe(404);
    }
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await seriousViolations(page)).toEqual([]);
    const copy = await page.goto(`${harness.base}/rate-cards/${systemCardId}/copy`);
    expect(copy?.status()).toBe(404);
    const list = await page.goto(`${harness.base}/rate-cards`);
    expect(list?.status()).toBe(200);
    expect(await page.locator('main').textContent()).not.toContain('Test system card');
    const national = await page.goto(`${harness.base}/rate-cards/${nationalCardId}`);
    expect(national?.status()).toBe(200);
    // Only an admin changes the national cap: no draft button for a lead.
    expect(await page.getByRole('button', { name: 'Start a draft from this card' }).count()).toBe(0);
    await page.context().close();
  });

  it('answers a clear 4xx page for addresses and input that are not a card’s', async () => {
    const page = await signIn(harness, ACCOUNTS.lead);
    const statuses: Record<string, number | undefined> = {};
    for (const path of [
      '/rate-cards/not-a-card',
      `/rate-cards/${systemCardId}/diff?against=nonsense`,
      `/rate-cards/${systemCardId}/lines/nursing/band5`,
      `/rate-cards/${systemCardId}/lines/nursing/consultant`,
      `/rate-cards/${systemCardId}/publish`,
    ]) {
      statuses[path] = (await page.goto(`${harness.base}${path}`))?.status();
    }
    expect(statuses).toEqual({
      '/rate-cards/not-a-card': 404,
      [`/rate-cards/${systemCardId}/diff?against=nonsense`]: 400,
      // A published card is never changed; consultant is no grade of nursing.
      [`/rate-cards/${systemCardId}/lines/nursing/band5`]: 409,
      [`/rate-cards/${systemCardId}/lines/nursing/consultant`]: 404,
      [`/rate-cards/${systemCardId}/publish`]: 409,
    });

    await page.goto(`${harness.base}/rate-cards/new`);
    const csrf = await page.locator('input[name=_csrf]').inputValue();
    const upload = (fields: Record<string, string>, file: Buffer) =>
      page.request.post(`${harness.base}/rate-cards/new`, {
        multipart: {
          ...fields,
          name: 'Big',
          day: '1',
          month: '4',
          year: '2030',
          file: { name: 'card.csv', mimeType: 'text/csv', buffer: file },
        },
      });
    const tooBig = await upload({ _csrf: csrf }, Buffer.alloc(1_100_000, 'a'));
    expect(tooBig.status()).toBe(400);
    expect(await tooBig.text()).toContain('The file is too big');
    expect((await upload({}, Buffer.from('staffGroup,grade,band,agencyCapPence\n'))).status()).toBe(403);
    await page.context().close();
  });
});
