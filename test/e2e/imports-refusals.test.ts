import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildSystem, buildTrust, buildWard } from '../support/factories.js';
import {
  countRows,
  dayShift,
  importAndWait,
  sendImport,
  SHIFT_HEADER,
  startImportsHarness,
  stopImportsHarness,
  type ImportsHarness,
} from '../support/imports-harness.js';
import { queryRows } from '../support/postgres.js';
import type { Organisation } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

/**
 * CSV imports end to end: the api takes the file, a worker in this process applies it, and the
 * tables hold exactly the rows the file describes, or nothing at all when any row is refused.
 */
describe('imports', () => {
  let test: TestApp;
  let org: Organisation;
  let integrationKey: string;
  let harness: ImportsHarness;

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);
  const send = (kind: string, csv: string | Buffer, key = integrationKey, type = 'text/csv') =>
    sendImport(test, kind, csv, key, type);
  const importFile = (kind: string, csv: string | Buffer, key = integrationKey) => importAndWait(test, kind, csv, key);
  const counts = () => countRows(test);

  beforeAll(async () => {
    harness = await startImportsHarness();
    ({ test, org, integrationKey } = harness);
  });

  afterAll(async () => {
    await stopImportsHarness(harness);
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
});
