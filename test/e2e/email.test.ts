import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { MailCatcher, type CaughtMail } from '../../src/cli/mail-catcher.js';
import { UsersService } from '../../src/core/auth/users.service.js';
import { AlertsWorker } from '../../src/modules/alerts/alerts.worker.js';
import { EmailSubscriptionsService } from '../../src/modules/alerts/index.js';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildOrganisation, buildWard, type Organisation } from '../support/factories.js';
import { buildSystem } from '../support/factories/system.factory.js';
import { buildTrust } from '../support/factories/trust.factory.js';
import { agencyBooking, nursingRatesAndAgency } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const PUBLIC_URL = 'https://fairshift.example.nhs.uk';
const TRUST_NAME = 'Medway <script>alert("trust")</script> Trust';
const WARD_NAME = '<script>alert("ward")</script> Ward';

/** E-mail alerts (issue 16, item 6) against a real SMTP server on a spare port: smtp-server, not a mock. */
describe('alerts: the e-mail channel', () => {
  let catcher: MailCatcher;
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let contractId: string;
  let rotaKey: string;
  let leadKey: string;
  const sister = 'ward.sister@example.nhs.uk';
  const subscriptions: Record<string, string> = {};
  let day = 10;

  /** An agency booking far above the cap on a past date: pending sign-off, then three breaches. */
  const overCapBooking = async () => {
    const booking = await agencyBooking(test, org, `2025-06-${day++}`, contractId);
    expect(booking.status).toBe('pending_approval');
    return booking.id;
  };

  const deliveries = async (name: string, status = '') =>
    (await test.as(leadKey).get(`/api/v1/email-subscriptions/${subscriptions[name]}/deliveries${status}`).expect(200))
      .body.items as Record<string, unknown>[];

  const linksOf = (mail: CaughtMail) => [...mail.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

  async function subscribe(name: string, key: string, body: Record<string, unknown>) {
    const response = await test.as(key).post('/api/v1/email-subscriptions', body).expect(201);
    subscriptions[name] = response.body.id;
    return response.body;
  }

  beforeAll(async () => {
    catcher = await MailCatcher.start();
    test = await startTestApp({
      SMTP_URL: catcher.url,
      MAIL_FROM: 'Fairshift alerts <alerts@fairshift.example.nhs.uk>',
      PUBLIC_URL,
      EMAIL_RETRY_BASE_MS: '200',
      EMAIL_MAX_ATTEMPTS: '6',
      RECHECK_DELAY_MS: '50',
      ALERTS_SWEEP_MS: '1000',
    });
    worker = await startTestWorker(test);
    const system = await buildSystem(test);
    const trust = await buildTrust(test, system.id, { name: TRUST_NAME });
    const otherTrust = await buildTrust(test, system.id, { name: 'Other trust' });
    const ward = await buildWard(test, trust.id, { name: WARD_NAME });
    org = { systemId: system.id, trustId: trust.id, otherTrustId: otherTrust.id, wardId: ward.id };
    contractId = await nursingRatesAndAgency(test, org.systemId, 4600);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await catcher?.close();
  });

  it('lets a rota manager subscribe an address for their trust, lower-cased, and audits it', async () => {
    const created = await subscribe('sister', rotaKey, {
      trustId: org.trustId,
      address: '  Ward.Sister@Example.NHS.uk ',
      events: ['booking.pending_approval', 'breach.opened'],
    });
    expect(created).toMatchObject({ trustId: org.trustId, systemId: null, address: sister, active: true });
    await subscribe('otherTrust', test.adminKey, {
      trustId: org.otherTrustId,
      address: 'other.trust@example.nhs.uk',
      events: ['booking.pending_approval', 'breach.opened'],
    });
    const audit = await test.app
      .get(DataSource)
      .query(`SELECT action, api_key_id IS NOT NULL AS "byKey" FROM audit_log WHERE entity_id = $1`, [created.id]);
    expect(audit).toEqual([{ action: 'email_subscription.create', byKey: true }]);
  });

  it('e-mails a booking awaiting sign-off and the breaches it opens, once each, as text and escaped HTML', async () => {
    const bookingId = await overCapBooking();
    const mails = await eventually(async () => {
      const received = catcher.messagesTo(sister);
      if (received.length < 4) throw new Error(`${received.length} e-mails so far`);
      return received;
    });
    // Once: a second dispatch adds no delivery, and every e-mail carries a different event.
    expect(await worker.get(AlertsWorker).dispatch()).toBe(0);
    expect(new Set(mails.map((mail) => mail.headers['x-fairshift-event-id'])).size).toBe(4);
    expect(await deliveries('sister')).toEqual(
      Array.from({ length: 4 }, () =>
        expect.objectContaining({ status: 'delivered', attempts: 1, lastStatusCode: 250 }),
      ),
    );

    const booking = mails.find((mail) => mail.headers['x-fairshift-event-type'] === 'booking.pending_approval')!;
    const shift = (await test.as(leadKey).get(`/api/v1/bookings/${bookingId}`).expect(200)).body;
    expect(booking.from).toBe('"Fairshift alerts" <alerts@fairshift.example.nhs.uk>');
    expect(booking.subject).toBe(`Sign-off needed: agency booking on ${WARD_NAME}, Tue 10 Jun 2025, 08:00`);
    expect(linksOf(booking)).toEqual([`${PUBLIC_URL}/approvals`, `${PUBLIC_URL}/shifts/${shift.shiftId}`]);
    expect(booking.text).toContain(`Sign off or reject it: ${PUBLIC_URL}/approvals`);
    expect(booking.text).toContain(WARD_NAME);
    expect(booking.text).toContain('£506.00');
    for (const mail of mails) {
      expect(mail.html).not.toContain('<script');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;trust&quot;)&lt;/script&gt;');
    }
    expect(booking.html).toContain('&lt;script&gt;alert(&quot;ward&quot;)&lt;/script&gt; Ward');

    const breaches = (await test.as(leadKey).get(`/api/v1/breaches?trustId=${org.trustId}`).expect(200)).body.items;
    const breachMails = mails.filter((mail) => mail.headers['x-fairshift-event-type'] === 'breach.opened');
    expect(breachMails.map((mail) => linksOf(mail)[0]).sort()).toEqual(
      breaches.map((breach: { id: string }) => `${PUBLIC_URL}/breaches/${breach.id}`).sort(),
    );
    expect(breachMails.map((mail) => mail.subject)).toContain(
      `New breach at ${TRUST_NAME}: Agency charge above the national price cap`,
    );
    // The other trust's subscriber hears nothing of this trust.
    expect(catcher.messagesTo('other.trust@example.nhs.uk')).toEqual([]);
  });

  it('retries an address the server turns away for now, and shows as failed one it keeps refusing or refuses for good', async () => {
    const onlyBookings = { trustId: org.trustId, events: ['booking.pending_approval'] };
    await subscribe('flaky', leadKey, { ...onlyBookings, address: 'flaky@example.nhs.uk' });
    await subscribe('busy', leadKey, { ...onlyBookings, address: 'busy@example.nhs.uk' });
    await subscribe('gone', leadKey, { ...onlyBookings, address: 'gone@example.nhs.uk' });
    catcher.refuse('flaky@example.nhs.uk', [451, 451]);
    catcher.refuseAlways('busy@example.nhs.uk', 451);
    catcher.refuseAlways('gone@example.nhs.uk', 550);
    await overCapBooking();

    const flaky = await eventually(async () => {
      const [delivery] = await deliveries('flaky', '?status=delivered');
      if (!delivery) throw new Error('not delivered yet');
      return delivery;
    });
    expect(flaky).toMatchObject({ attempts: 3, lastStatusCode: 250, lastError: null });
    expect(flaky.messageId).toEqual(expect.stringMatching(/^<.+@.+>$/));
    expect(catcher.messagesTo('flaky@example.nhs.uk')).toHaveLength(1);
    const [gone] = await eventually(async () => {
      const failed = await deliveries('gone', '?status=failed');
      if (failed.length === 0) throw new Error('not failed yet');
      return failed;
    });
    expect(gone).toMatchObject({ attempts: 1, lastStatusCode: 550 });
    expect(gone!.lastError).toContain('550');
    const [busy] = await eventually(async () => {
      const failed = await deliveries('busy', '?status=failed');
      if (failed.length === 0) throw new Error('not failed yet');
      return failed;
    });
    expect(busy).toMatchObject({ attempts: 6, lastStatusCode: 451 });
    expect(busy!.lastError).toContain('451');

    // Removed: no more e-mails, the deliveries stay to be read.
    for (const name of ['flaky', 'busy', 'gone']) {
      const removed = await test.as(leadKey).delete(`/api/v1/email-subscriptions/${subscriptions[name]}`).expect(200);
      expect(removed.body.active).toBe(false);
    }
    expect(await deliveries('gone')).toHaveLength(1);
  });

  it('keeps e-mail pending while the SMTP server is down, and sends it once it is back; the api serves throughout', async () => {
    const port = catcher.port;
    await catcher.close();
    const before = (await deliveries('sister')).length;
    await overCapBooking();
    await test.as(leadKey).get('/api/v1/email-subscriptions').expect(200);
    const waiting = await eventually(async () => {
      const pending = (await deliveries('sister', '?status=pending')).filter(
        (delivery) => Number(delivery.attempts) > 0,
      );
      if (pending.length === 0) throw new Error('no attempt yet');
      return pending[0]!;
    });
    expect(waiting.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(waiting.lastStatusCode).toBeNull();

    catcher = await MailCatcher.start({ port });
    await eventually(async () => {
      const all = await deliveries('sister');
      if (all.length < before + 4 || all.some((delivery) => delivery.status !== 'delivered'))
        throw new Error('not all delivered yet');
    });
    expect(catcher.messagesTo(sister)).toHaveLength(4);
  });

  it('e-mails the daily digest to a system’s subscribers, once per trust and day', async () => {
    await subscribe('digests', leadKey, {
      systemId: org.systemId,
      address: 'workforce.lead@example.nhs.uk',
      events: ['digest.daily'],
    });
    const digests = worker.get(AlertsWorker);
    await digests.digest(org.trustId, { date: '2025-06-10' });
    await digests.digest(org.trustId, { date: '2025-06-10' });
    const [digest] = await eventually(async () => {
      const received = catcher.messagesTo('workforce.lead@example.nhs.uk');
      if (received.length === 0) throw new Error('no digest yet');
      return received;
    });
    expect(digest!.subject).toBe(`Daily digest for ${TRUST_NAME}: Tuesday 10 June 2025`);
    expect(digest!.text).toMatch(/Bookings waiting for sign-off now: +\d/);
    expect(digest!.text).toContain(`- ${WARD_NAME}: £506.00`);
    expect(digest!.html).not.toContain('<script');
    expect(digest!.html).toContain('&lt;script&gt;alert(&quot;ward&quot;)&lt;/script&gt; Ward: £506.00');
    expect(linksOf(digest!)).toEqual([`${PUBLIC_URL}/breaches`, `${PUBLIC_URL}/approvals`]);
    await digests.dispatch();
    expect(catcher.messagesTo('workforce.lead@example.nhs.uk')).toHaveLength(1);
  });

  it('keeps rota managers to their trusts, and another trust’s subscription answers 404', async () => {
    const elsewhere = await buildOrganisation(test);
    const body = { address: 'rota@example.nhs.uk', events: ['breach.opened'] };
    await test
      .as(rotaKey)
      .post('/api/v1/email-subscriptions', { ...body, trustId: org.otherTrustId })
      .expect(404);
    const systemWide = await test
      .as(rotaKey)
      .post('/api/v1/email-subscriptions', { ...body, systemId: org.systemId })
      .expect(403);
    expect(systemWide.body.errors).toEqual([{ field: 'systemId', message: 'rota managers give trustId instead' }]);
    const otherLead = await buildApiKey(test, { role: 'workforce_lead', systemId: elsewhere.systemId });
    await test
      .as(otherLead)
      .post('/api/v1/email-subscriptions', { ...body, trustId: org.trustId })
      .expect(404);
    const other = subscriptions.otherTrust;
    await test.as(rotaKey).get(`/api/v1/email-subscriptions/${other}/deliveries`).expect(404);
    await test.as(rotaKey).delete(`/api/v1/email-subscriptions/${other}`).expect(404);
    await test.as(otherLead).get(`/api/v1/email-subscriptions/${subscriptions.digests}/deliveries`).expect(404);
    const listed = (await test.as(rotaKey).get('/api/v1/email-subscriptions?limit=100').expect(200)).body.items;
    expect(listed.map((item: { id: string }) => item.id)).toContain(subscriptions.sister);
    expect(listed.map((item: { id: string }) => item.id)).not.toContain(other);
    expect(listed.map((item: { id: string }) => item.id)).not.toContain(subscriptions.digests);
    expect((await test.as(otherLead).get('/api/v1/email-subscriptions').expect(200)).body.items).toEqual([]);
    await test
      .as(rotaKey)
      .post('/api/v1/email-subscriptions', { trustId: org.trustId, address: sister, events: ['breach.opened'] })
      .expect(409);
  });

  it('refuses bad addresses with 400 naming the field, and writes nothing', async () => {
    const count = async () =>
      (await test.app.get(DataSource).query(`SELECT count(*)::int AS n FROM email_subscriptions`))[0].n as number;
    const before = await count();
    for (const address of [
      'not-an-address',
      'someone@localhost',
      'Ward Sister <sister@example.nhs.uk>',
      // 268 characters, each part within its own limit.
      `${'a'.repeat(64)}@${`${'b'.repeat(63)}.`.repeat(3)}example.org`,
      'sister@example.nhs.uk\r\nBcc: everyone@example.org',
      'sïster@example.nhs.uk',
      '',
      42,
    ]) {
      const response = await test
        .as(rotaKey)
        .post('/api/v1/email-subscriptions', { trustId: org.trustId, address, events: ['breach.opened'] })
        .expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('address');
    }
    await test
      .as(rotaKey)
      .post('/api/v1/email-subscriptions', {
        trustId: org.trustId,
        address: 'x@example.org',
        events: ['breach.exploded'],
      })
      .expect(400);
    expect(await count()).toBe(before);
  });

  it('lets a rota manager signed in as a person subscribe only their own e-mail, and see only theirs', async () => {
    const invited = await test
      .as(test.adminKey)
      .post('/api/v1/users', { email: 'Rota.Person@example.nhs.uk', role: 'rota_manager', trustIds: [org.trustId] })
      .expect(201);
    const person = (await test.app.get(UsersService).personOf(invited.body.id, null))!.principal;
    const service = test.app.get(EmailSubscriptionsService);
    const events = ['breach.opened'];
    await expect(service.create({ trustId: org.trustId, address: sister, events }, person)).rejects.toMatchObject({
      status: 403,
      errors: [{ field: 'address', message: 'must be your own e-mail address, rota.person@example.nhs.uk' }],
    });
    const own = await service.create({ trustId: org.trustId, address: 'rota.person@example.nhs.uk', events }, person);
    expect((await service.list({}, person)).items.map((item) => item.id)).toEqual([own.id]);
    await expect(service.remove(subscriptions.sister!, person)).rejects.toMatchObject({ status: 404 });
    await service.remove(own.id, person);
  });

  it('refuses e-mail subscriptions with 422 where the service has no SMTP server', async () => {
    const withoutMail = await startTestApp();
    try {
      const organisation = await buildOrganisation(withoutMail);
      const response = await withoutMail
        .as(withoutMail.adminKey)
        .post('/api/v1/email-subscriptions', {
          trustId: organisation.trustId,
          address: 'rota@example.nhs.uk',
          events: ['breach.opened'],
        })
        .expect(422);
      expect(response.body).toMatchObject({ rule: 'EMAIL_NOT_CONFIGURED' });
      expect(response.body.detail).toContain('SMTP_URL');
    } finally {
      await withoutMail.close();
    }
  });

  it('keeps what it catches for a person to read, as the demo does: .eml, .html and an index', async () => {
    const folder = join(await mkdtemp(join(tmpdir(), 'fairshift-mail-')), 'mail');
    const mailbox = await MailCatcher.start({ folder });
    try {
      // The digest e-mail the worker sent above, sent again as it was.
      const [digest] = catcher.messagesTo('workforce.lead@example.nhs.uk');
      await createTransport(mailbox.url).sendMail({
        envelope: { from: 'alerts@fairshift.example.nhs.uk', to: 'workforce.lead@example.nhs.uk' },
        raw: digest!.raw,
      });
      const files = await readdir(folder);
      const stem = files.find((file) => file.endsWith('.eml'))!.replace(/\.eml$/, '');
      expect(files.sort()).toEqual([`${stem}.eml`, `${stem}.html`, 'index.html'].sort());
      expect(stem).toBe('0001-daily-digest-for-medway-script-alert-trust-script-trust-tues');
      const index = await readFile(join(folder, 'index.html'), 'utf8');
      expect(index).toContain(`<a href="${stem}.html">Daily digest for Medway &#60;script&#62;`);
      expect(index).not.toContain('<script');
      expect(await readFile(join(folder, `${stem}.html`), 'utf8')).toBe(digest!.html);
    } finally {
      await mailbox.close();
      await rm(join(folder, '..'), { recursive: true, force: true });
    }
  });
});
