import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from '../support/eventually.js';
import { importAndWait } from '../support/imports-harness.js';
import { buildApiKey, buildOrganisation, type Organisation } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { nursingRatesAndAgency } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const HEADER =
  'trustId,wardId,staffGroup,grade,startsAt,endsAt,breakMinutes,externalRef,bookingType,bankWorkerExternalRef,agencyContractId,bypassReason';

/**
 * An imported booking goes through the one way to book (BookingsService.book): the same
 * eligibility as `POST /shifts/{id}/bookings` against stored bookings and the file's earlier rows,
 * and the same ladder snapshot, so an agency booked while a bank worker was free opens
 * BANK_FIRST_BYPASSED. Only the bypass reason may be missing (the source system made the booking).
 */
describe('bookings in a shifts import', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let key: string;
  let leadKey: string;
  let contractId: string;

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);

  /** One CSV row: a June 2025 shift (London summer time) from `start` to `end`, local. */
  const row = (ref: string, start: string, end: string, booking: string) =>
    `${org.trustId},${org.wardId},nursing,band5,${start}+01:00,${end}+01:00,30,${ref},${booking}`;

  const importFile = (lines: string[]) => importAndWait(test, 'shifts', [HEADER, ...lines].join('\n'), key);

  const bookingsOf = (refs: string[]) =>
    sql<{ ref: string; type: string; eligible: number; bypass: string | null; ladder: { tiers: unknown[] } }>(
      `SELECT s.external_ref AS ref, b.type, b.eligible_bank_count AS eligible, b.bypass_reason AS bypass, b.ladder
         FROM bookings b JOIN shifts s ON s.id = b.shift_id WHERE s.external_ref = ANY($1) ORDER BY s.external_ref`,
      [refs],
    );

  async function addWorker(displayName: string, externalRef: string, extra: Record<string, unknown> = {}) {
    await test
      .as(test.adminKey)
      .post('/api/v1/bank-workers', {
        homeTrustId: org.trustId,
        displayName,
        staffGroup: 'nursing',
        grade: 'band5',
        externalRef,
        ...extra,
      })
      .expect(201);
  }

  beforeAll(async () => {
    test = await startTestApp();
    worker = await startTestWorker(test);
    org = await buildOrganisation(test);
    key = await buildApiKey(test, { role: 'integration', trustIds: [org.trustId] });
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
    contractId = await nursingRatesAndAgency(test, org.systemId, 2900);
    await addWorker('Rested nurse', 'BW-REST');
    await addWorker('Overlap nurse', 'BW-OVER');
    // 47.5 hours a week elsewhere: one 11.5-hour paid shift takes the 17-week average over 48.
    await addWorker('Busy nurse', 'BW-BUSY', { contractedWeeklyHours: 47.5 });
    await addWorker('Free nurse', 'BW-FREE');
  });

  afterAll(async () => {
    await worker.close();
    await test.close();
  });

  it('refuses a worker given only 10 hours between two rows, naming the later row, and writes nothing', async () => {
    const result = await importFile([
      row('REST-1', '2025-06-02T08:00:00', '2025-06-02T20:00:00', 'bank,BW-REST,,'),
      // 20:00 to 06:00 the next day is 10 hours' rest.
      row('REST-2', '2025-06-03T06:00:00', '2025-06-03T14:00:00', 'bank,BW-REST,,'),
    ]);

    expect(result.status).toBe('failed');
    expect(result.errors).toEqual([
      { row: 3, field: 'bankWorkerExternalRef', message: 'The worker is not eligible: REST_UNDER_11H' },
    ]);
    expect(await sql(`SELECT 1 FROM shifts WHERE external_ref LIKE 'REST-%'`)).toEqual([]);
  });

  it('takes the same two shifts with 11 hours between them', async () => {
    const result = await importFile([
      row('REST-3', '2025-06-09T08:00:00', '2025-06-09T20:00:00', 'bank,BW-REST,,'),
      row('REST-4', '2025-06-10T07:00:00', '2025-06-10T15:00:00', 'bank,BW-REST,,'),
    ]);

    expect(result).toMatchObject({ status: 'succeeded', errors: [] });
    expect((await bookingsOf(['REST-3', 'REST-4'])).map((booking) => booking.type)).toEqual(['bank', 'bank']);
  });

  it('refuses a worker booked twice at once in the same file, whichever row comes first', async () => {
    const result = await importFile([
      row('OVER-2', '2025-06-16T12:00:00', '2025-06-16T18:00:00', 'bank,BW-OVER,,'),
      row('OVER-1', '2025-06-16T08:00:00', '2025-06-16T14:00:00', 'bank,BW-OVER,,'),
    ]);

    expect(result.status).toBe('failed');
    // Bookings are made in start order: the 08:00 shift books, the 12:00 one overlaps it.
    expect(result.errors).toEqual([
      { row: 2, field: 'bankWorkerExternalRef', message: 'The bank worker is booked elsewhere at that time' },
    ]);
  });

  it('refuses a booking that takes the worker over the 48-hour average', async () => {
    const result = await importFile([row('BUSY-1', '2025-06-18T08:00:00', '2025-06-18T20:00:00', 'bank,BW-BUSY,,')]);

    expect(result.errors).toEqual([
      { row: 2, field: 'bankWorkerExternalRef', message: 'The worker is not eligible: WEEKLY_LIMIT' },
    ]);
  });

  it('records an agency booked while bank staff were free, with its ladder, and compliance opens BANK_FIRST_BYPASSED', async () => {
    const result = await importFile([
      row('AGENCY-1', '2025-06-20T08:00:00', '2025-06-20T20:00:00', `agency,,${contractId},`),
      row(
        'AGENCY-2',
        '2025-06-23T08:00:00',
        '2025-06-23T20:00:00',
        `agency,,${contractId},Ward manager chose the agency`,
      ),
    ]);

    expect(result).toMatchObject({ status: 'succeeded', errors: [] });
    const booked = await bookingsOf(['AGENCY-1', 'AGENCY-2']);
    expect(booked.map(({ ref, type, bypass }) => ({ ref, type, bypass }))).toEqual([
      { ref: 'AGENCY-1', type: 'agency', bypass: null },
      { ref: 'AGENCY-2', type: 'agency', bypass: 'Ward manager chose the agency' },
    ]);
    for (const booking of booked) {
      expect(booking.eligible).toBeGreaterThan(0);
      expect(booking.ladder.tiers).toHaveLength(6);
    }

    const run = await test
      .as(leadKey)
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2025-06-01', to: '2025-07-01' })
      .expect(202);
    await eventually(async () => {
      const state = await test.as(leadKey).get(`/api/v1/compliance-runs/${run.body.id}`).expect(200);
      if (state.body.status !== 'succeeded') throw new Error(`run is ${state.body.status}`);
    });
    const breaches = await sql<{ ref: string; status: string }>(
      `SELECT s.external_ref AS ref, br.status FROM breaches br JOIN bookings b ON b.id = br.booking_id
         JOIN shifts s ON s.id = b.shift_id WHERE br.rule = 'BANK_FIRST_BYPASSED' ORDER BY s.external_ref`,
    );
    expect(breaches).toEqual([
      { ref: 'AGENCY-1', status: 'open' },
      { ref: 'AGENCY-2', status: 'justified' },
    ]);
  });
});
