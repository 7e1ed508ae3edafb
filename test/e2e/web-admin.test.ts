import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Response } from 'playwright-core';
import { buildOrganisation, type Organisation } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { seriousViolations, signIn, startWebHarness, type WebHarness } from '../support/web-harness.js';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

const ACCOUNTS = {
  admin: { id: 'admin-1', email: 'ada.admin@fairshift.test', name: 'Ada Admin', password: 'admin-password-1' },
  newcomer: { id: 'newcomer-1', email: 'nia.newcomer@medway.test', name: 'Nia Newcomer', password: 'nia-password-1' },
};

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Clicks a form's button and waits for the page that answers it. */
async function submit(page: Page, button: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return response!;
}

const heading = (page: Page) => page.locator('h1').textContent();
const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary').textContent();
const banner = (page: Page) => page.locator('.nhsuk-notification-banner').textContent();

/**
 * The administrator's pages in headless Chromium, signed in through a real OpenID provider: people
 * (invite, change a role and scope, deactivate and reactivate) and API keys (create, use, revoke).
 * Every page is checked with axe-core.
 */
describe('administrator’s pages in a browser', () => {
  let harness: WebHarness;
  let org: Organisation;
  let adminUserId: string;
  let newcomerId: string;
  let admin: Page;
  let newcomer: Page;

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS));
    org = await buildOrganisation(harness.test);
    const invited = await harness.test
      .as(harness.test.adminKey)
      .post('/api/v1/users', { email: ACCOUNTS.admin.email, role: 'admin' })
      .expect(201);
    adminUserId = invited.body.id;
  });

  afterAll(async () => {
    await admin?.context().close();
    await harness?.close();
  });

  it('lets the admin sign in to the people page and invite someone, re-showing what the form cannot take', async () => {
    admin = await signIn(harness, ACCOUNTS.admin);
    expect(new URL(admin.url()).pathname).toBe('/admin/users');
    expect(await heading(admin)).toBe('People');
    expect(await admin.locator('table').textContent()).toContain(ACCOUNTS.admin.name);

    await admin.getByRole('button', { name: 'Invite a person' }).click();
    expect(await heading(admin)).toBe('Invite a person');
    expect(await seriousViolations(admin)).toEqual([]);

    // A bad e-mail, an approver without a level and no trust chosen: all three said at once.
    await admin.getByLabel('E-mail address').fill('nia at medway');
    await admin.getByLabel('Approver', { exact: true }).check();
    await admin.getByLabel('Chosen trusts', { exact: true }).check();
    const refused = await submit(admin, 'Invite');
    expect(refused.status()).toBe(400);
    const problems = await errorSummary(admin);
    expect(problems).toContain('Enter an e-mail address in the correct format');
    expect(problems).toContain('Choose the highest sign-off this approver may give');
    expect(problems).toContain('Choose at least one trust');
    expect(await admin.getByLabel('E-mail address').inputValue()).toBe('nia at medway');
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-invite-errors');

    // Someone already invited.
    await admin.getByLabel('E-mail address').fill(ACCOUNTS.admin.email.toUpperCase());
    await admin.getByLabel('Administrator').check();
    await admin.getByLabel('Everywhere', { exact: true }).check();
    expect((await submit(admin, 'Invite')).status()).toBe(400);
    expect(await errorSummary(admin)).toContain('There is already a person with this e-mail address');

    await admin.getByLabel('E-mail address').fill(ACCOUNTS.newcomer.email);
    await admin.getByLabel('Rota manager').check();
    await admin.getByLabel('Chosen trusts', { exact: true }).check();
    await admin.getByLabel('Test trust A').check();
    expect((await submit(admin, 'Invite')).status()).toBe(200);
    expect(new URL(admin.url()).pathname).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    newcomerId = new URL(admin.url()).pathname.split('/').at(-1)!;
    expect(await banner(admin)).toContain(`${ACCOUNTS.newcomer.email} is invited`);
    const summary = await admin.locator('.nhsuk-summary-list').textContent();
    expect(summary).toContain('Rota manager');
    expect(summary).toContain('Test trust A');
    expect(summary).toContain('Not yet');

    const user = await harness.test.as(harness.test.adminKey).get(`/api/v1/users/${newcomerId}`).expect(200);
    expect(user.body).toMatchObject({ role: 'rota_manager', trustIds: [org.trustId], systemId: null, active: true });
    const audit = await queryRows<{ user_id: string }>(
      harness.test.database.url,
      `SELECT user_id FROM audit_log WHERE action = 'user.invite' AND entity_id = $1`,
      [newcomerId],
    );
    expect(audit).toEqual([{ user_id: adminUserId }]);
  });

  it('lets the person invited sign in to their role’s page, and refuses them the admin’s pages', async () => {
    newcomer = await signIn(harness, ACCOUNTS.newcomer);
    expect(new URL(newcomer.url()).pathname).toBe('/shifts');
    expect(await newcomer.getByRole('link', { name: 'People' }).count()).toBe(0);
    const response = await newcomer.goto(`${harness.base}/admin/users`);
    expect(response?.status()).toBe(403);
    expect(await heading(newcomer)).toBe('You cannot do this');
    expect(await seriousViolations(newcomer)).toEqual([]);
    expect((await newcomer.goto(`${harness.base}/admin/api-keys`))?.status()).toBe(403);
  });

  it('lists people with their role, scope and last sign-in', async () => {
    await admin.goto(`${harness.base}/admin/users`);
    const row = admin.locator('tr', { hasText: ACCOUNTS.newcomer.name });
    const text = await row.textContent();
    expect(text).toContain('Rota manager');
    expect(text).toContain('Test trust A');
    expect(text).toContain('Active');
    expect(text).not.toContain('Not yet');
    expect(await admin.locator('tr', { hasText: ACCOUNTS.admin.name }).textContent()).toContain('Everywhere');
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-users');
  });

  it('deactivates a person, whose next page is no access, and reactivates them', async () => {
    await admin.goto(`${harness.base}/admin/users/${newcomerId}`);
    expect(await heading(admin)).toBe(ACCOUNTS.newcomer.name);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-user');
    await submit(admin, `Deactivate ${ACCOUNTS.newcomer.name}`);
    expect(await banner(admin)).toContain('is deactivated');
    expect(await admin.locator('.nhsuk-summary-list').textContent()).toContain('Deactivated');

    await newcomer.goto(`${harness.base}/shifts`);
    // Their session here is gone; the provider's signs them straight back, and they are refused.
    expect(await heading(newcomer)).toBe('You do not have access to Fairshift');
    await newcomer.context().close();

    await submit(admin, `Reactivate ${ACCOUNTS.newcomer.name}`);
    expect(await banner(admin)).toContain('is active again');
    const user = await harness.test.as(harness.test.adminKey).get(`/api/v1/users/${newcomerId}`).expect(200);
    expect(user.body.active).toBe(true);
  });

  it('changes a person’s role and scope, re-showing a missing sign-off level', async () => {
    await admin.goto(`${harness.base}/admin/users/${newcomerId}`);
    await admin.getByLabel('Approver', { exact: true }).check();
    expect((await submit(admin, 'Save role and scope')).status()).toBe(400);
    expect(await errorSummary(admin)).toContain('Choose the highest sign-off this approver may give');
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByLabel('Highest sign-off they may give, for an approver').selectOption('executive');
    await admin.getByLabel('A whole system', { exact: true }).check();
    await admin.getByLabel('System, for a whole system').selectOption(org.systemId);
    expect((await submit(admin, 'Save role and scope')).status()).toBe(200);
    expect(await banner(admin)).toContain('role and scope are saved');
    const user = await harness.test.as(harness.test.adminKey).get(`/api/v1/users/${newcomerId}`).expect(200);
    expect(user.body).toMatchObject({ role: 'approver', approvalLevel: 'executive', systemId: org.systemId });
    expect(user.body.trustIds).toEqual([]);
  });

  it('leaves a person signed in when their role and scope are saved unchanged', async () => {
    const page = await signIn(harness, ACCOUNTS.newcomer);
    expect(new URL(page.url()).pathname).toBe('/approvals');
    await admin.goto(`${harness.base}/admin/users/${newcomerId}`);
    expect((await submit(admin, 'Save role and scope')).status()).toBe(200);
    await page.goto(`${harness.base}/approvals`);
    expect(await heading(page)).toBe('Waiting for sign-off');
    await page.context().close();
  });

  it('does not let the admin deactivate themselves', async () => {
    await admin.goto(`${harness.base}/admin/users/${adminUserId}`);
    expect(await admin.getByRole('button', { name: /^Deactivate/ }).count()).toBe(0);
    expect(await admin.locator('.nhsuk-inset-text').textContent()).toContain('You cannot deactivate yourself');
    // The rule is the service's: a forged form is refused too.
    const csrf = await admin.locator('input[name=_csrf]').first().inputValue();
    const forged = await admin.request.post(`${harness.base}/admin/users/${adminUserId}/active`, {
      form: { _csrf: csrf, active: 'false' },
    });
    expect(forged.status()).toBe(409);
    expect(await forged.text()).toContain('You cannot deactivate yourself');
    const user = await harness.test.as(harness.test.adminKey).get(`/api/v1/users/${adminUserId}`).expect(200);
    expect(user.body.active).toBe(true);
  });

  it('creates an API key whose secret is shown once and works, then revokes it', async () => {
    await admin.getByRole('link', { name: 'API keys' }).click();
    expect(await heading(admin)).toBe('API keys');
    await admin.getByRole('button', { name: 'Create an API key' }).click();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByLabel('Workforce lead').check();
    expect((await submit(admin, 'Create key')).status()).toBe(400);
    const problems = await errorSummary(admin);
    expect(problems).toContain('Enter a name for the key');
    expect(problems).toContain('Choose where they work');

    await admin.getByLabel('Name', { exact: true }).fill('Medway rota system');
    await admin.getByLabel('Rota manager').check();
    await admin.getByLabel('A whole system', { exact: true }).check();
    await admin.getByLabel('System, for a whole system').selectOption(org.systemId);
    const created = await submit(admin, 'Create key');
    expect(created.status()).toBe(200);
    expect(created.headers()['cache-control']).toBe('no-store');
    expect(new URL(admin.url()).pathname).toBe('/admin/api-keys');
    expect(await heading(admin)).toBe('API key created');
    expect(await admin.locator('.nhsuk-card--warning').textContent()).toContain('it will not be shown again');
    const secret = (await admin.locator('#secret code').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(40);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-api-key-created');

    await harness.test.as(secret).get('/api/v1/shifts').expect(200);
    const kept = await queryRows<{ n: number }>(
      harness.test.database.url,
      `SELECT (SELECT count(*) FROM web_sessions WHERE position($1 in sess::text) > 0)
            + (SELECT count(*) FROM audit_log WHERE position($1 in row_to_json(audit_log)::text) > 0) AS n`,
      [secret],
    );
    expect(Number(kept[0]!.n)).toBe(0);

    await admin.getByRole('button', { name: 'Back to API keys' }).click();
    const row = admin.locator('tr', { hasText: 'Medway rota system' });
    expect(await row.textContent()).toContain('Test system (whole system)');
    expect(await admin.content()).not.toContain(secret);
    await row.getByRole('link', { name: 'Revoke Medway rota system' }).click();
    expect(await heading(admin)).toBe('Revoke Medway rota system?');
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-api-key-revoke');
    await submit(admin, 'Revoke key');
    expect(await banner(admin)).toContain('The key ‘Medway rota system’ is revoked');
    expect(await admin.locator('tr', { hasText: 'Medway rota system' }).textContent()).toContain('Revoked');
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-api-keys');
    await harness.test.as(secret).get('/api/v1/shifts').expect(401);
  });

  it('answers a clear 4xx page for addresses and forms that are not the service’s', async () => {
    const context = admin.context();
    const page = await context.newPage();
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [path, status] of [
      ['/admin/users/not-a-person', 404],
      [`/admin/users/${missing}`, 404],
      [`/admin/api-keys/${missing}/revoke`, 404],
      ['/admin/users?cursor=nonsense', 400],
    ] as const) {
      const response = await page.goto(`${harness.base}${path}`);
      expect([path, response?.status()]).toEqual([path, status]);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${harness.base}/admin/users/${newcomerId}`);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const odd = await page.request.post(`${harness.base}/admin/users/${newcomerId}/active`, {
      form: { _csrf: csrf, active: 'maybe' },
    });
    expect(odd.status()).toBe(400);
    await page.close();
  });
});
