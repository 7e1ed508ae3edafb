import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { BrowserContext, Page } from 'playwright-core';
import { MailCatcher } from '../../src/cli/mail-catcher.js';
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
  PHONE,
  seriousViolations,
  signIn,
  startWebHarness,
  type WebHarness,
} from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

const ACCOUNTS = {
  rota: { id: 'rota-bank-worker', email: 'rota@bank-worker.test', name: 'Rita Rota', password: 'rota-password-bw' },
  ann: { id: 'ann-bank-worker', email: 'ann@bank-worker.test', name: 'Ann Bank', password: 'ann-password-bw' },
  bob: { id: 'bob-bank-worker', email: 'bob@bank-worker.test', name: 'Bob Bank', password: 'bob-password-bw' },
};

/**
 * A bank worker's way in, in Chromium at phone size (docs/rules.md section 10c): the rota manager
 * offers a shift to the suggestion's candidates from the shift page; the worker is e-mailed, signs
 * in on a phone, sees the shift offered with its pay, and takes it; the shift page then shows it
 * booked from the bank and its suggestion acted on. A second worker who is too late is told the
 * shift has gone. A 12-hour day shift with an hour's break pays 1,800 × 11 = £198.00.
 */
describe('a bank worker on their phone', () => {
  let harness: WebHarness;
  let worker: INestApplicationContext;
  let catcher: MailCatcher;
  let at: CascadePlace;
  let rotaKey: string;
  let shift: { id: string };
  const ids: Record<string, string> = {};

  const phone = async (account: (typeof ACCOUNTS)['ann']): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await newContext(harness, PHONE);
    return { context, page: await signIn(harness, account, context) };
  };
  /** Nothing wider than the screen: no sideways scrolling on a phone. */
  const fitsTheScreen = (page: Page) => page.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth);

  beforeAll(async () => {
    catcher = await MailCatcher.start();
    harness = await startWebHarness(Object.values(ACCOUNTS), {
      SUGGESTION_SWEEP_MS: '500',
      SMTP_URL: catcher.url,
      EMAIL_RETRY_BASE_MS: '200',
      ALERTS_SWEEP_MS: '1000',
    });
    const test = harness.test;
    at = await cascadePlaces(test)(DEFAULT_CASCADE);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [at.trustId] });
    ids.ann = await buildBankWorker(test, at.trustId, { displayName: 'Ann Bank' });
    ids.bob = await buildBankWorker(test, at.trustId, { displayName: 'Bob Bank' });
    const invite = (email: string, body: object) =>
      test
        .as(test.adminKey)
        .post('/api/v1/users', { email, ...body })
        .expect(201);
    await invite(ACCOUNTS.rota.email, { role: 'rota_manager', trustIds: [at.trustId] });
    await invite(ACCOUNTS.ann.email, { role: 'bank_worker', bankWorkerId: ids.ann });
    await invite(ACCOUNTS.bob.email, { role: 'bank_worker', bankWorkerId: ids.bob });
    // Three days ahead: agencies see it two hours after posting, so the bank is suggested first.
    shift = await postShiftAt(test, at, minuteFromNow(72 * HOUR), rotaKey);
    worker = await startTestWorker(test);
    await eventually(async () => {
      const found = (await test.as(rotaKey).get(`/api/v1/fill-suggestions?shiftId=${shift.id}`).expect(200)).body;
      if (found.items[0]?.status !== 'open') throw new Error('no suggestion yet');
    }, 300);
  });

  afterAll(async () => {
    await worker?.close();
    await harness?.close();
    await catcher?.close();
  });

  it('lets the rota manager offer the shift to the suggested bank workers in one step', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    await page.goto(`${harness.base}/shifts/${shift.id}`);
    const form = page.locator('#offer-form');
    await expect(form.getByLabel('Ann Bank')).toBeDefined();
    expect(await form.getByLabel('Ann Bank').isChecked()).toBe(true);
    await form.getByLabel('Bob Bank').uncheck();
    await form.getByRole('button', { name: 'Offer the shift' }).click();
    await page.waitForURL(`${harness.base}/shifts/${shift.id}`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Offered to Ann Bank by e-mail');
    expect(await page.locator('#offers-list').textContent()).toMatch(/Ann Bank\s+Offered, open until/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'shift-offered.png'), fullPage: true });
    await page.context().close();
  });

  it('e-mails the worker a link to the shift', async () => {
    const [mail] = await eventually(async () => {
      const received = catcher.messagesTo(ACCOUNTS.ann.email);
      if (received.length === 0) throw new Error('no e-mail yet');
      return received;
    }, 300);
    expect(mail!.subject).toMatch(/^A shift for you: /);
    expect(mail!.text).toContain('£198.00');
    expect(mail!.text).toContain(`${harness.base}/me/shifts/${shift.id}`);
    expect(catcher.messagesTo(ACCOUNTS.bob.email)).toEqual([]);
  });

  it('shows the worker the shift offered with its pay on a phone, and takes it in two taps', async () => {
    const { context, page } = await phone(ACCOUNTS.ann);
    expect(new URL(page.url()).pathname).toBe('/me');
    const offered = page.locator('.fairshift-worker-card').first();
    expect(await page.getByRole('heading', { name: 'Offered to you' }).isVisible()).toBe(true);
    expect(await offered.textContent()).toContain('Pay £198.00');
    expect(await offered.textContent()).toContain('Offered to you until');
    // Nothing of agencies or of other workers.
    expect(await page.locator('main').textContent()).not.toMatch(/agency|Bob Bank/i);
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'worker-offered-phone.png'), fullPage: true });

    await offered.getByRole('button', { name: /Take this shift/ }).click();
    await page.waitForURL(`${harness.base}/me`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('You are booked');
    expect(await page.locator('#booked ~ .fairshift-worker-card').first().textContent()).toContain('Pay £198.00');
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'worker-booked-phone.png'), fullPage: true });
    await context.close();

    // The rota manager's shift page: booked from the bank, the suggestion acted on.
    const booking = (await harness.test.as(rotaKey).get(`/api/v1/bookings?shiftId=${shift.id}`).expect(200)).body
      .items[0];
    expect(booking).toMatchObject({ type: 'bank', bankWorkerId: ids.ann, status: 'confirmed' });
    const suggestion = (await harness.test.as(rotaKey).get(`/api/v1/fill-suggestions?shiftId=${shift.id}`).expect(200))
      .body.items[0];
    expect(suggestion).toMatchObject({ status: 'acted', actedBookingId: booking.id });
    const rota = await signIn(harness, ACCOUNTS.rota);
    await rota.goto(`${harness.base}/shifts/${shift.id}`);
    expect(await rota.locator('main').textContent()).toContain('Ann Bank');
    expect(await rota.locator('#offers-list').textContent()).toContain('Took it');
    await rota.context().close();
  });

  it('tells a worker who is too late that the shift has gone', async () => {
    const other = await postShiftAt(harness.test, at, minuteFromNow(120 * HOUR), rotaKey);
    const { context, page } = await phone(ACCOUNTS.bob);
    await page.goto(`${harness.base}/me/shifts/${other.id}`);
    expect(await page.locator('h1').textContent()).toBe('A shift you can work');
    // Ann's app takes it first.
    const annApp = await buildApiKey(harness.test, { role: 'bank_worker', bankWorkerId: ids.ann });
    await harness.test.as(annApp).post(`/api/v1/me/shifts/${other.id}/take`).expect(201);
    await page.getByRole('button', { name: 'Take this shift' }).click();
    expect(await page.locator('h1').textContent()).toBe('This shift has gone');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'worker-gone-phone.png'), fullPage: true });
    await context.close();
  });

  it('lets the worker cancel a booked shift after a confirm step, once', async () => {
    const { context, page } = await phone(ACCOUNTS.ann);
    const booked = page.locator('#booked ~ .fairshift-worker-card').first();
    await booked.getByRole('link', { name: /Cancel this shift/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Cancel this shift?');
    expect(await seriousViolations(page)).toEqual([]);
    const cancelUrl = page.url();
    await page.getByLabel('Why you cannot work it (optional)').fill('Unwell');
    await page.getByRole('button', { name: 'Cancel this shift' }).click();
    await page.waitForURL(`${harness.base}/me`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('You have cancelled');
    const booking = (await harness.test.as(rotaKey).get(`/api/v1/bookings?shiftId=${shift.id}`).expect(200)).body
      .items[0];
    expect(booking).toMatchObject({ status: 'cancelled', bankWorkerId: ids.ann });
    // Cancelled already: nothing to confirm.
    const again = await page.goto(cancelUrl);
    expect(again!.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('This booking is not active');
    await context.close();
  });
});
