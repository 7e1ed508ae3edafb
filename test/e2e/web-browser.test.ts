import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  AFC_BANDS,
  buildAgency,
  buildAgencyContract,
  buildApiKey,
  buildBankWorker,
  buildOrganisation,
  buildPublishedRateCard,
  buildShift,
  buildWard,
  contractLines,
  nursingBand5Lines,
  type Organisation,
} from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { seriousViolations, signIn, startWebHarness, type WebHarness } from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

const ACCOUNTS = {
  rota: { id: 'rota-1', email: 'rota@medway.test', name: 'Rita Rota', password: 'rota-password-1' },
  approver: { id: 'approver-1', email: 'approver@medway.test', name: 'Abe Approver', password: 'approver-password-1' },
  lead: { id: 'lead-1', email: 'lead@kent.test', name: 'Lee Lead', password: 'lead-password-1' },
  stranger: {
    id: 'stranger-1',
    email: 'stranger@elsewhere.test',
    name: 'Sam Stranger',
    password: 'stranger-password-1',
  },
};

/** Next week's Tuesday, as a London date: shifts the open-shifts page lists (it starts at today). */
function nextWeek(offsetDays = 0): string {
  const date = new Date(Date.now() + (7 + offsetDays) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * People's pages in headless Chromium, signed in through a real OpenID provider: a rota manager
 * books a bank worker from the ladder, an approver approves an above-cap booking, and the guards
 * hold (CSRF, expired sessions, another trust's shift, someone not invited). Every page is checked
 * with axe-core.
 */
describe('web application in a browser', () => {
  let harness: WebHarness;
  let org: Organisation;
  let bankShiftId: string;
  let agencyBookingId: string;
  let otherTrustShiftId: string;
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS));
    const test = harness.test;
    org = await buildOrganisation(test);
    const rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId, org.otherTrustId] });
    await buildPublishedRateCard(test, { name: 'caps', lines: nursingBand5Lines({ agencyCapPence: 3000 }) });
    await buildPublishedRateCard(test, {
      scope: 'system',
      systemId: org.systemId,
      lines: nursingBand5Lines({ agencyCapPence: 2600, bankRatePence: 1800 }),
    });
    await buildBankWorker(test, org.trustId, { displayName: 'Bea Bank' });
    const pricey = await buildAgency(test, { name: 'Pricey Staffing' });
    const contract = await buildAgencyContract(test, {
      agencyId: pricey,
      systemId: org.systemId,
      lines: contractLines('nursing', 'band5', AFC_BANDS, { chargeRatePence: 4600, workerPayPence: 2000 }),
    });
    bankShiftId = (await buildShift(test, org, nextWeek(), {}, rotaKey)).id;
    const agencyShift = await buildShift(test, org, nextWeek(1), {}, rotaKey);
    const booked = await test
      .as(rotaKey)
      .post(`/api/v1/shifts/${agencyShift.id}/bookings`, {
        type: 'agency',
        agencyContractId: contract,
        bypassReason: 'Bea is on leave that week',
      })
      .expect(201);
    expect(booked.body.status).toBe('pending_approval');
    agencyBookingId = booked.body.id;
    const otherWard = await buildWard(test, org.otherTrustId, { code: 'OT', name: 'Other trust ward' });
    otherTrustShiftId = (await buildShift(test, { trustId: org.otherTrustId, wardId: otherWard.id }, nextWeek(2))).id;

    const invite = async (key: keyof typeof ACCOUNTS, body: Record<string, unknown>) => {
      const response = await test
        .as(test.adminKey)
        .post('/api/v1/users', { email: ACCOUNTS[key].email, ...body })
        .expect(201);
      userIds[key] = response.body.id;
    };
    await invite('rota', { role: 'rota_manager', trustIds: [org.trustId] });
    await invite('approver', { role: 'approver', systemId: org.systemId, approvalLevel: 'executive' });
    await invite('lead', { role: 'workforce_lead', systemId: org.systemId });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lets a rota manager sign in and book a bank worker from the ladder', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    expect(new URL(page.url()).pathname).toBe('/shifts');
    expect(await page.locator('h1').textContent()).toBe('Open shifts');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'open-shifts');

    await page.locator(`a[href="/shifts/${bankShiftId}"]`).click();
    expect(await page.locator('text=Bea Bank').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shift-ladder');

    await page.getByRole('link', { name: 'Book Bea Bank' }).click();
    expect(await page.locator('h1').textContent()).toBe('Book this bank worker');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'book-confirm');
    await page.getByRole('button', { name: 'Confirm booking' }).click();

    expect(new URL(page.url()).pathname).toBe(`/shifts/${bankShiftId}`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Bea Bank is booked');
    const detail = await harness.test.as(harness.test.adminKey).get(`/api/v1/shifts/${bankShiftId}`).expect(200);
    expect(detail.body.status).toBe('booked');
    const audit = await queryRows<{ user_id: string }>(
      harness.test.database.url,
      `SELECT user_id FROM audit_log WHERE action = 'booking.create' AND entity_id = $1`,
      [detail.body.booking.id],
    );
    expect(audit).toEqual([{ user_id: userIds.rota }]);
    await page.context().close();
  });

  it('lets an approver approve an above-cap booking from the queue', async () => {
    const page = await signIn(harness, ACCOUNTS.approver);
    expect(new URL(page.url()).pathname).toBe('/approvals');
    const card = page.locator('.nhsuk-card', { hasText: 'Pricey Staffing' });
    expect(await card.textContent()).toContain('Amount over the cap');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'approvals');
    await card.getByRole('button', { name: 'Approve' }).click();
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Approved');
    const booking = await harness.test.as(harness.test.adminKey).get(`/api/v1/bookings/${agencyBookingId}`).expect(200);
    expect(booking.body).toMatchObject({ status: 'confirmed', decidedBy: userIds.approver });
    await page.context().close();
  });

  it('refuses a form post without its CSRF token', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    const response = await page.request.post(`${harness.base}/shifts/${bankShiftId}/book`, {
      form: { type: 'bank', bankWorkerId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(response.status()).toBe(403);
    await page.context().close();
  });

  it('sends someone whose session has gone idle back to sign in afresh at the provider', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    await queryRows(
      harness.test.database.url,
      `UPDATE web_sessions SET sess = jsonb_set(sess::jsonb, '{seenAt}', to_jsonb((extract(epoch FROM now()) * 1000)::bigint - 31 * 60000))::json
        WHERE sess ->> 'userId' = $1`,
      [userIds.rota],
    );
    await page.goto(`${harness.base}/shifts`);
    // The provider's own session is still live, but it is asked for a fresh sign-in (prompt=login).
    expect(page.url().startsWith(harness.provider.issuer)).toBe(true);
    expect(await page.locator('#password').count()).toBe(1);
    await page.context().close();
  });

  it('answers 404 for a shift of a trust outside the person’s scope', async () => {
    const page = await signIn(harness, ACCOUNTS.rota);
    const response = await page.goto(`${harness.base}/shifts/${otherTrustShiftId}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await seriousViolations(page)).toEqual([]);
    // An address the service does not have is a page for a browser, problem+json for a client.
    const nowhere = await page.goto(`${harness.base}/nowhere/at/all`);
    expect(nowhere?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.context().close();
    const client = await harness.test.http.get('/nowhere/at/all').expect(404);
    expect(client.headers['content-type']).toMatch(/^application\/problem\+json/);
    await harness.test.http
      .get('/api/v1/nowhere')
      .set('Accept', 'text/html')
      .expect('Content-Type', /problem\+json/);
  });

  it('shows someone who was not invited that they have no access, and audits it', async () => {
    const page = await signIn(harness, ACCOUNTS.stranger);
    expect(await page.locator('h1').textContent()).toBe('You do not have access to Fairshift');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'no-access');
    const refused = await queryRows<{ after: { email: string } }>(
      harness.test.database.url,
      `SELECT after FROM audit_log WHERE action = 'user.sign_in_refused'`,
    );
    expect(refused.map((row) => row.after.email)).toContain(ACCOUNTS.stranger.email);
    await page.context().close();
  });

  it('ends a deactivated person’s session at once', async () => {
    const page = await signIn(harness, ACCOUNTS.lead);
    await harness.test.as(harness.test.adminKey).patch(`/api/v1/users/${userIds.lead}`, { active: false }).expect(200);
    await page.goto(`${harness.base}/shifts`);
    // Their session here is gone; the provider's signs them straight back, and they are refused.
    expect(await page.locator('h1').textContent()).toBe('You do not have access to Fairshift');
    await page.context().close();
  });
});
