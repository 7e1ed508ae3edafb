import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, buildBooking, buildOrganisation, buildShift, type Organisation } from '../support/factories.js';
import { nursingRatesAndAgency } from '../support/rates.js';
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
  lead: { id: 'lead-1', email: 'lead@invoices.test', name: 'Helen Lead', password: 'lead-password-1' },
  elsewhere: { id: 'lead-2', email: 'lead@elsewhere.test', name: 'Eli Lead', password: 'lead-password-2' },
  rota: { id: 'rota-1', email: 'rota@invoices.test', name: 'Rita Rota', password: 'rota-password-1' },
};

/** The workforce lead's invoice pages: the list and an invoice's lines with their checks and totals. */
describe('agency invoice pages', () => {
  let harness: WebHarness;
  let org: Organisation;
  let invoiceId: string;
  const cookies: Record<string, string> = {};

  const page = (path: string, who: keyof typeof ACCOUNTS | null = 'lead') => {
    const request = harness.test.http.get(path);
    return who === null ? request : request.set('Cookie', cookies[who]!);
  };

  beforeAll(async () => {
    harness = await startWebHarness(Object.values(ACCOUNTS));
    const test = harness.test;
    org = await buildOrganisation(test);
    const elsewhere = await buildOrganisation(test);
    const contractId = await nursingRatesAndAgency(test, org.systemId, 2900);
    const worked = async (date: string) => {
      const shift = await buildShift(test, org, date);
      const booking = await buildBooking(test, shift.id, { type: 'agency', agencyContractId: contractId });
      await test
        .as(test.adminKey)
        .put(`/api/v1/shifts/${shift.id}/timesheet`, {
          startedAt: `${date}T08:00:00+01:00`,
          endedAt: `${date}T20:00:00+01:00`,
          breakMinutes: 60,
          amountPence: 31_900,
        })
        .expect(200);
      return booking.id;
    };
    const [first, second] = [await worked('2025-06-02'), await worked('2025-06-03')];
    const { agencyId } = (await test.as(test.adminKey).get(`/api/v1/agency-contracts/${contractId}`).expect(200)).body;
    const integrationKey = await buildApiKey(test, { role: 'integration', systemId: org.systemId });
    const sent = await test
      .as(integrationKey)
      .post('/api/v1/invoices', {
        agencyId,
        invoiceNumber: 'INV-2025-06',
        issuedOn: '2025-07-01',
        lines: [
          { bookingId: first, paidMinutes: 660, amountPence: 31_900 },
          { bookingId: second, paidMinutes: 660, amountPence: 35_000 },
          { bookingId: 'AG-77', paidMinutes: 450, amountPence: 15_000 },
        ],
      })
      .expect(201);
    invoiceId = sent.body.id;
    const invite = (account: keyof typeof ACCOUNTS, body: object) =>
      test
        .as(test.adminKey)
        .post('/api/v1/users', { email: ACCOUNTS[account].email, ...body })
        .expect(201);
    await invite('lead', { role: 'workforce_lead', systemId: org.systemId });
    await invite('elsewhere', { role: 'workforce_lead', systemId: elsewhere.systemId });
    await invite('rota', { role: 'rota_manager', trustIds: [org.trustId] });
    for (const account of Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]) {
      cookies[account] = await sessionCookie(harness, ACCOUNTS[account]);
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lists the invoices with their totals, and finds those with a disputed kind of line', async () => {
    const listed = await page('/invoices').expect(200);
    expect(listed.text).toContain('INV-2025-06');
    expect(listed.text).toContain(`href="/invoices/${invoiceId}"`);
    // 31,900 + 35,000 + 15,000 invoiced; 31,900 × 2 validated.
    expect(listed.text).toContain('data-pence="81900"');
    expect(listed.text).toContain('data-pence="63800"');
    expect(listed.text).toContain('data-pence="18100"');
    expect((await page('/invoices?status=over_contract').expect(200)).text).toContain('INV-2025-06');
    expect((await page('/invoices?status=duplicate').expect(200)).text).toContain('No invoice matches');
    expect((await page('/invoices?status=').expect(200)).text).toContain('INV-2025-06');
    await page('/invoices?status=paid').expect(400);
  });

  it('shows each line’s check in words, and the totals', async () => {
    const shown = await page(`/invoices/${invoiceId}`).expect(200);
    for (const words of [
      'Matches the timesheet and contract',
      'Above the contract rates',
      'No booking of this agency',
      'As sent: AG-77',
      'Shift of Mon 2 Jun 2025',
      'Shift of Tue 3 Jun 2025',
      '£819.00',
      '£638.00',
      '£181.00',
    ]) {
      expect(shown.text).toContain(words);
    }
    expect([...shown.text.matchAll(/data-status="([a-z_]+)"/g)].map((match) => match[1])).toEqual([
      'matched',
      'over_contract',
      'no_booking',
    ]);
  });

  it('answers 404 outside the person’s scope, 403 to other roles, and sends strangers to sign in', async () => {
    expect((await page('/invoices', 'elsewhere').expect(200)).text).toContain('No invoice matches');
    await page(`/invoices/${invoiceId}`, 'elsewhere').expect(404);
    await page('/invoices/not-an-id').expect(404);
    await page('/invoices', 'rota').expect(403);
    await page('/invoices', null).expect(303);
  });

  it('walks from the list to an invoice in a browser, accessibly', async () => {
    const context = await newContext(harness);
    try {
      const browserPage = await signIn(harness, ACCOUNTS.lead, context);
      await browserPage.goto(`${harness.base}/invoices`);
      expect(await seriousViolations(browserPage)).toEqual([]);
      await browserPage.screenshot({ path: join(SCREENSHOTS, 'invoices.png'), fullPage: true });
      await browserPage.getByRole('link', { name: 'INV-2025-06' }).click();
      await browserPage.waitForURL(`${harness.base}/invoices/${invoiceId}`);
      expect(await browserPage.locator('h1').textContent()).toBe('Invoice INV-2025-06');
      expect(await browserPage.locator('#table-invoice-lines tbody tr').count()).toBe(3);
      expect(await seriousViolations(browserPage)).toEqual([]);
      await browserPage.screenshot({ path: join(SCREENSHOTS, 'invoice.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
