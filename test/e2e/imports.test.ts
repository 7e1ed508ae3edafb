import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { ImportsWorker } from '../../src/modules/imports/imports.worker.js';
import { eventually } from '../support/eventually.js';
import {
  buildApiKey,
  buildOrganisation,
  buildSystem,
  buildTrust,
  buildWard,
  type Organisation,
} from '../support/factories.js';
import { nursingRatesAndAgency } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';
import { queryRows } from '../support/postgres.js';

const SHIFT_HEADER = 'trustId,wardId,staffGroup,grade,startsAt,endsAt,breakMinutes,externalRef';
const dayShift = (org: { trustId: string; wardId: string }, date: string, ref: string, end = '20:00') =>
  `${org.trustId},${org.wardId},nursing,band5,${date}T08:00:00+01:00,${date}T${end}:00+01:00,60,${ref}`;

interface ImportAnswer {
  id: string;
  status: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: { row: number; field: string | null; message: string }[];
}

/**
 * CSV imports end to end: the api takes the file, a worker in this process applies it, and the
 * tables hold exactly the rows the file describes, or nothing at all when any row is refused.
 */
describe('imports', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let integrationKey: string;
  let contractId: string;

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);

  const send = (kind: string, csv: string | Buffer, key = integrationKey, type = 'text/csv') =>
    test.http.post(`/api/v1/imports/${kind}`).set('Authorization', `Bearer ${key}`).set('Content-Type', type).send(csv);

  /** Sends a file and waits until the worker has finished with it. */
  async function importFile(kind: string, csv: string | Buffer, key = integrationKey): Promise<ImportAnswer> {
    const accepted = await send(kind, csv, key).expect(202);
    return eventually(async () => {
      const state = await test.as(key).get(`/api/v1/imports/${accepted.body.id}`).expect(200);
      expect(['succeeded', 'failed']).toContain(state.body.status);
      return state.body as ImportAnswer;
    });
  }

  const counts = async () =>
    (
      await sql<{ shifts: number; bookings: number; timesheets: number; workers: number }>(
        `SELECT (SELECT count(*)::int FROM shifts) AS shifts, (SELECT count(*)::int FROM bookings) AS bookings,
                (SELECT count(*)::int FROM timesheets) AS timesheets, (SELECT count(*)::int FROM bank_workers) AS workers`,
      )
    )[0]!;

  beforeAll(async () => {
    test = await startTestApp({ IMPORT_MAX_BYTES: '4096' });
    worker = await startTestWorker(test);
    org = await buildOrganisation(test);
    integrationKey = await buildApiKey(test, { role: 'integration', trustIds: [org.trustId, org.otherTrustId] });
    contractId = await nursingRatesAndAgency(test, org.systemId, 2900);
    await test
      .as(test.adminKey)
      .post('/api/v1/bank-workers', {
        homeTrustId: org.trustId,
        displayName: 'Bank nurse',
        staffGroup: 'nursing',
        grade: 'band5',
        externalRef: 'BW-1',
      })
      .expect(201);
  });

  afterAll(async () => {
    await worker.close();
    await test.close();
  });

  it('creates shifts with the bookings that filled them, costed and signed off as the API would', async () => {
    const csv = [
      `${SHIFT_HEADER},bookingType,bankWorkerExternalRef,agencyContractId,ratesPence.day`,
      `${dayShift(org, '2025-06-10', 'R-1')},,,,`,
      `${dayShift(org, '2025-06-11', 'R-2')},bank,BW-1,,`,
      `${dayShift(org, '2025-06-12', 'R-3')},agency,,${contractId},3100`,
    ].join('\n');

    const result = await importFile('shifts', csv);

    expect(result).toMatchObject({ status: 'succeeded', rows: 3, created: 3, updated: 0, unchanged: 0, errorCount: 0 });
    const shifts = await sql(
      `SELECT external_ref, status, to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS starts, paid_minutes,
              minutes_day, local_start_date::text AS day, recheck_requested_at IS NOT NULL AS recheck
         FROM shifts ORDER BY external_ref`,
    );
    expect(shifts).toEqual([
      {
        external_ref: 'R-1',
        status: 'open',
        starts: '2025-06-10 07:00',
        paid_minutes: 660,
        minutes_day: 720,
        day: '2025-06-10',
        recheck: false,
      },
      {
        external_ref: 'R-2',
        status: 'booked',
        starts: '2025-06-11 07:00',
        paid_minutes: 660,
        minutes_day: 720,
        day: '2025-06-11',
        recheck: true,
      },
      {
        external_ref: 'R-3',
        status: 'booked',
        starts: '2025-06-12 07:00',
        paid_minutes: 660,
        minutes_day: 720,
        day: '2025-06-12',
        recheck: true,
      },
    ]);
    const bookings = await sql(
      `SELECT s.external_ref, b.type, b.status, b.cost_pence::int AS cost, b.required_signoff, b.rates_pence->'day' AS day_rate
         FROM bookings b JOIN shifts s ON s.id = b.shift_id ORDER BY s.external_ref`,
    );
    // Bank at the card's 1,800 an hour for 11 paid hours; the agency at the stated 3,100, over the
    // national cap's 33,000, so it waits for senior-manager sign-off.
    expect(bookings).toEqual([
      { external_ref: 'R-2', type: 'bank', status: 'confirmed', cost: 19_800, required_signoff: null, day_rate: 1800 },
      {
        external_ref: 'R-3',
        type: 'agency',
        status: 'pending_approval',
        cost: 34_100,
        required_signoff: 'senior_manager',
        day_rate: 3100,
      },
    ]);
    const audit = await sql(
      `SELECT action, after->>'created' AS created FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [result.id],
    );
    expect(audit).toEqual([
      { action: 'import.receive', created: null },
      { action: 'import.apply', created: '3' },
    ]);
    const events = await sql(`SELECT type FROM alert_events WHERE type = 'booking.pending_approval'`);
    expect(events).toHaveLength(1);
  });

  it('applies the same file once and answers with the first import', async () => {
    const csv = [SHIFT_HEADER, dayShift(org, '2025-06-20', 'SAME-1')].join('\n');
    const first = await importFile('shifts', csv);
    const before = await counts();

    const again = await send('shifts', csv).expect(202);

    expect(again.body.id).toBe(first.id);
    expect(again.body.status).toBe('succeeded');
    expect(await counts()).toEqual(before);
  });

  it('takes a failed file again as a new import once what it named exists', async () => {
    const csv = [
      `${SHIFT_HEADER},bookingType,bankWorkerExternalRef`,
      `${dayShift(org, '2025-06-16', 'LATE-1')},bank,BW-LATE`,
    ].join('\n');
    const failed = await importFile('shifts', csv);
    expect(failed.errors).toEqual([
      { row: 2, field: 'bankWorkerExternalRef', message: 'not a bank worker of this system and staff group' },
    ]);
    await test
      .as(test.adminKey)
      .post('/api/v1/bank-workers', {
        homeTrustId: org.trustId,
        displayName: 'Late starter',
        staffGroup: 'nursing',
        grade: 'band6',
        externalRef: 'BW-LATE',
      })
      .expect(201);

    const again = await importFile('shifts', csv);

    expect(again.id).not.toBe(failed.id);
    expect(again).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await send('shifts', csv).expect(202)).body.id).toBe(again.id);
    expect(await sql(`SELECT s.status FROM shifts s WHERE s.external_ref = 'LATE-1'`)).toEqual([{ status: 'booked' }]);
  });

  it('updates an open shift with a known externalRef instead of adding another', async () => {
    await importFile('shifts', [SHIFT_HEADER, dayShift(org, '2025-07-01', 'MOVE-1')].join('\n'));

    const result = await importFile(
      'shifts',
      [SHIFT_HEADER, dayShift(org, '2025-07-01', 'MOVE-1', '19:00')].join('\n'),
    );

    expect(result).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    const rows = await sql(`SELECT paid_minutes FROM shifts WHERE external_ref = 'MOVE-1'`);
    expect(rows).toEqual([{ paid_minutes: 600 }]);
  });

  it('refuses to change a booked shift, naming the row, and writes nothing else from the file', async () => {
    const before = await counts();
    const csv = [SHIFT_HEADER, dayShift(org, '2025-07-02', 'NEW-1'), dayShift(org, '2025-06-11', 'R-2', '19:00')].join(
      '\n',
    );

    const result = await importFile('shifts', csv);

    expect(result.status).toBe('failed');
    expect(result.errors).toEqual([
      { row: 3, field: 'externalRef', message: 'the shift is booked: only an open shift changes' },
    ]);
    expect(await counts()).toEqual(before);
  });

  describe('refuses a bad file whole, naming each row, with nothing written', () => {
    let before: Awaited<ReturnType<typeof counts>>;

    beforeAll(async () => {
      before = await counts();
    });

    afterAll(async () => {
      expect(await counts()).toEqual(before);
    });

    it('an unknown column and a missing required one', async () => {
      const csv = [
        'trustId,wardId,staffGroup,grade,startsAt,endsAt,colour',
        `${org.trustId},${org.wardId},nursing,band5,a,b,red`,
      ].join('\n');

      const result = await importFile('shifts', csv);

      expect(result).toMatchObject({ status: 'failed', errorCount: 2 });
      expect(result.errors).toEqual([
        { row: 1, field: 'colour', message: 'unknown column colour' },
        { row: 1, field: 'breakMinutes', message: 'missing column breakMinutes' },
      ]);
    });

    it('bad quoting', async () => {
      const csv = [SHIFT_HEADER, dayShift(org, '2025-08-01', 'Q-1'), `${dayShift(org, '2025-08-02', '"Q-2')}`].join(
        '\n',
      );

      const result = await importFile('shifts', csv);

      expect(result.status).toBe('failed');
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ row: 3, field: null });
      expect(result.errors[0]!.message).toMatch(/^the file is not valid CSV: /);
    });

    it('bytes that are not UTF-8', async () => {
      const csv = Buffer.concat([
        Buffer.from(
          `${SHIFT_HEADER},reason\n${dayShift(org, '2025-08-03', 'U-1')},fine\n${dayShift(org, '2025-08-04', 'U-2')},caf`,
        ),
        Buffer.from([0xe9]),
        Buffer.from('\n'),
      ]);

      const result = await importFile('shifts', csv);

      expect(result.status).toBe('failed');
      expect(result.errors).toEqual([{ row: 3, field: null, message: 'the row is not valid UTF-8' }]);
    });

    it('instants without an offset, and other invalid values, each by row and field', async () => {
      const csv = [
        SHIFT_HEADER,
        dayShift(org, '2025-08-05', 'D-1'),
        `${org.trustId},${org.wardId},nursing,band5,2025-08-06T08:00:00,2025-08-06T20:00:00+01:00,60,D-2`,
        `${org.trustId},${org.wardId},nursing,band99,2025-08-07T08:00:00+01:00,2025-08-07T20:00:00+01:00,lunch,D-3`,
      ].join('\n');

      const result = await importFile('shifts', csv);

      expect(result.status).toBe('failed');
      expect(result.errors.filter((error) => error.row === 3)).toEqual([
        {
          row: 3,
          field: 'startsAt',
          message: 'must be an ISO 8601 instant with an offset, e.g. 2025-04-04T19:00:00+01:00',
        },
      ]);
      const fourth = result.errors.filter((error) => error.row === 4);
      expect([...new Set(fourth.map((error) => error.field))].sort()).toEqual(['breakMinutes', 'grade']);
      expect(fourth).toContainEqual({
        row: 4,
        field: 'breakMinutes',
        message: 'breakMinutes must be an integer number',
      });
      expect(result.errors.every((error) => error.row === 3 || error.row === 4)).toBe(true);
    });

    it('rows for trusts outside the key’s scope', async () => {
      const elsewhere = await buildTrust(test, (await buildSystem(test)).id);
      const ward = await buildWard(test, elsewhere.id);
      const csv = [
        SHIFT_HEADER,
        dayShift(org, '2025-08-08', 'S-1'),
        dayShift({ trustId: elsewhere.id, wardId: ward.id }, '2025-08-08', 'S-2'),
      ].join('\n');

      const result = await importFile('shifts', csv);

      expect(result.status).toBe('failed');
      expect(result.errors).toEqual([
        { row: 3, field: 'trustId', message: 'does not exist or is outside the key’s scope' },
      ]);
    });
  });

  it('answers 413 for a file over IMPORT_MAX_BYTES, 415 for anything but text/csv, and keeps no import', async () => {
    const big = [
      SHIFT_HEADER,
      ...Array.from({ length: 60 }, (_, index) => dayShift(org, '2025-09-01', `BIG-${index}`)),
    ].join('\n');
    expect(big.length).toBeGreaterThan(4096);

    const tooLarge = await send('shifts', big).expect(413);
    const json = await send('shifts', '{"rows": []}', integrationKey, 'application/json').expect(415);

    expect(tooLarge.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(json.body).toMatchObject({ status: 415, type: 'urn:fairshift:problem:unsupported-media-type' });
    expect(await sql(`SELECT id FROM imports WHERE byte_size > 4096`)).toEqual([]);
  });

  it('reads a file sent to the path spelled otherwise, never waiting for a body already read', async () => {
    const csv = [SHIFT_HEADER, dayShift(org, '2025-09-03', 'CASE-1')].join('\n');
    // Express routes ignore case; the body must reach the import all the same.
    const accepted = await test.http
      .post('/API/v1/Imports/shifts')
      .set('Authorization', `Bearer ${integrationKey}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(accepted.status).toBe(202);
    await eventually(async () => {
      const state = await test.as(integrationKey).get(`/api/v1/imports/${accepted.body.id}`).expect(200);
      expect(state.body).toMatchObject({ status: 'succeeded', created: 1 });
    });
  });

  it('fails a file with a value PostgreSQL cannot store at once, without retrying it', async () => {
    const before = await counts();
    const answer = await importFile('shifts', [SHIFT_HEADER, dayShift(org, '2025-09-04', 'NUL\u0000REF')].join('\n'));
    expect(answer.status).toBe('failed');
    expect(answer.errorCount).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    const [row] = await sql<{ attempts: number }>(`SELECT attempts FROM imports WHERE id = $1`, [answer.id]);
    expect(row!.attempts).toBe(1);
  });

  it('lets admin and integration keys import, and no other role', async () => {
    const rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });

    await send('shifts', [SHIFT_HEADER, dayShift(org, '2025-09-02', 'ROLE-1')].join('\n'), rotaKey).expect(403);
  });

  it('records timesheets matched by shift id or external reference, and the shifts become worked', async () => {
    const [booked] = await sql<{ id: string }>(`SELECT id FROM shifts WHERE external_ref = 'R-2'`);
    await importFile(
      'shifts',
      [`${SHIFT_HEADER},bookingType,bankWorkerExternalRef`, `${dayShift(org, '2025-06-13', 'TS-2')},bank,BW-1`].join(
        '\n',
      ),
    );
    const csv = [
      'shiftId,shiftExternalRef,startedAt,endedAt,breakMinutes,amountPence',
      `${booked!.id},,2025-06-11T08:00:00+01:00,2025-06-11T20:30:00+01:00,60,21000`,
      `,TS-2,2025-06-13T08:00:00+01:00,2025-06-13T20:00:00+01:00,60,19800`,
    ].join('\n');

    const result = await importFile('timesheets', csv);

    expect(result).toMatchObject({ status: 'succeeded', rows: 2, created: 2 });
    const rows = await sql(
      `SELECT s.external_ref, s.status, t.paid_minutes, t.amount_pence::int AS amount, b.paid_minutes AS booked_paid
         FROM timesheets t JOIN shifts s ON s.id = t.shift_id JOIN bookings b ON b.id = t.booking_id ORDER BY s.external_ref`,
    );
    expect(rows).toEqual([
      { external_ref: 'R-2', status: 'worked', paid_minutes: 690, amount: 21_000, booked_paid: 690 },
      { external_ref: 'TS-2', status: 'worked', paid_minutes: 660, amount: 19_800, booked_paid: 660 },
    ]);
  });

  it('refuses a timesheet for a shift without a confirmed booking', async () => {
    const before = await counts();
    const csv = [
      'shiftExternalRef,startedAt,endedAt,breakMinutes,amountPence',
      'R-1,2025-06-10T08:00:00+01:00,2025-06-10T20:00:00+01:00,60,100',
    ].join('\n');

    const result = await importFile('timesheets', csv);

    expect(result.errors).toEqual([
      {
        row: 2,
        field: 'shiftExternalRef',
        message:
          'Only a shift with a confirmed booking takes a timesheet (a booking awaiting sign-off must be approved first)',
      },
    ]);
    expect(await counts()).toEqual(before);
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
      // Back up before the app closes, so its queue connections close cleanly.
      await redis.start();
    }
  });
});
