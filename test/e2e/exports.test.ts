import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildOrganisation, buildWard, type Organisation } from '../support/factories.js';
import { agencyBooking, nursingRatesAndAgency } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';
import { queryRows } from '../support/postgres.js';

const WINDOW = 'from=2025-06-01&to=2025-07-01';

/** CSV exports of shifts, bookings and breaches over a window and scope, streamed from a cursor. */
describe('exports', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let otherWardId: string;
  let rotaKey: string;
  const shiftIds: Record<string, string> = {};

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);

  const csv = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

  beforeAll(async () => {
    test = await startTestApp();
    worker = await startTestWorker(test);
    org = await buildOrganisation(test);
    otherWardId = (await buildWard(test, org.otherTrustId)).id;
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    const contract = await nursingRatesAndAgency(test, org.systemId, 4600);
    // In the window: one booked shift at each trust; outside it: one more at the first.
    shiftIds.a = (await agencyBooking(test, org, '2025-06-10', contract)).id;
    shiftIds.b = (
      await agencyBooking(test, { trustId: org.otherTrustId, wardId: otherWardId }, '2025-06-12', contract)
    ).id;
    shiftIds.late = (await agencyBooking(test, org, '2025-07-03', contract)).id;
    const run = await test
      .as(test.adminKey)
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2025-06-01', to: '2025-08-01' })
      .expect(202);
    await eventually(async () => {
      const state = await test.as(test.adminKey).get(`/api/v1/compliance-runs/${run.body.id}`).expect(200);
      expect(state.body.status).toBe('succeeded');
    });
  });

  afterAll(async () => {
    await worker.close();
    await test.close();
  });

  it('exports a system’s shifts in the window as CSV, with band minutes and UTC instants', async () => {
    const response = await test
      .as(test.adminKey)
      .get(`/api/v1/exports/shifts?systemId=${org.systemId}&${WINDOW}`)
      .expect(200);

    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv(response.text);
    expect(
      rows.map((row) => [
        row.trustId,
        row.localStartDate,
        row.startsAt,
        row.status,
        row['bandMinutes.day'],
        row.paidMinutes,
      ]),
    ).toEqual([
      [org.trustId, '2025-06-10', '2025-06-10T07:00:00Z', 'booked', '720', '660'],
      [org.otherTrustId, '2025-06-12', '2025-06-12T07:00:00Z', 'booked', '720', '660'],
    ]);
    expect(response.text.split('\r\n')[0] ?? response.text.split('\n')[0]).toMatch(
      /^id,trustId,wardId,staffGroup,grade,startsAt,endsAt/,
    );
  });

  it('limits a trust-scoped key to its trusts, and answers 404 for a trust outside its scope', async () => {
    const system = await test
      .as(rotaKey)
      .get(`/api/v1/exports/bookings?systemId=${org.systemId}&${WINDOW}`)
      .expect(200);
    await test.as(rotaKey).get(`/api/v1/exports/bookings?trustId=${org.otherTrustId}&${WINDOW}`).expect(404);

    const rows = csv(system.text);
    expect(rows).toHaveLength(1);
    const [booking] = await sql<{ id: string; cost: string }>(
      `SELECT b.id, b.cost_pence::text AS cost FROM bookings b JOIN shifts s ON s.id = b.shift_id WHERE s.local_start_date = '2025-06-10'`,
    );
    expect(rows[0]).toMatchObject({
      id: booking!.id,
      trustId: org.trustId,
      type: 'agency',
      status: 'pending_approval',
      costPence: booking!.cost,
      chargePence: booking!.cost,
      'ratesPence.day': '4600',
      requiredSignoff: 'executive',
    });
  });

  it('exports the window’s breaches as the compliance engine recorded them', async () => {
    const response = await test
      .as(test.adminKey)
      .get(`/api/v1/exports/breaches?trustId=${org.trustId}&${WINDOW}`)
      .expect(200);

    const expected = await sql<{ id: string; rule: string; amount: string }>(
      `SELECT id, rule, amount_pence::text AS amount FROM breaches
        WHERE trust_id = $1 AND local_start_date >= '2025-06-01' AND local_start_date < '2025-07-01' ORDER BY local_start_date, id`,
      [org.trustId],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(csv(response.text).map((row) => ({ id: row.id, rule: row.rule, amount: row.amountPence }))).toEqual(
      expected,
    );
  });

  it('refuses a request without exactly one of systemId and trustId, a reversed window, and other roles', async () => {
    const admin = test.as(test.adminKey);
    await admin.get(`/api/v1/exports/shifts?${WINDOW}`).expect(400);
    await admin.get(`/api/v1/exports/shifts?systemId=${org.systemId}&from=2025-07-01&to=2025-06-01`).expect(400);
    await admin.get(`/api/v1/exports/rotas?systemId=${org.systemId}&${WINDOW}`).expect(400);
    // A date PostgreSQL has no year for is refused, not a server error.
    await admin.get(`/api/v1/exports/shifts?systemId=${org.systemId}&from=0000-01-01&to=2025-06-01`).expect(400);
    const approver = await buildApiKey(test, { role: 'approver', trustIds: [org.trustId], approvalLevel: 'executive' });
    await test.as(approver).get(`/api/v1/exports/shifts?trustId=${org.trustId}&${WINDOW}`).expect(403);
  });

  it('quotes a cell a spreadsheet would run as a formula', async () => {
    const [{ shift_id: shiftId }] = (await sql(`SELECT shift_id FROM bookings WHERE id = $1`, [shiftIds.a])) as {
      shift_id: string;
    }[];
    await sql(`UPDATE shifts SET reason = '=HYPERLINK("http://example.invalid")' WHERE id = $1`, [shiftId]);
    const response = await test
      .as(test.adminKey)
      .get(`/api/v1/exports/shifts?trustId=${org.trustId}&${WINDOW}`)
      .expect(200);
    const row = csv(response.text).find((shift) => shift.id === shiftId);
    expect(row!.reason).toBe(`'=HYPERLINK("http://example.invalid")`);
  });

  it('streams a large export in full, and frees its connection when the client goes away', async () => {
    await sql(
      `INSERT INTO shifts (trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                           elapsed_minutes, paid_minutes, minutes_day, status)
       SELECT $1, $2, 'nursing', 'band5', '2025-05-01T07:00:00Z', '2025-05-01T19:00:00Z', 60, '2025-05-01', 720, 660, 720, 'open'
         FROM generate_series(1, 50000)`,
      [org.trustId, org.wardId],
    );
    const path = `/api/v1/exports/shifts?trustId=${org.trustId}&from=2025-05-01&to=2025-05-02`;

    const full = await test.as(test.adminKey).get(path).expect(200);
    expect(full.text.trimEnd().split('\n')).toHaveLength(50_001);

    const server = test.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${test.adminKey}` } },
        (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        },
      );
      request.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error),
      );
    });

    await eventually(async () => {
      const running = await sql(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%bandMinutes.day%' AND pid <> pg_backend_pid()
            AND state <> 'idle'`,
      );
      expect(running).toEqual([]);
    });
    // The pool got its connection back: more exports than the pool has connections all complete.
    for (let round = 0; round < 6; round += 1) {
      await test.as(test.adminKey).get(`/api/v1/exports/shifts?trustId=${org.trustId}&${WINDOW}`).expect(200);
    }
  });
});
