import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Secret, TOTP } from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { buildBankWorker, buildOrganisation, type Organisation } from '../support/factories.js';
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
const EMAIL = 'ann.local@bank-worker.test';
const PASSWORD = 'blue kettle on the night bus';
const ADMIN = { id: 'admin-local', email: 'admin@local.test', name: 'Ada Admin', password: 'admin-password-local' };

/**
 * Local sign-in for a bank worker without an NHS identity (docs/rules.md section 13), in Chromium
 * at phone size: the admin's one-time link, choosing a password, setting up an authenticator app
 * from the QR code's key, and signing in with e-mail, password and a code, each code good once;
 * five failures lock the account for 15 minutes.
 */
describe('a bank worker’s local sign-in', () => {
  let harness: WebHarness;
  let org: Organisation;
  let userId: string;
  let context: BrowserContext;
  let page: Page;
  let secret: string;
  let setupCode: string;

  const codeAt = (at: number) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: at,
    });
  const signInWith = async (password: string, code: string) => {
    await page.goto(`${harness.base}/auth/local`);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Code from your authenticator app').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
  };

  beforeAll(async () => {
    harness = await startWebHarness([ADMIN]);
    org = await buildOrganisation(harness.test);
    const workerId = await buildBankWorker(harness.test, org.trustId, { displayName: 'Ann Local' });
    userId = (
      await harness.test
        .as(harness.test.adminKey)
        .post('/api/v1/users', { email: EMAIL, role: 'bank_worker', bankWorkerId: workerId })
        .expect(201)
    ).body.id;
    context = await newContext(harness, PHONE);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await harness?.close();
  });

  it('gives a bank worker, and only a bank worker, a one-time set-up link', async () => {
    const rota = await harness.test
      .as(harness.test.adminKey)
      .post('/api/v1/users', { email: 'rota.local@bank-worker.test', role: 'rota_manager', trustIds: [org.trustId] })
      .expect(201);
    const refused = await harness.test
      .as(harness.test.adminKey)
      .post(`/api/v1/users/${rota.body.id}/local-sign-in`)
      .expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await harness.test
      .as(harness.test.adminKey)
      .post('/api/v1/users/00000000-0000-4000-8000-000000000000/local-sign-in')
      .expect(404);
    const issued = await harness.test
      .as(harness.test.adminKey)
      .post(`/api/v1/users/${userId}/local-sign-in`)
      .expect(201);
    expect(issued.body.setupUrl).toMatch(new RegExp(`^${harness.base}/auth/local/setup\\?token=`));
    // Only its hash is kept.
    const [row] = await queryRows<{ hash: Buffer }>(
      harness.test.database.url,
      `SELECT setup_token_hash AS hash FROM local_accounts WHERE user_id = $1`,
      [userId],
    );
    expect(issued.body.setupUrl).not.toContain(row!.hash.toString('base64url'));

    await page.goto(issued.body.setupUrl);
    expect(await page.locator('h1').textContent()).toBe('Choose a password');
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await page.getByLabel('The same password again').fill('too short');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('at least 12 characters');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('The same password again').fill(`${PASSWORD}!`);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('not the same');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe('Set up your authenticator app');
    expect(await page.getByAltText(/QR code/).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'local-setup-phone.png'), fullPage: true });
    await page.getByText('I cannot scan the code').click();
    secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');

    await page.getByLabel('The code your app shows').fill('000000');
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    setupCode = codeAt(Date.now());
    await page.getByLabel('The code your app shows').fill(setupCode);
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    expect(await page.locator('h1').textContent()).toBe('Your sign-in is ready');
    // The link is used up.
    await page.goto(issued.body.setupUrl);
    expect(await page.locator('h1').textContent()).toBe('This link has expired or been used');
  });

  it('signs the worker in with e-mail, password and a code, each code once, to their shifts', async () => {
    await signInWith('not the password at all', codeAt(Date.now()));
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    // The code the set-up used is spent; the next one is good.
    await signInWith(PASSWORD, setupCode);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    // Signed out, an e-mail's link to a worker's page asks them to sign in, then goes on to it.
    await page.goto(`${harness.base}/me/timesheets`);
    expect(new URL(page.url()).pathname).toBe('/auth/local');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Code from your authenticator app').fill(codeAt(Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${harness.base}/me/timesheets`);
    expect(await page.locator('h1').textContent()).toBe('Your timesheets');
    await page.goto(`${harness.base}/`);
    expect(new URL(page.url()).pathname).toBe('/me');
    // Signing out here does not go to the provider: there is no provider session.
    await page.goto(`${harness.base}/auth/logout`);
    expect(new URL(page.url()).pathname).toBe('/auth/signed-out');
  });

  it('locks the account for 15 minutes after five failures in a row, saying no more than for any failure', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) await signInWith(`wrong password ${attempt}`, '123456');
    // Locked: the right password and code are refused too, in the same words as any failure, so the
    // answer tells no one whether the e-mail has an account.
    await signInWith(PASSWORD, codeAt(Date.now() + 30_000));
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    expect(new URL(page.url()).pathname).toBe('/auth/local');
    const [account] = await queryRows<{ locked: boolean }>(
      harness.test.database.url,
      `SELECT locked_until > now() + interval '14 minutes' AS locked FROM local_accounts WHERE user_id = $1`,
      [userId],
    );
    expect(account!.locked).toBe(true);
    const refusals = await queryRows(
      harness.test.database.url,
      `SELECT 1 FROM audit_log WHERE action = 'user.sign_in_refused' AND entity_id = $1`,
      [userId],
    );
    expect(refusals.length).toBeGreaterThanOrEqual(7);
  });

  it('lets an admin make a new link from the person’s page, which starts the set-up again', async () => {
    await harness.test
      .as(harness.test.adminKey)
      .post('/api/v1/users', { email: ADMIN.email, role: 'admin' })
      .expect(201);
    const admin = await signIn(harness, ADMIN);
    await admin.goto(`${harness.base}/admin/users/${userId}`);
    expect(await admin.locator('main').textContent()).toContain('Sign-in without an NHS login');
    await admin.getByRole('button', { name: 'Make a set-up link' }).click();
    expect(await admin.locator('h1').textContent()).toBe('A sign-in link for Ann Local');
    const link = (await admin.locator('#setup-url').textContent())!.trim();
    expect(await seriousViolations(admin)).toEqual([]);

    // Inviting another bank worker from the pages: found by the bank's reference in their trust.
    await buildBankWorker(harness.test, org.trustId, { displayName: 'Ben Local', externalRef: 'BNK-1' });
    await admin.goto(`${harness.base}/admin/users`);
    await admin.getByRole('button', { name: 'Invite a bank worker' }).click();
    await admin.getByLabel('The trust whose bank they work for').selectOption(org.trustId);
    await admin.getByLabel('Their name or bank reference').fill('BNK-2');
    await admin.getByLabel('E-mail address').fill('ben.local@bank-worker.test');
    await admin.getByRole('button', { name: 'Invite' }).click();
    expect(await admin.locator('.nhsuk-error-summary').textContent()).toContain('No bank worker of');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByLabel('Their name or bank reference').fill('BNK-1');
    await admin.getByRole('button', { name: 'Invite' }).click();
    expect(await admin.locator('.nhsuk-notification-banner').textContent()).toContain(
      'Ben Local is invited as ben.local@bank-worker.test',
    );
    expect(await admin.getByRole('button', { name: 'Make a set-up link' }).isVisible()).toBe(true);
    await admin.context().close();
    // The old password no longer signs in; the new link asks for one.
    await signInWith(PASSWORD, codeAt(Date.now()));
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Choose a password');
  });

  it('takes the local sign-in away when the person is given a role that signs in through its trust', async () => {
    await harness.test
      .as(harness.test.adminKey)
      .patch(`/api/v1/users/${userId}`, { role: 'rota_manager', trustIds: [org.trustId] })
      .expect(200);
    expect(
      await queryRows(harness.test.database.url, `SELECT 1 FROM local_accounts WHERE user_id = $1`, [userId]),
    ).toEqual([]);
    await harness.test.as(harness.test.adminKey).post(`/api/v1/users/${userId}/local-sign-in`).expect(409);
  });
});
