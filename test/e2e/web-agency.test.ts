import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type CascadePlace, cascadePlaces } from '../support/cascade.js';
import { buildAgency, buildAgencyContract, buildBankWorker, buildShift, contractLines } from '../support/factories.js';
import { AFC_BANDS } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { seriousViolations, signIn, startWebHarness, type WebHarness } from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const ACCOUNTS = {
  agent: { id: 'agent-web', email: 'sam@kentnursing.test', name: 'Sam Agent', password: 'agent-password-web' },
  rota: { id: 'rota-agency-web', email: 'rota@agency-web.test', name: 'Rita Rota', password: 'rota-password-aw' },
};

/** Clicks a form's button and waits for the page that answers it. */
async function press(page: Page, button: string) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: button }).first().click(),
  ]);
  return response!;
}

/**
 * The agency side on people's pages, in Chromium with axe-core: agency staff see the shifts
 * released to their agency with its contract's charge, put a candidate forward (refused under the
 * field at a penny above the contract, told the sign-off above the national cap), and withdraw one;
 * the rota manager sees the submissions on the shift page and accepts one (the bank-first reason
 * asked for while a bank worker could work it) or declines one, which the agency then sees. A 12-hour
 * day shift with an hour's break: the contract's 3,500 an hour is £385.00 against a cap of £330.00.
 */
describe('agency pages', () => {
  let harness: WebHarness;
  let at: CascadePlace;
  let agent: Page;
  let rota: Page;
  let shiftId: string;
  let secondShiftId: string;

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS));
    const test = harness.test;
    at = await cascadePlaces(test)(null);
    const agencyId = await buildAgency(test, { name: 'Kent Nursing Partners' });
    await buildAgencyContract(test, {
      agencyId,
      systemId: at.systemId,
      lines: contractLines('nursing', 'band5', AFC_BANDS, { chargeRatePence: 3500, workerPayPence: 1900 }),
    });
    await buildBankWorker(test, at.trustId, { displayName: 'Bea Bank' });
    shiftId = (await buildShift(test, at, '2027-01-13')).id;
    secondShiftId = (await buildShift(test, at, '2027-01-14')).id;
    const invite = (email: string, body: object) =>
      test
        .as(test.adminKey)
        .post('/api/v1/users', { email, ...body })
        .expect(201);
    await invite(ACCOUNTS.agent.email, { role: 'agency', agencyId });
    await invite(ACCOUNTS.rota.email, { role: 'rota_manager', systemId: at.systemId });
    agent = await signIn(harness, ACCOUNTS.agent);
    rota = await signIn(harness, ACCOUNTS.rota);
  });

  afterAll(async () => {
    await agent?.context().close();
    await rota?.context().close();
    await harness?.close();
  });

  it('lists the shifts released to the agency with its charge, and puts a candidate forward', async () => {
    await agent.goto(`${harness.base}/agency`);
    expect(await agent.locator('h1').textContent()).toBe('Shifts released to your agency');
    const row = agent.locator(`#released-shifts tr[data-shift-id="${shiftId}"]`);
    expect(await row.textContent()).toContain('£385.00');
    expect(await row.textContent()).toContain('Above the national price cap');
    const links = await agent.locator('.nhsuk-header__navigation-link[href]').allTextContents();
    expect(links.map((link) => link.trim())).toEqual(['Released shifts', 'Bookings']);
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SCREENSHOTS, 'agency-shifts.png'), fullPage: true });

    await row.getByRole('link').click();
    expect(await agent.locator('h1').textContent()).toBe('Put a candidate forward');
    await agent.getByLabel('Candidate’s full name').fill('Ama Owusu');
    await agent.getByLabel('Day rate').fill('35.01');
    expect((await press(agent, 'Put this candidate forward')).status()).toBe(400);
    expect(await agent.locator('.nhsuk-error-summary').textContent()).toContain('registration');
    await agent.getByLabel('Professional registration').fill('NMC 12A3456B');
    expect((await press(agent, 'Put this candidate forward')).status()).toBe(422);
    expect(await agent.locator('#rate_day-error').textContent()).toContain('above the contract line');
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SCREENSHOTS, 'agency-submit-errors.png'), fullPage: true });
    await agent.getByLabel('Day rate').fill('35.00');
    await press(agent, 'Put this candidate forward');
    expect(new URL(agent.url()).pathname).toBe('/agency');
    expect(await agent.locator('.nhsuk-notification-banner').textContent()).toContain(
      'Ama Owusu is put forward for Wed 13 Jan 2027, 07:00 to 19:00 at £385.00. Its booking needs sign-off by a senior manager.',
    );
    expect(await agent.locator('#your-submissions').textContent()).toContain('Waiting for a decision');
  });

  it('lets the agency withdraw a candidate it put forward', async () => {
    await agent.goto(`${harness.base}/agency/shifts/${secondShiftId}`);
    await agent.getByLabel('Candidate’s full name').fill('Ben Carter');
    await agent.getByLabel('Professional registration').fill('98B7654C');
    await press(agent, 'Put this candidate forward');
    await agent.getByRole('link', { name: 'Withdraw Ben Carter' }).click();
    expect((await press(agent, 'Withdraw')).status()).toBe(400);
    await agent.getByLabel('Why are you withdrawing them?').fill('Candidate unwell');
    await press(agent, 'Withdraw');
    expect(await agent.locator('.nhsuk-notification-banner').textContent()).toContain('Ben Carter is withdrawn');
    const [row] = await queryRows<{ status: string }>(
      harness.test.database.url,
      `SELECT status FROM submissions WHERE shift_id = $1`,
      [secondShiftId],
    );
    expect(row).toEqual({ status: 'withdrawn' });
  });

  it('shows the rota manager the submissions on the shift page, and books one with the bank-first reason', async () => {
    await rota.goto(`${harness.base}/shifts/${shiftId}`);
    const card = rota.locator('#submissions ~ .nhsuk-card').first();
    expect(await card.textContent()).toContain('Ama Owusu');
    expect(await card.textContent()).toContain('Kent Nursing Partners');
    expect(await card.textContent()).toContain('£385.00');
    expect(await card.textContent()).toContain('Its booking needs sign-off by a senior manager.');
    expect(await seriousViolations(rota)).toEqual([]);
    await rota.screenshot({ path: join(SCREENSHOTS, 'shift-submissions.png'), fullPage: true });
    // Bea Bank could work it: accepting without a reason comes back with the question.
    expect((await press(rota, 'Accept and book Ama Owusu')).status()).toBe(400);
    expect(await rota.locator('.nhsuk-error-summary').textContent()).toContain('Give a reason');
    await rota.getByLabel('Why book an agency while a bank worker can work it?').fill('Bea Bank is on leave');
    await press(rota, 'Accept and book Ama Owusu');
    expect(await rota.locator('.nhsuk-notification-banner').textContent()).toContain(
      'Ama Owusu (Kent Nursing Partners) is booked, waiting for sign-off by a senior manager (£385.00).',
    );
    expect(await rota.locator('#submissions ~ .nhsuk-card').first().textContent()).toContain('Accepted');
  });

  it('lets the rota manager decline a candidate with a reason the agency then reads', async () => {
    const third = (await buildShift(harness.test, at, '2027-01-15')).id;
    await agent.goto(`${harness.base}/agency/shifts/${third}`);
    await agent.getByLabel('Candidate’s full name').fill('Cy Dunn');
    await agent.getByLabel('Professional registration').fill('NMC 55C1234D');
    await press(agent, 'Put this candidate forward');
    await rota.goto(`${harness.base}/shifts/${third}`);
    await rota.getByRole('link', { name: 'Decline Cy Dunn' }).click();
    expect(await seriousViolations(rota)).toEqual([]);
    await rota.getByLabel('Why are you declining them?').fill('The rate is above our cap');
    await press(rota, 'Decline');
    expect(await rota.locator('.nhsuk-notification-banner').textContent()).toContain(
      'Cy Dunn (Kent Nursing Partners) is declined',
    );
    await agent.goto(`${harness.base}/agency`);
    const submissions = await agent.locator('#your-submissions').textContent();
    expect(submissions).toContain('Declined');
    expect(submissions).toContain('The rate is above our cap');
    await agent.goto(`${harness.base}/agency/bookings`);
    expect(await agent.locator('#agency-bookings').textContent()).toContain('Ama Owusu');
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.screenshot({ path: join(SCREENSHOTS, 'agency-bookings.png'), fullPage: true });
  });
});
