import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { eventually } from '../support/eventually.js';
import { buildApiKey, type Organisation } from '../support/factories.js';
import { buildReportsMonth } from '../support/reports-month.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const WINDOW = 'from=2025-06-01&to=2025-07-01';

/** The workforce lead's reports against a small hand-built month (see buildReportsMonth). */
describe('reports', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let leadKey: string;
  let nearCapBookingId: string;

  const get = (path: string, key = leadKey) => test.as(key).get(`/api/v1/reports/${path}`);

  beforeAll(async () => {
    test = await startTestApp();
    worker = await startTestWorker(test);
    ({ org, leadKey, nearCapBookingId } = await buildReportsMonth(test));
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
  });

  it('adds up agency and bank spend by trust, with their shares', async () => {
    const report = await get(`agency-spend?systemId=${org.systemId}&${WINDOW}`).expect(200);
    const byTrust = Object.fromEntries(report.body.items.map((row: { key: string }) => [row.key, row]));
    expect(byTrust[org.trustId]).toMatchObject({
      agencyShifts: 2,
      agencyPaidMinutes: 1_320,
      agencyChargePence: 82_500,
      bankShifts: 1,
      bankPaidMinutes: 660,
      bankPaidPence: 21_000,
      agencyShiftShare: 0.6667,
      agencyHoursShare: 0.6667,
    });
    expect(byTrust[org.otherTrustId]).toMatchObject({ agencyShifts: 1, agencyChargePence: 50_600, bankShifts: 0 });
    expect(report.body.totals).toMatchObject({
      agencyShifts: 3,
      agencyChargePence: 133_100,
      bankPaidPence: 21_000,
      agencyShiftShare: 0.75,
    });
    const byAgency = await get(`agency-spend?systemId=${org.systemId}&${WINDOW}&groupBy=agency`).expect(200);
    expect(
      byAgency.body.items.map((row: { label: string; agencyChargePence: number }) => [
        row.label,
        row.agencyChargePence,
      ]),
    ).toEqual([
      ['Agency 4600', 101_200],
      ['Bank', 0],
      ['Near Cap Ltd', 31_900],
    ]);
    const byMonth = await get(`agency-spend?systemId=${org.systemId}&${WINDOW}&groupBy=month`).expect(200);
    expect(byMonth.body.items).toEqual([expect.objectContaining({ key: '2025-06', agencyChargePence: 133_100 })]);
  });

  it('counts agency shifts within and over the national cap by sign-off level, from the breaches', async () => {
    const report = await get(`cap-compliance?systemId=${org.systemId}&${WINDOW}`).expect(200);
    const mine = report.body.items.find((row: { trustId: string }) => row.trustId === org.trustId);
    expect(mine).toEqual({
      trustId: org.trustId,
      trustName: expect.any(String),
      staffGroup: 'nursing',
      agencyShifts: 2,
      withinNationalCap: 1,
      shareWithinNationalCap: 0.5,
      overCap: {
        senior_manager: { shifts: 0, amountPence: 0 },
        executive: { shifts: 1, amountPence: 17_600 },
        chief_executive: { shifts: 0, amountPence: 0 },
      },
      offFrameworkShifts: 0,
    });
    // Trust B's one agency shift (50,600 against a 33,000 cap) needs executive sign-off too.
    expect(report.body.totals).toEqual({
      agencyShifts: 3,
      withinNationalCap: 1,
      shareWithinNationalCap: 0.3333,
      overCap: {
        senior_manager: { shifts: 0, amountPence: 0 },
        executive: { shifts: 2, amountPence: 35_200 },
        chief_executive: { shifts: 0, amountPence: 0 },
      },
      offFrameworkShifts: 0,
    });
  });

  it('shows the spread of charges against the agreed costs, per trust and staff group', async () => {
    const report = await get(`rate-variation?systemId=${org.systemId}&${WINDOW}`).expect(200);
    const byTrust = Object.fromEntries(report.body.items.map((row: { trustId: string }) => [row.trustId, row]));
    // Bank: 21,000 ÷ 19,800. Agency: 31,900 and 50,600 ÷ 28,600 (1.1154 and 1.7692), interpolated.
    expect(byTrust[org.trustId]).toMatchObject({
      staffGroup: 'nursing',
      bank: { shifts: 1, median: 1.0606, p90: 1.0606 },
      agency: { shifts: 2, median: 1.4423, p90: 1.7038 },
    });
    expect(byTrust[org.otherTrustId]).toMatchObject({
      bank: { shifts: 0, median: null, p90: null },
      agency: { shifts: 1, median: 1.7692, p90: 1.7692 },
    });
    // Over all three agency shifts (1.1154, 1.7692, 1.7692), not an average of the trusts' figures.
    expect(report.body.totals).toEqual({
      bank: { shifts: 1, median: 1.0606, p90: 1.0606 },
      agency: { shifts: 3, median: 1.7692, p90: 1.7692 },
    });
  });

  it('sums what paying the card would have saved, per trust', async () => {
    const report = await get(`harmonisation-savings?systemId=${org.systemId}&${WINDOW}`).expect(200);
    const byTrust = Object.fromEntries(report.body.items.map((row: { trustId: string }) => [row.trustId, row]));
    // 22,000 + 3,300 over the system cap and 1,200 over the card at trust A.
    expect(byTrust[org.trustId]).toMatchObject({
      overCardPence: 1_200,
      overSystemCapPence: 25_300,
      bankFirstPence: 0,
      harmonisationPence: 26_500,
    });
    expect(byTrust[org.otherTrustId]).toMatchObject({ overSystemCapPence: 22_000, harmonisationPence: 22_000 });
    expect(report.body.totals).toEqual({
      overCardPence: 1_200,
      overSystemCapPence: 47_300,
      bankFirstPence: 0,
      harmonisationPence: 48_500,
    });
  });

  it('writes the weekly return as CSV with a header and totals by staff group', async () => {
    const response = await get(`weekly-return?systemId=${org.systemId}&week=2025-W24`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('weekly-return-2025-W24.csv');
    const [rows, totals] = response.text.split('\n\n');
    const records = parse(rows!, { columns: true }) as Record<string, string>[];
    expect(records.map((row) => [row.shift_date, row.charge_pence, row.cap_cost_pence, row.signoff_needed])).toEqual(
      expect.arrayContaining([
        ['2025-06-10', '50600', '33000', 'executive'],
        ['2025-06-12', '50600', '33000', 'executive'],
      ]),
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ week: '2025-W24', paid_hours: '11.00', framework: 'NHS Workforce Alliance' });
    expect(parse(totals!)).toEqual([
      ['totals_by_staff_group', 'shifts', 'charge_pence'],
      ['nursing', '2', '101200'],
      ['all', '2', '101200'],
    ]);
  });

  it('keeps to the caller’s scope and refuses bad windows and weeks', async () => {
    const trustB = await buildApiKey(test, { role: 'workforce_lead', trustIds: [org.otherTrustId] });
    const scoped = await get(`agency-spend?systemId=${org.systemId}&${WINDOW}`, trustB).expect(200);
    expect(scoped.body.items.map((row: { key: string }) => row.key)).toEqual([org.otherTrustId]);
    await get(`agency-spend?systemId=${org.systemId}&${WINDOW}&trustId=${org.trustId}`, trustB).expect(404);
    const rota = await buildApiKey(test, { role: 'rota_manager', systemId: org.systemId });
    await get(`cap-compliance?systemId=${org.systemId}&${WINDOW}`, rota).expect(403);
    await get(`agency-spend?systemId=${org.systemId}&from=2025-07-01&to=2025-06-01`).expect(400);
    await get(`agency-spend?systemId=${org.systemId}&${WINDOW}&groupBy=ward`).expect(400);
    await get(`weekly-return?systemId=${org.systemId}&week=2025-W53`).expect(400);
    await get(`weekly-return?systemId=${org.systemId}&week=2026-W53`).expect(200);
    await get(`weekly-return?systemId=${org.systemId}&week=2025-24`).expect(400);
  });

  // Last: it changes the month the other tests read.
  it('follows a cancelled booking once its re-check has run', async () => {
    await test
      .as(test.adminKey)
      .post(`/api/v1/bookings/${nearCapBookingId}/cancel`, { reason: 'Cover found' })
      .expect(200);
    await eventually(async () => {
      const report = await get(`rate-variation?systemId=${org.systemId}&${WINDOW}&trustId=${org.trustId}`).expect(200);
      expect(report.body.items[0]).toMatchObject({ agency: { shifts: 1, median: 1.7692, p90: 1.7692 } });
    });
    const caps = await get(`cap-compliance?systemId=${org.systemId}&${WINDOW}&trustId=${org.trustId}`).expect(200);
    expect(caps.body.items[0]).toMatchObject({ agencyShifts: 1, withinNationalCap: 0, shareWithinNationalCap: 0 });
  });
});
