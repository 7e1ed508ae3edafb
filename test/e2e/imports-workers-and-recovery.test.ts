import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { ImportsWorker } from '../../src/modules/imports/imports.worker.js';
import { eventually } from '../support/eventually.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';
import {
  dayShift,
  importAndWait,
  SHIFT_HEADER,
  startImportsHarness,
  stopImportsHarness,
  type ImportsHarness,
} from '../support/imports-harness.js';
import { queryRows } from '../support/postgres.js';
import { reconnected } from '../support/redis-connections.js';
import type { Organisation } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * CSV imports end to end: the api takes the file, a worker in this process applies it, and the
 * tables hold exactly the rows the file describes, or nothing at all when any row is refused.
 */
describe('imports', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let integrationKey: string;
  let harness: ImportsHarness;

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);
  const importFile = (kind: string, csv: string | Buffer, key = integrationKey) => importAndWait(test, kind, csv, key);

  beforeAll(async () => {
    harness = await startImportsHarness();
    ({ test, worker, org, integrationKey } = harness);
  });

  afterAll(async () => {
    await stopImportsHarness(harness);
  });

  it('creates bank workers with their clearances, then updates them by externalRef', async () => {
    const header =
      'homeTrustId,displayName,staffGroup,grade,clearedTrustIds,optedOutOfWeeklyLimit,contractedWeeklyHours,externalRef';
    const first = await importFile(
      'bank-workers',
      [
        header,
        `${org.trustId},Ada,nursing,band6,${org.otherTrustId},true,12.5,BW-10`,
        `${org.otherTrustId},Ben,nursing,band5,,,,BW-11`,
      ].join('\n'),
    );
    const second = await importFile(
      'bank-workers',
      [
        header,
        `${org.trustId},Ada Lovelace,nursing,band6,,true,12.5,BW-10`,
        `${org.otherTrustId},Ben,nursing,band5,,,,BW-11`,
      ].join('\n'),
    );

    expect(first).toMatchObject({ status: 'succeeded', created: 2 });
    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 1 });
    const workers = await sql(
      `SELECT w.external_ref, w.display_name, w.grade, w.opted_out_of_weekly_limit AS opted_out, w.contracted_weekly_hours::text AS hours,
              (SELECT count(*)::int FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id) AS clearances
         FROM bank_workers w WHERE w.external_ref LIKE 'BW-1_' ORDER BY w.external_ref`,
    );
    expect(workers).toEqual([
      {
        external_ref: 'BW-10',
        display_name: 'Ada Lovelace',
        grade: 'band6',
        opted_out: true,
        hours: '12.50',
        clearances: 0,
      },
      { external_ref: 'BW-11', display_name: 'Ben', grade: 'band5', opted_out: false, hours: '0.00', clearances: 0 },
    ]);
  });

  it('re-sends an import whose job Redis lost, from its sweep', async () => {
    const [key] = await sql<{ id: string }>(`SELECT id FROM api_keys WHERE role = 'admin' LIMIT 1`);
    const [row] = await sql<{ id: string }>(
      `INSERT INTO imports (kind, scope_key, api_key_id, sha256, byte_size, created_at)
       VALUES ('shifts', 'all', $1, 'lost', 10, now() - interval '2 minutes') RETURNING id`,
      [key!.id],
    );
    await sql(`INSERT INTO import_files (import_id, body) VALUES ($1, $2)`, [
      row!.id,
      Buffer.from([SHIFT_HEADER, dayShift(org, '2025-09-03', 'LOST-1')].join('\n')),
    ]);

    await worker.get(ImportsWorker).sweep();

    await eventually(async () => {
      const [state] = await sql(`SELECT status, created FROM imports WHERE id = $1`, [row!.id]);
      expect(state).toEqual({ status: 'succeeded', created: 1 });
    });
  });
});

describe('imports while Redis is down', () => {
  let redis: ThrowawayRedis;
  let test: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    test = await startTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await reconnected(test.app);
    await test.close();
    await redis.stop();
  });

  it('answers 503 and keeps no import, so the same file can be sent again later', async () => {
    await redis.stop();

    const response = await test.http
      .post('/api/v1/imports/shifts')
      .set('Authorization', `Bearer ${test.adminKey}`)
      .set('Content-Type', 'text/csv')
      .send('trustId,wardId\n');

    expect(response.status).toBe(503);
    const client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    try {
      expect((await client.query('SELECT id FROM imports')).rows).toEqual([]);
      const audit = await client.query(`SELECT action FROM audit_log WHERE entity = 'import' ORDER BY id`);
      expect(audit.rows).toEqual([{ action: 'import.receive' }, { action: 'import.withdraw' }]);
    } finally {
      await client.end();
      // Back up before the app closes, so its connections close cleanly (see reconnected).
      await redis.start();
    }
  });
});
