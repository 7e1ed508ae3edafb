import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AlertsWorker } from '../../src/modules/alerts/alerts.worker.js';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildOrganisation, buildWard, type Organisation } from '../support/factories.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../../src/bench/webhook-receiver.js';
import { agencyBooking, nursingRatesAndAgency } from '../support/rates.js';

/** Alerts (issue 6): the outbox, signed webhooks with retries, the in-app feed, daily digests. */
describe('alerts: webhooks and the in-app feed', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let org: Organisation;
  let otherWardId: string;
  let leadKey: string;
  const secrets: Record<string, string> = {};
  const hooks: Record<string, string> = {};
  let contractId: string;

  const verify = (secret: string, body: string, header: unknown) =>
    header === `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  async function subscribe(name: string, scope: Record<string, string>, events: string[]) {
    const response = await test
      .as(leadKey)
      .post('/api/v1/webhooks', { ...scope, url: receiver.url(`/${name}`), events })
      .expect(201);
    expect(response.body.secret).toMatch(/^whsec_/);
    secrets[name] = response.body.secret;
    hooks[name] = response.body.id;
  }

  /** An agency booking far above the cap on a past date: pending sign-off, then three breaches. */
  async function overCapBooking(trustId: string, wardId: string, date: string) {
    const booking = await agencyBooking(test, { trustId, wardId }, date, contractId);
    expect(booking.status).toBe('pending_approval');
    return booking.id;
  }

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    test = await startTestApp({
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '3',
      RECHECK_DELAY_MS: '50',
      ALERTS_SWEEP_MS: '1000',
      DIGEST_CRON: '15 6 * * *',
    });
    worker = await startTestWorker(test);
    org = await buildOrganisation(test);
    otherWardId = (await buildWard(test, org.otherTrustId)).id;
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
    contractId = await nursingRatesAndAgency(test, org.systemId, 4600);
    await subscribe('trustA', { trustId: org.trustId }, ['breach.opened', 'booking.pending_approval']);
    await subscribe('trustB', { trustId: org.otherTrustId }, ['breach.opened', 'booking.pending_approval']);
    await subscribe('flaky', { trustId: org.trustId }, ['booking.pending_approval']);
    await subscribe('down', { trustId: org.trustId }, ['booking.pending_approval']);
    await subscribe('digests', { systemId: org.systemId }, ['digest.daily']);
    receiver.script('/flaky', [500, 503]);
    receiver.script('/down', [500, 500, 500]);
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await receiver?.close();
  });

  it('refuses plain http outside local use, both scopes at once, and another system', async () => {
    const strict = await startTestApp();
    try {
      const response = await strict
        .as(strict.adminKey)
        .post('/api/v1/webhooks', { systemId: org.systemId, url: 'http://example.org/x', events: ['breach.opened'] })
        .expect(400);
      expect(response.body.errors[0].field).toBe('url');
    } finally {
      await strict.close();
    }
    await test
      .as(leadKey)
      .post('/api/v1/webhooks', {
        systemId: org.systemId,
        trustId: org.trustId,
        url: receiver.url('/x'),
        events: ['breach.opened'],
      })
      .expect(400);
    await test
      .as(leadKey)
      .post('/api/v1/webhooks', { url: receiver.url('/x'), events: ['breach.exploded'] })
      .expect(400);
    const other = await buildOrganisation(test);
    await test
      .as(leadKey)
      .post('/api/v1/webhooks', { trustId: other.trustId, url: receiver.url('/x'), events: ['breach.opened'] })
      .expect(404);
  });

  it('delivers a booking awaiting sign-off and the breaches it opens, signed, to its trust only', async () => {
    const bookingId = await overCapBooking(org.trustId, org.wardId, '2025-06-10');
    const calls = await eventually(async () => {
      const received = receiver.callsTo('/trustA');
      if (received.length < 4) throw new Error(`${received.length} calls so far`);
      return received;
    });
    const bodies = calls.map((call) => JSON.parse(call.body));
    expect(bodies.map((body) => body.event).sort()).toEqual([
      'booking.pending_approval',
      'breach.opened',
      'breach.opened',
      'breach.opened',
    ]);
    for (const call of calls) {
      expect(verify(secrets.trustA!, call.body, call.headers['fairshift-signature'])).toBe(true);
      expect(call.headers['fairshift-event-id']).toBe(JSON.parse(call.body).id);
    }
    expect(bodies.find((body) => body.event === 'booking.pending_approval').data).toMatchObject({
      bookingId,
      requiredSignoff: 'executive',
      costPence: 50_600,
    });
    expect(
      bodies
        .filter((body) => body.event === 'breach.opened')
        .map((body) => body.data.rule)
        .sort(),
    ).toEqual(['AGENCY_OVER_NATIONAL_CAP', 'AGENCY_OVER_SYSTEM_CAP', 'MISSING_SIGNOFF']);
    // Trust B's subscriber hears nothing of trust A.
    expect(receiver.callsTo('/trustB')).toEqual([]);
  });

  it('retries a failing receiver with the same event id, and shows a failed delivery until redelivered', async () => {
    const flaky = await eventually(async () => {
      const received = receiver.callsTo('/flaky');
      if (received.length < 3) throw new Error(`${received.length} calls so far`);
      return received;
    });
    expect(new Set(flaky.map((call) => call.headers['fairshift-event-id'])).size).toBe(1);
    const flakyDeliveries = await test.as(leadKey).get(`/api/v1/webhooks/${hooks.flaky}/deliveries`).expect(200);
    expect(flakyDeliveries.body.items).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 3, lastStatusCode: 200 }),
    ]);

    const failed = await eventually(async () => {
      const response = await test.as(leadKey).get(`/api/v1/webhooks/${hooks.down}/deliveries?status=failed`);
      if (response.body.items?.length !== 1) throw new Error('not failed yet');
      return response.body.items[0];
    });
    expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'the receiver answered 500' });
    await test.as(leadKey).post(`/api/v1/webhook-deliveries/${failed.id}/redeliver`).expect(202);
    await eventually(async () => {
      const response = await test.as(leadKey).get(`/api/v1/webhooks/${hooks.down}/deliveries`);
      if (response.body.items[0].status !== 'delivered') throw new Error('not delivered yet');
    });
    const down = receiver.callsTo('/down');
    expect(down).toHaveLength(4);
    expect(new Set(down.map((call) => call.headers['fairshift-event-id'])).size).toBe(1);
  });

  it('keeps the in-app feed of the same events, newest first, in the caller’s scope', async () => {
    const rotaA = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    const rotaB = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.otherTrustId] });
    const feed = await test.as(rotaA).get('/api/v1/alerts').expect(200);
    expect(feed.body.items.map((item: { event: string }) => item.event)).toContain('booking.pending_approval');
    const times = feed.body.items.map((item: { occurredAt: string }) => Date.parse(item.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const delivered = receiver.callsTo('/trustA').map((call) => JSON.parse(call.body).id);
    expect(feed.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining(delivered));
    expect((await test.as(rotaB).get('/api/v1/alerts').expect(200)).body.items).toEqual([]);
    const page = await test.as(rotaA).get('/api/v1/alerts?limit=2').expect(200);
    const next = await test.as(rotaA).get(`/api/v1/alerts?limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect([...page.body.items, ...next.body.items].map((item: { id: string }) => item.id)).toEqual(
      feed.body.items.slice(0, 4).map((item: { id: string }) => item.id),
    );
    const future = await test.as(rotaA).get('/api/v1/alerts?since=2099-01-01T00:00:00Z').expect(200);
    expect(future.body.items).toEqual([]);
    await test.as(rotaA).get('/api/v1/alerts?since=yesterday').expect(400);
  });

  it('builds one daily digest per trust and day, on a schedule per trust, and delivers it', async () => {
    const queue = worker.get<Queue>(getQueueToken('alerts'), { strict: false });
    await eventually(async () => {
      const scheduler = (await queue.getJobSchedulers()).find((entry) => entry.key === `digest-${org.trustId}`);
      expect(scheduler).toMatchObject({ pattern: '15 6 * * *', tz: 'Europe/London' });
    });
    // A second agency booking on another ward of the same day, then the digest of that day.
    await overCapBooking(org.trustId, org.wardId, '2025-06-11');
    await eventually(async () => {
      const breaches = await test.as(leadKey).get(`/api/v1/breaches?trustId=${org.trustId}`).expect(200);
      if (breaches.body.items.length < 6) throw new Error('the second booking is not checked yet');
    });
    const digests = worker.get(AlertsWorker);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    await digests.digest(org.trustId, { date: '2025-06-11' });
    await digests.digest(org.trustId, { date: '2025-06-11' });
    const digest = await eventually(async () => {
      const received = receiver.callsTo('/digests');
      if (received.length < 1) throw new Error('no digest yet');
      return received;
    });
    expect(digest).toHaveLength(1);
    const body = JSON.parse(digest[0]!.body);
    expect(verify(secrets.digests!, digest[0]!.body, digest[0]!.headers['fairshift-signature'])).toBe(true);
    expect(body).toMatchObject({
      event: 'digest.daily',
      data: {
        trustId: org.trustId,
        date: '2025-06-11',
        awaitingSignoff: 2,
        topAgencyWards: [{ wardId: org.wardId, agencySpendPence: 50_600 }],
      },
    });
    // Breaches are counted on the day they were detected: today, not the shift's day.
    await digests.digest(org.trustId, { date: today });
    const todays = await eventually(async () => {
      const received = receiver.callsTo('/digests');
      if (received.length < 2) throw new Error('no second digest yet');
      return JSON.parse(received[1]!.body);
    });
    expect(todays.data.newBreaches).toEqual(
      expect.arrayContaining([{ rule: 'MISSING_SIGNOFF', severity: 'critical', count: 2 }]),
    );
    expect(todays.data.amountOverCapPence).toBe(2 * 17_600);
    expect(receiver.callsTo('/digests').every((call) => !call.body.includes(otherWardId))).toBe(true);
  });
});
