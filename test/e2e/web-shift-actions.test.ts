import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import {
  buildApiKey,
  buildBankWorker,
  buildBooking,
  buildPublishedRateCard,
  buildShift,
  buildSystem,
  buildTrust,
  buildWard,
  nursingBand5Lines,
} from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { seriousViolations, signIn, startWebHarness, type WebHarness } from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const LONDON = 'Europe/London';

const ROTA = { id: 'rota-actions', email: 'rota.actions@medway.test', name: 'Rita Rota', password: 'rota-password-2' };

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Clicks a form's button and answers the status of the page the post itself answered (before any redirect). */
async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

/** The text of the first element `selector` finds; fails at once (no waiting) when there is none. */
async function textOf(page: Page, selector: string): Promise<string> {
  const found = page.locator(selector);
  if ((await found.count()) === 0) throw new Error(`nothing on ${page.url()} matches ${selector}`);
  return (await found.first().textContent()) ?? '';
}

const errorSummary = (page: Page) => textOf(page, '.nhsuk-error-summary');

/**
 * The rota manager's changes to shifts in headless Chromium, signed in through a real OpenID
 * provider: post a shift repeated weekly from the form, cancel a booked shift with a reason, and
 * record the timesheet of a shift that has started. Forms a person can fix come back with an
 * error summary and 400; every page is checked with axe-core.
 */
describe('posting, cancelling and recording shifts in a browser', () => {
  let harness: WebHarness;
  let systemId: string;
  let trustId: string;
  let wardId: string;
  let rotaKey: string;
  let startedShiftId: string;
  let userId: string;
  let bea: string;
  let posted: { id: string; localStartDate: string }[] = [];
  /** London date a week from today: the first of the posted weeks. */
  const firstDate = DateTime.now().setZone(LONDON).plus({ weeks: 1 }).startOf('day');

  beforeAll(async () => {
    harness = await startWebHarness([ROTA]);
    const test = harness.test;
    const system = await buildSystem(test);
    systemId = system.id;
    trustId = (await buildTrust(test, system.id, { name: 'Medway NHS Foundation Trust' })).id;
    const otherTrustId = (await buildTrust(test, system.id, { name: 'Dartford and Gravesham NHS Trust' })).id;
    wardId = (await buildWard(test, trustId, { name: 'Byron ward' })).id;
    await buildWard(test, trustId, { name: 'Keats ward' });
    await buildWard(test, otherTrustId, { name: 'Pembury ward' });
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [trustId, otherTrustId] });
    await buildPublishedRateCard(test, { name: 'caps', lines: nursingBand5Lines({ agencyCapPence: 3000 }) });
    await buildPublishedRateCard(test, {
      scope: 'system',
      systemId: system.id,
      lines: nursingBand5Lines({ agencyCapPence: 2600, bankRatePence: 1800 }),
    });
    bea = await buildBankWorker(test, trustId, { displayName: 'Bea Bank' });
    // Yesterday's day shift, booked: it has started, so its timesheet is due.
    const yesterday = DateTime.now().setZone(LONDON).minus({ days: 1 }).startOf('day');
    const started = await buildShift(
      test,
      { trustId, wardId },
      '',
      {
        startsAt: yesterday.set({ hour: 8 }).toISO({ suppressMilliseconds: true }),
        endsAt: yesterday.set({ hour: 20 }).toISO({ suppressMilliseconds: true }),
        breakMinutes: 60,
      },
      rotaKey,
    );
    startedShiftId = started.id;
    expect((await buildBooking(test, startedShiftId, { type: 'bank', bankWorkerId: bea }, rotaKey)).status).toBe(
      'confirmed',
    );
    const invited = await test
      .as(test.adminKey)
      .post('/api/v1/users', { email: ROTA.email, role: 'rota_manager', trustIds: [trustId, otherTrustId] })
      .expect(201);
    userId = invited.body.id;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('posts a night shift repeated for three weeks, all three then listed as open', async () => {
    const page = await signIn(harness, ROTA);
    await page.getByRole('button', { name: 'Post a shift' }).click();
    expect(new URL(page.url()).pathname).toBe('/shifts/new');
    expect(await textOf(page, 'h1')).toBe('Post a shift');
    // Two trusts: the wards are grouped under them.
    expect(await page.locator('#wardId optgroup').evaluateAll((groups) => groups.map((group) => group.label))).toEqual([
      'Dartford and Gravesham NHS Trust',
      'Medway NHS Foundation Trust',
    ]);
    expect(await textOf(page, '#times-hint')).toContain('the next morning');
    expect(await textOf(page, '#repeatWeeks-hint')).toContain('Up to 12');
    expect(await seriousViolations(page)).toEqual([]);

    await page.selectOption('#wardId', wardId);
    await page.selectOption('#staffGroup', 'nursing');
    await page.selectOption('#grade', 'band5');
    await page.fill('#date-day', String(firstDate.day));
    await page.fill('#date-month', String(firstDate.month));
    await page.fill('#date-year', String(firstDate.year));
    await page.fill('#startTime', '19:00');
    await page.fill('#endTime', '07:30');
    await page.fill('#breakMinutes', '30');
    await page.fill('#repeatWeeks', '3');
    await page.fill('#reason', 'Long-term sickness cover');
    await screenshot(page, 'shift-new');
    expect(await submit(page, 'Post shift')).toBe(303);

    const banner = await textOf(page, '.nhsuk-notification-banner');
    expect(banner).toContain('3 shifts posted, one a week from');
    expect(banner).toContain('19:00 to 07:30');
    expect(await seriousViolations(page)).toEqual([]);
    const list = await harness.test
      .as(rotaKey)
      .get(`/api/v1/shifts?trustId=${trustId}&from=${firstDate.toISODate()}&sort=startsAt`)
      .expect(200);
    posted = list.body.items.filter((shift: { reason: string }) => shift.reason === 'Long-term sickness cover');
    expect(posted.map((shift) => shift.localStartDate)).toEqual(
      [0, 1, 2].map((week) => firstDate.plus({ weeks: week }).toISODate()),
    );
    expect(new URL(page.url()).pathname).toBe(`/shifts/${posted[0]!.id}`);
    const audit = await queryRows<{ user_id: string }>(
      harness.test.database.url,
      `SELECT user_id FROM audit_log WHERE action = 'shift.create' AND entity_id = ANY($1::text[])`,
      [posted.map((shift) => shift.id)],
    );
    expect(audit).toEqual([{ user_id: userId }, { user_id: userId }, { user_id: userId }]);

    await page.goto(`${harness.base}/shifts`);
    for (const shift of posted) {
      expect(await page.locator(`a[href="/shifts/${shift.id}"]`).count()).toBe(1);
    }
    await page.context().close();
  });

  it('shows the form again with an error summary, and 400, when fields are missing or the rules refuse them', async () => {
    const page = await signIn(harness, ROTA);
    await page.goto(`${harness.base}/shifts/new`);
    expect(await submit(page, 'Post shift')).toBe(400);
    const summary = await errorSummary(page);
    for (const message of [
      'There is a problem',
      'Choose the ward the shift is on',
      'Choose a staff group',
      'Choose a grade',
      'Enter the date the shift starts',
      'Enter the start time',
      'Enter the end time',
      'Enter the unpaid break in minutes, or 0 for none',
    ]) {
      expect(summary).toContain(message);
    }
    expect(await page.title()).toMatch(/^Error: Post a shift/);
    expect(await page.locator('.nhsuk-error-summary a[href="#date-day"]').count()).toBe(1);
    expect(await page.locator('#date-day').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // Every field present, but a nursing band on a medical shift and 13 weeks: the DTO and the service say no.
    await page.selectOption('#wardId', wardId);
    await page.selectOption('#staffGroup', 'medical');
    await page.selectOption('#grade', 'band5');
    await page.fill('#date-day', String(firstDate.day));
    await page.fill('#date-month', String(firstDate.month));
    await page.fill('#date-year', String(firstDate.year));
    await page.fill('#startTime', '0800');
    await page.fill('#endTime', '20:00');
    await page.fill('#breakMinutes', '60');
    await page.fill('#repeatWeeks', '13');
    expect(await submit(page, 'Post shift')).toBe(400);
    expect(await errorSummary(page)).toContain('Enter how many weeks to post it for, from 1 to 12');
    await page.fill('#repeatWeeks', '1');
    expect(await submit(page, 'Post shift')).toBe(400);
    expect(await errorSummary(page)).toContain('Choose a grade of Medical and Dental: Band 5 is not one');
    // What was typed is kept.
    expect(await page.inputValue('#startTime')).toBe('0800');
    expect(await page.inputValue('#staffGroup')).toBe('medical');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-new-errors');
    await page.context().close();
  });

  it('cancels a booked shift with a reason, saying first what happens to the booked worker', async () => {
    const shift = posted[1]!;
    const booking = await buildBooking(harness.test, shift.id, { type: 'bank', bankWorkerId: bea }, rotaKey);
    const page = await signIn(harness, ROTA);
    await page.goto(`${harness.base}/shifts/${shift.id}`);
    await page.getByRole('button', { name: 'Cancel this shift' }).click();
    expect(new URL(page.url()).pathname).toBe(`/shifts/${shift.id}/cancel`);
    expect(await textOf(page, '.nhsuk-card--warning')).toContain('Bea Bank is booked for this shift');
    expect(await textOf(page, '.nhsuk-card--warning')).toContain('cancels their booking too');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-cancel');

    expect(await submit(page, 'Cancel shift')).toBe(400);
    expect(await errorSummary(page)).toContain('Enter why the shift is being cancelled');
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#reason', 'Ward closed for a deep clean');
    expect(await submit(page, 'Cancel shift')).toBe(303);

    expect(new URL(page.url()).pathname).toBe(`/shifts/${shift.id}`);
    expect(await textOf(page, '.nhsuk-notification-banner')).toContain(
      'Shift cancelled. Bea Bank’s booking is cancelled with it',
    );
    expect(await textOf(page, '.nhsuk-inset-text')).toContain(
      'This shift was cancelled: Ward closed for a deep clean.',
    );
    expect(await page.getByRole('button', { name: 'Cancel this shift' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    const detail = await harness.test.as(rotaKey).get(`/api/v1/shifts/${shift.id}`).expect(200);
    expect(detail.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Ward closed for a deep clean',
      booking: null,
    });
    const cancelled = await harness.test.as(rotaKey).get(`/api/v1/bookings/${booking.id}`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');

    // A cancelled shift cannot be cancelled again: a plain 409 page, not the form.
    const again = await page.goto(`${harness.base}/shifts/${shift.id}/cancel`);
    expect(again?.status()).toBe(409);
    await page.context().close();
  });

  it('records the timesheet of a booked shift that has started, and shows it on the shift', async () => {
    const page = await signIn(harness, ROTA);
    await page.goto(`${harness.base}/shifts/${startedShiftId}`);
    await page.getByRole('button', { name: 'Record the timesheet' }).click();
    expect(new URL(page.url()).pathname).toBe(`/shifts/${startedShiftId}/timesheet`);
    expect(await textOf(page, 'h1')).toBe('Record the timesheet');
    // Prefilled with the planned times and the booked cost (11 paid hours at £18).
    expect(await page.inputValue('#startTime')).toBe('08:00');
    expect(await page.inputValue('#endTime')).toBe('20:00');
    expect(await page.inputValue('#breakMinutes')).toBe('60');
    expect(await page.inputValue('#amount')).toBe('198.00');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-timesheet');

    await page.fill('#endTime', '20:30');
    await page.fill('#amount', 'about £200');
    expect(await submit(page, 'Save timesheet')).toBe(400);
    expect(await errorSummary(page)).toContain('Enter the amount in pounds and pence, for example 198.50');
    expect(await page.inputValue('#endTime')).toBe('20:30');
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#amount', '207.00');
    expect(await submit(page, 'Save timesheet')).toBe(303);

    expect(new URL(page.url()).pathname).toBe(`/shifts/${startedShiftId}`);
    expect(await textOf(page, '.nhsuk-notification-banner')).toContain('Timesheet recorded: worked');
    const timesheet = await textOf(page, 'h2:has-text("Timesheet") + dl');
    expect(timesheet).toContain('11.5 hours (60 minutes');
    expect(timesheet).toContain('£207.00');
    expect(await page.getByRole('button', { name: 'Change the timesheet' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-worked');

    const detail = await harness.test.as(rotaKey).get(`/api/v1/shifts/${startedShiftId}`).expect(200);
    expect(detail.body.status).toBe('worked');
    expect(detail.body.timesheet).toMatchObject({ elapsedMinutes: 750, paidMinutes: 690, amountPence: 20_700 });
    const audit = await queryRows<{ user_id: string }>(
      harness.test.database.url,
      `SELECT user_id FROM audit_log WHERE action = 'timesheet.create' AND entity_id = $1`,
      [detail.body.timesheet.id],
    );
    expect(audit).toEqual([{ user_id: userId }]);
    await page.context().close();
  });

  it('answers a timesheet page for a shift that is not booked with a plain 409, and a post without its token with 403', async () => {
    const page = await signIn(harness, ROTA);
    const open = await page.goto(`${harness.base}/shifts/${posted[0]!.id}/timesheet`);
    expect(open?.status()).toBe(409);
    expect(await textOf(page, 'main')).toContain('Only a shift with a confirmed booking takes a timesheet');
    expect(await seriousViolations(page)).toEqual([]);
    const forged = await page.request.post(`${harness.base}/shifts/new`, { form: { wardId, repeatWeeks: '2' } });
    expect(forged.status()).toBe(403);
    await page.context().close();
  });

  it('shows who sees an open shift and from when, and lets the rota manager release it early with a reason', async () => {
    const test = harness.test;
    // This system now holds its shifts to the rule book's cascade.
    await test
      .as(test.adminKey)
      .patch(`/api/v1/systems/${systemId}`, {
        settings: {
          releaseCascade: {
            collaborative_bank: { beforeStartHours: 336, afterPostingHours: 1 },
            agency_tier_1: { beforeStartHours: 120, afterPostingHours: 2 },
            agency_tier_2: { beforeStartHours: 72, afterPostingHours: 3 },
            agency_tier_3: { beforeStartHours: 48, afterPostingHours: 4 },
          },
        },
      })
      .expect(200);
    const date = DateTime.now().setZone(LONDON).plus({ days: 10 }).toISODate()!;
    const shift = await buildShift(test, { trustId, wardId }, date, {}, rotaKey);
    const page = await signIn(harness, ROTA);
    await page.goto(`${harness.base}/shifts/${shift.id}`);
    expect(await textOf(page, '#releases tr[data-stage="own_bank"]')).toContain('Released');
    expect(await textOf(page, '#releases tr[data-stage="agency_tier_1"]')).toContain('from ');
    await page.getByRole('link', { name: 'Release it early' }).click();
    await page.waitForURL(/\/release$/);
    expect(await seriousViolations(page)).toEqual([]);

    expect(await submit(page, 'Release now')).toBe(400);
    expect(await errorSummary(page)).toContain('Choose how far to release the shift');
    await page.getByLabel('Tier 1 agencies').check();
    expect(await submit(page, 'Release now')).toBe(400);
    expect(await errorSummary(page)).toContain('Say why the shift is released early');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-release');

    await page.getByLabel('Tier 1 agencies').check();
    await page.fill('#reason', 'No bank worker has taken it after two days');
    expect(await submit(page, 'Release now')).toBe(303);
    expect(new URL(page.url()).pathname).toBe(`/shifts/${shift.id}`);
    expect(await textOf(page, '.nhsuk-notification-banner')).toContain('Released to tier 1 agencies now');
    expect(await textOf(page, '#releases tr[data-stage="agency_tier_1"]')).toContain('Released');
    expect(await textOf(page, '#releases tr[data-stage="agency_tier_2"]')).not.toContain('Released');
    const [audit] = await queryRows<{ user_id: string }>(
      test.database.url,
      `SELECT user_id FROM audit_log WHERE action = 'shift.release' AND entity_id = $1`,
      [shift.id],
    );
    expect(audit).toEqual({ user_id: userId });
    await page.context().close();
  });
});
