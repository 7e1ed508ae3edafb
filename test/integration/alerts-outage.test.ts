import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from '../support/eventually.js';
import { buildOrganisation } from '../support/factories.js';
import { agencyBooking, nursingRatesAndAgency } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';
import { WebhookReceiver } from '../../src/bench/webhook-receiver.js';

/**
 * The outbox: an alert exists if and only if its change committed, so stopping Redis during a
 * breach-producing change loses nothing. This file's own redis-server is stopped, never the shared one.
 */
describe('alerts while Redis is away', () => {
  let redis: ThrowawayRedis;
  let test: TestApp;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    receiver = await WebhookReceiver.start();
    test = await startTestApp({
      REDIS_URL: redis.url,
      WEBHOOK_ALLOW_HTTP: 'true',
      RECHECK_SWEEP_MS: '500',
      ALERTS_SWEEP_MS: '500',
    });
    worker = await startTestWorker(test);
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('delivers the alerts of a change made while Redis was stopped, once it is back', async () => {
    const org = await buildOrganisation(test);
    const contractId = await nursingRatesAndAgency(test, org.systemId, 4600);
    await test
      .as(test.adminKey)
      .post('/api/v1/webhooks', {
        trustId: org.trustId,
        url: receiver.url('/hook'),
        events: ['breach.opened', 'booking.pending_approval'],
      })
      .expect(201);

    await redis.stop();
    // Redis holds nothing that matters: the booking commits, its signals are lost.
    const booking = await agencyBooking(test, org, '2025-06-10', contractId);
    expect(booking.status).toBe('pending_approval');
    await new Promise((wait) => setTimeout(wait, 1_500));
    expect(receiver.calls).toEqual([]);

    // Back empty (no jobs, no schedulers): the workers' sweeps find the marked shift and the outbox.
    await redis.start();
    const calls = await eventually(
      async () => {
        if (receiver.calls.length < 4) throw new Error(`${receiver.calls.length} calls so far`);
        return receiver.calls;
      },
      150,
      200,
    );
    const types = calls.map((call) => JSON.parse(call.body).event).sort();
    expect(types).toEqual(['booking.pending_approval', 'breach.opened', 'breach.opened', 'breach.opened']);
  });
});
