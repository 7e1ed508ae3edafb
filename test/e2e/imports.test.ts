import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
import { DEFAULT_CASCADE, HOUR } from '../support/cascade.js';
import { buildSystem, buildTrust, buildWard } from '../support/factories.js';
import { addDays, londonDate } from '../../src/modules/time-bands/index.js';
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
  let contractId: string;
  let harness: ImportsHarness;

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);
  const send = (kind: string, csv: string | Buffer, key = integrationKey, type = 'text/csv') =>
    sendImport(test, kind, csv, key, type);
  const importFile = (kind: string, csv: string | Buffer, key = integrationKey) => importAndWait(test, kind, csv, key);
  const counts = () => countRows(test);

  beforeAll(async () => {
    harness = await startImportsHarness();
    ({ test, org, integrationKey, contractId } = harness);
  });

  afterAll(async () => {
    await stopImportsHarness(harness);
  });

  // Refused files: imports-refusals.test.ts; bank workers and recovery: imports-workers-and-recovery.test.ts.
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

  it('puts an open shift from the e-roster into its system’s cascade, as posting it would', async () => {
    const system = await buildSystem(test, { settings: { releaseCascade: DEFAULT_CASCADE } });
    const trust = await buildTrust(test, system.id);
    const ward = await buildWard(test, trust.id);
    const date = addDays(londonDate(), 20);
    const before = new Date();
    await importFile(
      'shifts',
      [SHIFT_HEADER, dayShift({ trustId: trust.id, wardId: ward.id }, date, 'CASCADE-1')].join('\n'),
      test.adminKey,
    );

    const [shift] = await sql<Record<string, Date | string>>(
      `SELECT starts_at, posted_at, release_collaborative_bank_at AS collaborative, release_agency_tier_1_at AS tier_1,
              release_agency_tier_3_at AS tier_3, announced_stage, next_release_at FROM shifts WHERE external_ref = 'CASCADE-1'`,
    );
    const startMs = (shift!.starts_at as Date).getTime();
    expect((shift!.posted_at as Date).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    expect(shift).toMatchObject({
      collaborative: new Date(startMs - 336 * HOUR),
      tier_1: new Date(startMs - 120 * HOUR),
      tier_3: new Date(startMs - 48 * HOUR),
      announced_stage: 'own_bank',
      next_release_at: new Date(startMs - 336 * HOUR),
    });
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
});
