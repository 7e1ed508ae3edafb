import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import pg from 'pg';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { seedRegion, type SeededRegion } from '../../src/bench/compliance-seed.js';
import { migrate } from '../../src/cli/migrate.js';
import { createApiApp } from '../../src/create-api-app.js';
import { createWorkerApp } from '../../src/create-worker-app.js';
import { COMPLIANCE_JOBS, QUEUES } from '../../src/core/queues/queue-names.js';
import { redisOptionsFromUrl } from '../../src/core/redis/redis-options.js';
import { runJobId } from '../../src/modules/compliance/compliance-runs.service.js';
import { eventually } from '../support/eventually.js';
import { clientFor, startTestApp, startTestWorker, testOverrides, type TestApp } from '../support/test-app.js';
import { ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';
import { buildOrganisation } from '../support/factories.js';

/**
 * The things that go wrong in hospitals' IT, during a compliance run (issue 9): Redis stopped and
 * started empty, PostgreSQL restarted. Each test stops its own private server, never the shared
 * ones. Either way the run completes with exactly the breaches of an undisturbed run: every chunk
 * is one transaction, retried or resumed, never half-written.
 */
describe('faults during a compliance run', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  /** The breaches of the seeded window (every test seeds shifts before 2 June 2025). */
  const BREACHES = `SELECT booking_id, rule, severity, status, amount_pence, charge_pence, cap_cost_pence,
                           system_cap_cost_pence, card_cost_pence, signoff_level
                      FROM breaches WHERE local_start_date < '2025-06-02' ORDER BY booking_id, rule`;

  /** Starts a run over the region and waits until it is well under way, but not through. */
  async function startRun(http: ReturnType<typeof clientFor>, region: SeededRegion): Promise<string> {
    const response = await http
      .post('/api/v1/compliance-runs', { systemId: region.systemId, from: region.from, to: region.to })
      .expect(202);
    return response.body.id as string;
  }
  const readRun = async (http: ReturnType<typeof clientFor>, id: string) =>
    (await http.get(`/api/v1/compliance-runs/${id}`)).body;
  const underWay = (http: ReturnType<typeof clientFor>, id: string) =>
    eventually(
      async () => {
        const run = await readRun(http, id);
        if (run.chunksDone < 2) throw new Error(`${run.chunksDone} chunks done`);
        return run;
      },
      600,
      25,
    );
  const succeeded = (http: ReturnType<typeof clientFor>, id: string) =>
    eventually(
      async () => {
        const run = await readRun(http, id);
        if (run.status !== 'succeeded') throw new Error(`run is ${run.status}: ${run.error ?? ''}`);
        return run;
      },
      600,
      200,
    );

  it('survives Redis stopped mid-run and started empty: 503 where the queue is needed, the rest works', async () => {
    const redis = await ThrowawayRedis.start();
    cleanups.push(() => redis.stop());
    const test: TestApp = await startTestApp({
      REDIS_URL: redis.url,
      RUN_SWEEP_MS: '500',
      RECHECK_SWEEP_MS: '500',
      JOB_LOCK_MS: '2000',
      JOB_STALLED_CHECK_MS: '1000',
    });
    cleanups.push(() => test.close());
    const worker: INestApplicationContext = await startTestWorker(test, { WORKER_CONCURRENCY: '1' });
    cleanups.push(() => worker.close());
    const client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    cleanups.push(() => client.end());
    // 2 trusts × 12 weeks: 24 chunks.
    const region = await seedRegion(client, { trusts: 2, days: 84, bookings: 6_000, lastDay: '2025-06-02' });
    const admin = test.as(test.adminKey);

    const runId = await startRun(admin, region);
    expect((await underWay(admin, runId)).chunksDone).toBeLessThan(24);
    // Chunks take their trust's lock shared: holding both exclusively freezes the run mid-way.
    const freezer = new pg.Client({ connectionString: test.database.url });
    await freezer.connect();
    cleanups.push(() => freezer.end());
    await freezer.query(
      `SELECT pg_advisory_lock(hashtext('compliance:' || id::text)) FROM trusts WHERE system_id = $1`,
      [region.systemId],
    );
    await redis.stop();

    // What needs the queue says so; what does not, works.
    const refused = await admin
      .post('/api/v1/compliance-runs', { systemId: region.systemId, from: region.from, to: region.to })
      .expect(503);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await admin.get(`/api/v1/breaches?systemId=${region.systemId}&limit=5`).expect(200);
    const [trust] = (
      await client.query(`SELECT id FROM trusts WHERE system_id = $1 ORDER BY id LIMIT 1`, [region.systemId])
    ).rows as { id: string }[];
    await admin.get(`/api/v1/shifts?trustId=${trust!.id}&limit=5`).expect(200);
    expect((await readRun(admin, runId)).status).toBe('running');
    // A rota manager books an agency nurse meanwhile (after the run's window): it commits, and
    // only its signal to re-check is lost.
    const [ward] = (await client.query(`SELECT id FROM wards WHERE trust_id = $1 LIMIT 1`, [trust!.id])).rows;
    const [contract] = (
      await client.query(
        `SELECT id FROM agency_contracts WHERE system_id = $1 AND framework IS NOT NULL ORDER BY id LIMIT 1`,
        [region.systemId],
      )
    ).rows;
    const shift = await admin
      .post('/api/v1/shifts', {
        trustId: trust!.id,
        wardId: ward.id,
        staffGroup: 'nursing',
        grade: 'band5',
        startsAt: '2025-06-20T07:00:00+01:00',
        endsAt: '2025-06-20T19:00:00+01:00',
        breakMinutes: 60,
      })
      .expect(201);
    const booking = await admin
      .post(`/api/v1/shifts/${shift.body.id}/bookings`, {
        type: 'agency',
        agencyContractId: contract.id,
        bypassReason: 'No bank nurse answered during the outage',
      })
      .expect(201);

    // Back with nothing in it: the worker's sweep finds the run without jobs and resumes it.
    await redis.start();
    await freezer.query('SELECT pg_advisory_unlock_all()');
    const run = await succeeded(admin, runId);
    expect(run).toMatchObject({ chunksDone: 24, bookingsChecked: region.bookings });
    // The booking made while Redis was away is checked too: the re-check sweep finds its mark.
    await eventually(async () => {
      const costed = await client.query(`SELECT 1 FROM booking_costs WHERE booking_id = $1`, [booking.body.id]);
      if (costed.rowCount !== 1) throw new Error('the booking made during the outage is not checked yet');
    });
    const afterOutage = (await client.query(BREACHES)).rows;
    expect(afterOutage.length).toBeGreaterThan(100);

    await client.query('DELETE FROM breaches');
    const undisturbed = await succeeded(admin, await startRun(admin, region));
    expect(undisturbed.breachesOpened).toBe(afterOutage.length);
    expect((await client.query(BREACHES)).rows).toEqual(afterOutage);
  });

  it('survives PostgreSQL restarted mid-run: chunks cut off roll back and are retried', async () => {
    const postgres = await ThrowawayPostgres.start();
    cleanups.push(() => postgres.destroy());
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE fairshift');
    await admin.end();
    const url = postgres.url('fairshift');
    await migrate(url);
    const overrides = testOverrides(
      { name: 'fairshift', url, drop: async () => undefined },
      { JOB_LOCK_MS: '2000', JOB_STALLED_CHECK_MS: '1000' },
    );
    const app: NestExpressApplication = await createApiApp(overrides);
    cleanups.push(() => app.close());
    const worker = await createWorkerApp({ ...overrides, WORKER_CONCURRENCY: '1' });
    cleanups.push(() => worker.close());
    const http = clientFor(request(app.getHttpServer()), overrides.BOOTSTRAP_ADMIN_KEY!);
    const seedClient = new pg.Client({ connectionString: url });
    await seedClient.connect();
    const region = await seedRegion(seedClient, { trusts: 2, days: 84, bookings: 6_000, lastDay: '2025-06-02' });
    await seedClient.end();

    const runId = await startRun(http, region);
    await underWay(http, runId);
    await postgres.restart();

    // The api answers 503 while its pool reconnects, then the run: retried chunks, all of them.
    const run = await succeeded(http, runId);
    expect(run).toMatchObject({ chunksDone: 24, bookingsChecked: region.bookings });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    const afterRestart = (await client.query(BREACHES)).rows;
    expect(afterRestart.length).toBeGreaterThan(100);

    await client.query('DELETE FROM breaches');
    const undisturbed = await succeeded(http, await startRun(http, region));
    expect(undisturbed.breachesOpened).toBe(afterRestart.length);
    expect((await client.query(BREACHES)).rows).toEqual(afterRestart);
  });

  it('settles a run whose parent job ended while its row could not be written', async () => {
    const test: TestApp = await startTestApp({ RUN_SWEEP_MS: '500', JOB_LOCK_MS: '2000' });
    cleanups.push(() => test.close());
    const worker = await startTestWorker(test);
    cleanups.push(() => worker.close());
    const queue = new Queue(QUEUES.compliance, {
      connection: redisOptionsFromUrl(test.overrides.REDIS_URL!),
      prefix: test.overrides.QUEUE_PREFIX,
    });
    cleanups.push(() => queue.close());
    // The shared Redis stays up here: any error of this connection is the test's failure.
    const queueErrors: Error[] = [];
    queue.on('error', (error) => queueErrors.push(error));
    const org = await buildOrganisation(test);
    // Two runs recorded as running a while ago, as if their workers could not record the end.
    const runs = (
      await test.app.get(DataSource).query(
        `INSERT INTO compliance_runs (system_id, from_date, to_date, trigger, status, chunks_total, created_at, started_at)
         SELECT $1, '2025-06-01', '2025-06-08', 'manual', 'running', 2, now() - interval '1 hour', now() - interval '1 hour'
           FROM generate_series(1, 2) RETURNING id`,
        [org.systemId],
      )
    ).map((row: { id: string }) => row.id) as string[];
    // Their parent jobs ended in Redis: one failed for good, one completed.
    await queue.add('no-such-job', {}, { jobId: runJobId(runs[0]!), attempts: 1 });
    await queue.add(COMPLIANCE_JOBS.syncSchedules, {}, { jobId: runJobId(runs[1]!), attempts: 1 });

    const admin = test.as(test.adminKey);
    const [failed, succeeded] = await eventually(async () => {
      const states = await Promise.all(runs.map((id) => readRun(admin, id)));
      if (states.some((run) => run.status === 'running')) throw new Error('not settled yet');
      return states;
    });
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('unknown compliance job') });
    expect(failed.finishedAt).not.toBeNull();
    expect(succeeded).toMatchObject({ status: 'succeeded', bookingsChecked: 0 });
    expect(queueErrors).toEqual([]);
  });
});
