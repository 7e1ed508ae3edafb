import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import pg from 'pg';
import { ALERT_JOBS } from '../core/queues/queue-names.js';
import { redisOptionsFromUrl } from '../core/redis/redis-options.js';
import {
  api,
  benchDatabase,
  dropQueues,
  machine,
  recordFigure,
  type RunningApi,
  startApi,
  startWorker,
} from './bench-support.js';
import { WebhookReceiver } from './webhook-receiver.js';

/**
 * `npm run bench:alerts`: how long from a breach committed to its webhook arriving at a local
 * receiver (BENCH_BREACHES bookings over the cap, one at a time), and deliveries per second with
 * BENCH_PENDING (default 1,000) events waiting at once.
 */
const BREACHES = Number(process.env.BENCH_BREACHES ?? 30);
const PENDING = Number(process.env.BENCH_PENDING ?? 1_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BANDS = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

const database = await benchDatabase('alerts');
const receiver = await WebhookReceiver.start();
const prefix = `fs-bench-${randomBytes(3).toString('hex')}`;
// Plain http to the local receiver needs a non-production mode; the rest is as in production.
const environment = { QUEUE_PREFIX: prefix, NODE_ENV: 'development', WEBHOOK_ALLOW_HTTP: 'true', LOG_LEVEL: 'warn' };
const client = new pg.Client({ connectionString: database.url });
let running: RunningApi | undefined;
const worker = startWorker({ DATABASE_URL: database.url, REDIS_URL, ...environment, RECHECK_DELAY_MS: '0' });
try {
  console.log(`machine: ${machine()}`);
  await client.connect();
  running = await startApi(database.url, { ...environment, RECHECK_DELAY_MS: '0' });
  const system = await api<{ id: string }>(running, 'POST', '/systems', { code: 'BENCH', name: 'Bench' });
  const trust = await api<{ id: string }>(running, 'POST', '/trusts', {
    systemId: system.id,
    odsCode: 'B01',
    name: 'T',
  });
  const ward = await api<{ id: string }>(running, 'POST', `/trusts/${trust.id}/wards`, { code: 'W', name: 'Ward' });
  for (const scope of ['national', 'system'] as const) {
    const card = await api<{ id: string }>(running, 'POST', '/rate-cards', {
      scope,
      ...(scope === 'system' ? { systemId: system.id } : {}),
      name: scope,
      effectiveFrom: '2025-01-01',
      lines: BANDS.map((band) => ({
        staffGroup: 'nursing',
        grade: 'band5',
        band,
        agencyCapPence: 3000,
        ...(scope === 'system' ? { bankRatePence: 1800 } : {}),
      })),
    });
    await api(running, 'POST', `/rate-cards/${card.id}/publish`);
  }
  const agency = await api<{ id: string }>(running, 'POST', '/agencies', { name: 'Bench agency' });
  const contract = await api<{ id: string }>(running, 'POST', '/agency-contracts', {
    agencyId: agency.id,
    systemId: system.id,
    framework: 'NHS Workforce Alliance',
    tier: 1,
    validFrom: '2025-01-01',
    lines: BANDS.map((band) => ({
      staffGroup: 'nursing',
      grade: 'band5',
      band,
      chargeRatePence: 3100,
      workerPayPence: 1500,
    })),
  });
  await api(running, 'POST', '/webhooks', { trustId: trust.id, url: receiver.url('/hook'), events: ['breach.opened'] });

  // Latency: one over-cap booking at a time (3,100 > 3,000 an hour, confirmed without sign-off:
  // AGENCY_OVER_NATIONAL_CAP, AGENCY_OVER_SYSTEM_CAP and MISSING_SIGNOFF each open a breach).
  const latencies: number[] = [];
  for (let n = 0; n < BREACHES; n += 1) {
    const day = new Date(Date.UTC(2025, 5, 2) + n * 86_400_000).toISOString().slice(0, 10);
    const shift = await api<{ id: string }>(running, 'POST', '/shifts', {
      trustId: trust.id,
      wardId: ward.id,
      staffGroup: 'nursing',
      grade: 'band5',
      startsAt: `${day}T08:00:00+01:00`,
      endsAt: `${day}T20:00:00+01:00`,
      breakMinutes: 60,
    });
    const before = receiver.calls.length;
    await api(running, 'POST', `/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: contract.id });
    for (let wait = 0; receiver.calls.length < before + 3; wait += 1) {
      if (wait > 3_000) throw new Error('the webhooks did not arrive');
      await new Promise((wake) => setTimeout(wake, 10));
    }
  }
  // Commit time of each breach: its transaction's start, a lower bound, so latencies are upper bounds.
  const committed = await client.query(`SELECT id, detected_at FROM breaches`);
  const detectedAt = new Map(
    committed.rows.map((row: { id: string; detected_at: Date }) => [row.id, row.detected_at.getTime()]),
  );
  for (const call of receiver.calls) {
    const breachId = JSON.parse(call.body).data.breachId as string;
    latencies.push(call.at - detectedAt.get(breachId)!);
  }
  latencies.sort((a, b) => a - b);

  // Throughput: PENDING events written at once, then one dispatch.
  await client.query(
    `INSERT INTO alert_events (type, system_id, trust_id, subject_id, data)
     SELECT 'breach.opened', $1, $2, gen_random_uuid(), jsonb_build_object('breachId', gen_random_uuid(), 'n', n)
       FROM generate_series(1, $3) n`,
    [system.id, trust.id, PENDING],
  );
  const queue = new Queue('alerts', { connection: redisOptionsFromUrl(REDIS_URL), prefix });
  const received = receiver.calls.length;
  const started = performance.now();
  await queue.add(ALERT_JOBS.dispatch, {});
  while (receiver.calls.length < received + PENDING) {
    if (performance.now() - started > 300_000) throw new Error('the deliveries did not all arrive');
    await new Promise((wake) => setTimeout(wake, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await queue.close();
  const median = percentile(latencies, 0.5);
  recordFigure('alerts', {
    figure: 'breach committed to webhook received, median',
    value: median,
    unit: 'ms',
    target: 'median < 1,000 ms',
    met: median < 1_000,
  });
  recordFigure('alerts', {
    figure: 'breach committed to webhook received, p99',
    value: percentile(latencies, 0.99),
    unit: 'ms',
  });
  recordFigure('alerts', {
    figure: 'webhook deliveries per second',
    value: Math.round(PENDING / seconds),
    unit: 'deliveries/s',
    target: '≥ 200/s',
    met: PENDING / seconds >= 200,
  });
  console.log(
    `alerts: breach committed to webhook received, ${latencies.length} breaches: median ${percentile(latencies, 0.5)} ms, ` +
      `p99 ${percentile(latencies, 0.99)} ms (target median < 1 s); ${PENDING.toLocaleString('en-GB')} pending events ` +
      `delivered in ${seconds.toFixed(1)} s: ${Math.round(PENDING / seconds)} deliveries/s (target ≥ 200)`,
  );
} finally {
  await running?.stop();
  await worker.stop();
  await receiver.close();
  await client.end();
  await database.drop();
  await dropQueues(prefix);
}
