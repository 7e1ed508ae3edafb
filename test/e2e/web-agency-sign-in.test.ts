import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Secret, TOTP } from 'otpauth';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { buildAgency } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import {
  newContext,
  PHONE,
  seriousViolations,
  signIn,
  startWebHarness,
  type WebHarness,
} from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const ADMIN = {
  id: 'admin-agency',
  email: 'admin@agency-sign-in.test',
  name: 'Ada Admin',
  password: 'admin-password-ag',
};
const EMAIL = 'kit.carer@care-staff.test';
const PASSWORD = 'green tram past the harbour';

/** Clicks a form's button and waits for the page that answers it. */
async function submit(page: Page, button: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return response!;
}

/**
 * Agency staff as people (docs/rules.md section 13), in Chromium: the admin invites someone with the
 * `agency` role for a chosen agency and makes their set-up link; they choose a password, set up an
 * authenticator app and sign in without an NHS login, to the agency's pages, and are turned away
 * from the staff's. The admin also makes an agency's API key. Every page is checked with axe-core.
 */
describe('agency staff invited and signed in', () => {
  let harness: WebHarness;
  let agencyId: string;
  let admin: Page;
  let context: BrowserContext;
  let setupUrl: string;

  const heading = (page: Page) => page.locator('h1').textContent();

  beforeAll(async () => {
    harness = await startWebHarness([ADMIN]);
    await harness.test
      .as(harness.test.adminKey)
      .post('/api/v1/users', { email: ADMIN.email, role: 'admin' })
      .expect(201);
    await buildAgency(harness.test, { name: 'Another Agency Ltd' });
    agencyId = await buildAgency(harness.test, { name: 'Care Staff Ltd' });
    admin = await signIn(harness, ADMIN);
  });

  afterAll(async () => {
    await context?.close();
    await admin?.context().close();
    await harness?.close();
  });

  it('lets the admin invite agency staff for a chosen agency, and make their set-up link', async () => {
    await admin.goto(`${harness.base}/admin/users/invite`);
    await admin.getByLabel('E-mail address').fill(EMAIL);
    await admin.getByLabel('Name (optional)').fill('Kit Carer');
    await admin.getByRole('radio', { name: 'Agency staff' }).check();
    expect((await submit(admin, 'Invite')).status()).toBe(400);
    expect(await admin.locator('.nhsuk-error-summary').textContent()).toContain('Choose the agency they work for');

    await admin.getByLabel('Agency, for agency staff').selectOption(agencyId);
    await submit(admin, 'Invite');
    expect(new URL(admin.url()).pathname).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    expect(await admin.locator('.nhsuk-notification-banner').textContent()).toContain('invited as agency staff');
    const summary = await admin.locator('.nhsuk-summary-list').textContent();
    expect(summary).toContain('Agency staff');
    expect(summary).toContain('Care Staff Ltd');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(SCREENSHOTS, 'admin-user-agency.png'), fullPage: true });
    const [person] = await queryRows<{ role: string; agency: string; system: string | null }>(
      harness.test.database.url,
      `SELECT role, agency_id AS agency, system_id AS system FROM users WHERE email = $1`,
      [EMAIL],
    );
    expect(person).toEqual({ role: 'agency', agency: agencyId, system: null });

    await submit(admin, 'Make a set-up link');
    expect(await heading(admin)).toBe('A sign-in link for Kit Carer');
    setupUrl = (await admin.locator('#setup-url').textContent())!.trim();
    expect(setupUrl).toMatch(new RegExp(`^${harness.base}/auth/local/setup\\?token=`));
  });

  it('lets them set up a password and an authenticator app, and sign in to the agency’s pages only', async () => {
    context = await newContext(harness, PHONE);
    const page = await context.newPage();
    await page.goto(setupUrl);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading(page)).toBe('Set up your authenticator app');
    await page.getByText('I cannot scan the code').click();
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    const codeAt = (at: number) =>
      new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
        timestamp: at,
      });
    await page.getByLabel('The code your app shows').fill(codeAt(Date.now()));
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    expect(await heading(page)).toBe('Your sign-in is ready');

    await page.goto(`${harness.base}/auth/local`);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    // The set-up spent this step's code: the next one.
    await page.getByLabel('Code from your authenticator app').fill(codeAt(Date.now() + 30_000));
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/agency'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    // Their session is an agency person's: the header links to their agency's pages only (an admin's to the staff's).
    const links = await page.locator('.nhsuk-header__navigation-link[href]').allTextContents();
    expect(links.map((link) => link.trim())).toEqual(['Released shifts', 'Bookings']);
    expect(await admin.locator('.nhsuk-header__navigation-link').allTextContents()).toContain('Open shifts');

    const refused = await page.goto(`${harness.base}/shifts`);
    expect(refused?.status()).toBe(403);
    expect(await heading(page)).toBe('This page is for NHS staff');
    expect(await page.locator('main a[href="/agency"]').textContent()).toContain('Your agency’s shifts');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await page.goto(`${harness.base}/admin/users`))?.status()).toBe(403);
  });

  it('lets the admin make an agency’s API key, named with its agency', async () => {
    await admin.goto(`${harness.base}/admin/api-keys/new`);
    await admin.getByLabel('Name', { exact: true }).fill('Care Staff booking system');
    await admin.getByRole('radio', { name: 'Agency staff' }).check();
    await admin.getByLabel('Agency, for agency staff').selectOption(agencyId);
    expect((await submit(admin, 'Create key')).status()).toBe(200);
    expect(await heading(admin)).toBe('API key created');
    expect(await admin.locator('.nhsuk-summary-list').textContent()).toContain('Care Staff Ltd');
    expect(await seriousViolations(admin)).toEqual([]);
    const [key] = await queryRows<{ role: string; agency: string }>(
      harness.test.database.url,
      `SELECT role, agency_id AS agency FROM api_keys WHERE name = $1`,
      ['Care Staff booking system'],
    );
    expect(key).toEqual({ role: 'agency', agency: agencyId });
  });
});
