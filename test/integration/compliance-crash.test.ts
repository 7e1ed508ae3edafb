import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { seedRegion, type SeededRegion } from '../../src/bench/compliance-seed.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs are idempotent and crash-safe (issue 5): a worker process killed with SIGKILL half-way
 * through a run leaves a run that still completes, with exactly the breaches of an undisturbed one.
 */
describe('a compliance run whose worker is killed', () => {
  let test: TestApp;
  let client: pg.Client;
  let region: SeededRegion;
  let child: ChildProcess | undefined;
  let rescuer: INestApplicationContext | undefined;

  const snapshot = async () =>
    (
      await client.query(
        `SELECT booking_id, rule, severity, status, amount_pence, charge_pence, cap_cost_pence, system_cap_cost_pence,
                card_cost_pence, signoff_level
           FROM breaches ORDER BY booking_id, rule`,
      )
    ).rows;

  async function startRun(): Promise<string> {
    const response = await test
      .as(test.adminKey)
      .post('/api/v1/compliance-runs', { systemId: region.systemId, from: region.from, to: region.to })
      .expect(202);
    return response.body.id;
  }

  const readRun = async (id: string) => (await test.as(test.adminKey).get(`/api/v1/compliance-runs/${id}`)).body;

  const finished = (id: string) =>
    eventually(
      async () => {
        const run = await readRun(id);
        if (run.status !== 'succeeded') throw new Error(`run is ${run.status}: ${run.error ?? ''}`);
        return run;
      },
      300,
      200,
    );

  beforeAll(async () => {
    test = await startTestApp();
    client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    // 3 trusts × 20 weeks = 60 chunks of about 350 bookings each.
    region = await seedRegion(client, { trusts: 3, days: 140, bookings: 21_000, lastDay: '2025-06-02' });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await rescuer?.close();
    await client?.end();
    await test?.close();
  });

  it('completes after SIGKILL with exactly the breaches of an undisturbed run', async () => {
    // A real worker process, one chunk at a time, holding each job for 2 s between lock renewals.
    child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...test.overrides,
        WORKER_CONCURRENCY: '1',
        JOB_LOCK_MS: '2000',
        JOB_STALLED_CHECK_MS: '1000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const runId = await startRun();
    // Kill it once it is into the run, but not through: watched in the database itself (an HTTP
    // read may take longer than the rest of the run on a busy machine), frozen at once (SIGSTOP)
    // so that it finishes no more chunks while the kill is on its way, then killed.
    await eventually(
      async () => {
        const [{ done }] = (
          await client.query(`SELECT count(*)::int AS done FROM compliance_run_chunks WHERE run_id = $1`, [runId])
        ).rows as [{ done: number }];
        if (done < 1) throw new Error(`${done} chunks done`);
      },
      6000,
      5,
    );
    child.kill('SIGSTOP');
    const atKill = await readRun(runId);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const afterKill = await readRun(runId);
    expect(afterKill.status).toBe('running');
    expect(afterKill.chunksDone).toBeLessThan(afterKill.chunksTotal);
    expect(atKill.chunksTotal).toBe(60);

    // Another worker finds the dead one's chunk stalled, retries it, and finishes the run.
    rescuer = await startTestWorker(test, { JOB_LOCK_MS: '2000', JOB_STALLED_CHECK_MS: '1000' });
    const survived = await finished(runId);
    expect(survived).toMatchObject({ chunksDone: 60, bookingsChecked: region.bookings, breachesResolved: 0 });
    const afterCrash = await snapshot();
    expect(afterCrash.length).toBeGreaterThan(1_000);
    expect(survived.breachesOpened).toBe(afterCrash.length);

    // The same window again changes nothing …
    const again = await finished(await startRun());
    expect(again).toMatchObject({ bookingsChecked: region.bookings, breachesOpened: 0, breachesUpdated: 0 });
    expect(await snapshot()).toEqual(afterCrash);

    // … and an undisturbed run from nothing finds the same breaches, row for row.
    await client.query('DELETE FROM breaches');
    const undisturbed = await finished(await startRun());
    expect(undisturbed.breachesOpened).toBe(afterCrash.length);
    expect(await snapshot()).toEqual(afterCrash);
  });
});
