import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildOrganisation, type Organisation } from '../support/factories.js';
import { nursingAgencyContract } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';
import { queryRows } from '../support/postgres.js';

const AFC_BANDS = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];
const WINDOW = { from: '2025-06-01', to: '2025-06-30' };

interface BreachRow {
  id: string;
  bookingId: string;
  rule: string;
  severity: string;
  status: string;
  resolution: string | null;
  reason: string | null;
  amountPence: number;
  chargePence: number;
  signoffLevel: string | null;
  updatedAt: string;
}

/**
 * The rule book (docs/rules.md section 8) against hand-built bookings, every one of them a weekday day
 * shift 08:00 to 20:00 with an hour's break: 660 paid minutes, all `day`. At the rates below,
 * capCost 33,000, systemCapCost 28,600 and cardCost 19,800 for nursing band 5.
 */
describe('compliance: runs, rules, breaches and re-checks', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let leadKey: string;
  let rotaKey: string;
  const bookings: Record<string, string> = {};
  const shifts: Record<string, string> = {};
  const contracts: Record<string, string> = {};

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);

  const admin = () => test.as(test.adminKey);

  async function postShift(key: string, date: string, staffGroup = 'nursing', grade = 'band5') {
    const response = await test
      .as(rotaKey)
      .post('/api/v1/shifts', {
        trustId: org.trustId,
        wardId: org.wardId,
        staffGroup,
        grade,
        startsAt: `${date}T08:00:00+01:00`,
        endsAt: `${date}T20:00:00+01:00`,
        breakMinutes: 60,
      })
      .expect(201);
    shifts[key] = response.body.id;
    return response.body.id as string;
  }

  async function book(key: string, date: string, body: Record<string, unknown>, grade = 'band5') {
    const shiftId = await postShift(key, date, 'nursing', grade);
    const response = await test.as(rotaKey).post(`/api/v1/shifts/${shiftId}/bookings`, body).expect(201);
    bookings[key] = response.body.id;
    return response.body;
  }

  async function timesheet(key: string, amountPence: number) {
    const date = (await admin().get(`/api/v1/shifts/${shifts[key]}`).expect(200)).body.localStartDate;
    await test
      .as(rotaKey)
      .put(`/api/v1/shifts/${shifts[key]}/timesheet`, {
        startedAt: `${date}T08:00:00+01:00`,
        endedAt: `${date}T20:00:00+01:00`,
        breakMinutes: 60,
        amountPence,
      })
      .expect(200);
  }

  /** Inserts a booking the API would refuse, as an import from another system might bring it. */
  async function importedAgencyBooking(key: string, date: string, staffGroup: string, contract: string, cost: number) {
    const shiftId = await postShift(key, date, staffGroup, 'band3');
    const inserted = await sql<{ id: string }>(
      `INSERT INTO bookings (shift_id, type, agency_contract_id, status, ward_id, starts_at, ends_at, paid_minutes,
                             rates_pence, cost_pence, ladder, eligible_bank_count)
       SELECT id, 'agency', $2, 'confirmed', ward_id, starts_at, ends_at, paid_minutes, '{}', $3, '{}', 0
         FROM shifts WHERE id = $1 RETURNING id`,
      [shiftId, contracts[contract], cost],
    );
    await sql(`UPDATE shifts SET status = 'booked' WHERE id = $1`, [shiftId]);
    bookings[key] = inserted[0]!.id;
  }

  async function run(window = WINDOW) {
    const started = await test
      .as(leadKey)
      .post('/api/v1/compliance-runs', { systemId: org.systemId, ...window })
      .expect(202);
    // The run as accepted (the OpenAPI document): queued, whatever the test's worker has done with it since.
    expect(started.body).toMatchObject({
      status: 'queued',
      trigger: 'manual',
      chunksTotal: 2 * 5,
    });
    return eventually(async () => {
      const response = await test.as(leadKey).get(`/api/v1/compliance-runs/${started.body.id}`).expect(200);
      if (response.body.status === 'failed') throw new Error(`run failed: ${response.body.error}`);
      if (response.body.status !== 'succeeded') throw new Error(`run is ${response.body.status}`);
      return response.body;
    });
  }

  async function breaches(): Promise<BreachRow[]> {
    const response = await test.as(leadKey).get(`/api/v1/breaches?systemId=${org.systemId}&limit=500`).expect(200);
    return response.body.items;
  }

  /** Breaches by `booking:rule`, with the fields a rule decides. */
  async function verdicts() {
    const byBooking = new Map(Object.entries(bookings).map(([key, id]) => [id, key]));
    return Object.fromEntries(
      (await breaches()).map((breach) => [
        `${byBooking.get(breach.bookingId)}:${breach.rule}`,
        {
          amount: breach.amountPence,
          severity: breach.severity,
          status: breach.status,
          signoff: breach.signoffLevel,
        },
      ]),
    );
  }

  beforeAll(async () => {
    test = await startTestApp({ RECHECK_DELAY_MS: '100' });
    worker = await startTestWorker(test);
    org = await buildOrganisation(test);
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
    rotaKey = await buildApiKey(test, { role: 'rota_manager', systemId: org.systemId });

    const lines = (entries: [string, string, number, number | null][]) =>
      entries.flatMap(([staffGroup, grade, agencyCapPence, bankRatePence]) =>
        AFC_BANDS.map((band) => ({
          staffGroup,
          grade,
          band,
          agencyCapPence,
          ...(bankRatePence === null ? {} : { bankRatePence }),
        })),
      );
    // No card has a line for nursing band 6.
    const national = await admin()
      .post('/api/v1/rate-cards', {
        scope: 'national',
        name: 'caps',
        effectiveFrom: '2025-01-01',
        lines: lines([
          ['nursing', 'band5', 3000, null],
          ['clinical_support', 'band3', 2200, null],
          ['admin', 'band3', 2000, null],
        ]),
      })
      .expect(201);
    await admin().post(`/api/v1/rate-cards/${national.body.id}/publish`).expect(200);
    const card = await admin()
      .post('/api/v1/rate-cards', {
        scope: 'system',
        systemId: org.systemId,
        name: 'card',
        effectiveFrom: '2025-01-01',
        lines: lines([
          ['nursing', 'band5', 2600, 1800],
          ['clinical_support', 'band3', 2000, 1300],
          ['admin', 'band3', 1900, 1200],
        ]),
      })
      .expect(201);
    await admin().post(`/api/v1/rate-cards/${card.body.id}/publish`).expect(200);

    const agency = (await admin().post('/api/v1/agencies', { name: 'Agency Ltd' }).expect(201)).body.id;
    const contract = async (key: string, framework: string | null, chargeRatePence: number) => {
      contracts[key] = await nursingAgencyContract(test, {
        agencyId: agency,
        systemId: org.systemId,
        framework,
        chargeRatePence,
      });
    };
    await contract('withinSystemCap', 'NHS Workforce Alliance', 2500);
    await contract('withinNationalCap', 'NHS Workforce Alliance', 2900);
    await contract('aboveCap', 'NHS Workforce Alliance', 4600);
    await contract('offFramework', null, 2400);

    const nurse = await admin()
      .post('/api/v1/bank-workers', {
        homeTrustId: org.trustId,
        displayName: 'Bank nurse',
        staffGroup: 'nursing',
        grade: 'band5',
      })
      .expect(201);
    // Agency while the bank nurse was free, with a reason: 27,500 − 19,800.
    await book('bypassed', '2025-06-02', {
      type: 'agency',
      agencyContractId: contracts.withinSystemCap,
      bypassReason: 'Ward asked for the agency nurse who knows the patient',
    });
    await book('bankAbove', '2025-06-03', { type: 'bank', bankWorkerId: nurse.body.id });
    await timesheet('bankAbove', 21_000);
    await book('bankBelow', '2025-06-04', { type: 'bank', bankWorkerId: nurse.body.id });
    await timesheet('bankBelow', 19_000);
    // £100 an hour: 110,000 × 60 ÷ 660 = 10,000 pence an hour, chief-executive sign-off.
    await book('bankCeo', '2025-06-05', { type: 'bank', bankWorkerId: nurse.body.id });
    await timesheet('bankCeo', 110_000);
    await admin().patch(`/api/v1/bank-workers/${nurse.body.id}`, { active: false }).expect(200);

    // 50,600 ≥ 1.5 × 33,000: executive sign-off, left waiting.
    expect(
      (await book('aboveCap', '2025-06-09', { type: 'agency', agencyContractId: contracts.aboveCap })).status,
    ).toBe('pending_approval');
    expect(
      (await book('overSystemCap', '2025-06-10', { type: 'agency', agencyContractId: contracts.withinNationalCap }))
        .status,
    ).toBe('confirmed');
    expect(
      (await book('offFramework', '2025-06-11', { type: 'agency', agencyContractId: contracts.offFramework })).status,
    ).toBe('pending_approval');
    // Unregistered clinical off-framework (refused outright) and admin agency with no exemption.
    await importedAgencyBooking('refusedOffFramework', '2025-06-12', 'clinical_support', 'offFramework', 24_000);
    await importedAgencyBooking('adminAgency', '2025-06-13', 'admin', 'withinSystemCap', 20_000);

    const senior = await admin()
      .post('/api/v1/bank-workers', {
        homeTrustId: org.trustId,
        displayName: 'Band 6 nurse',
        staffGroup: 'nursing',
        grade: 'band6',
      })
      .expect(201);
    await book(
      'noRate',
      '2025-06-16',
      { type: 'bank', bankWorkerId: senior.body.id, ratesPence: { day: 2000 } },
      'band6',
    );
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
  });

  it('finds exactly the breaches the rule book predicts, with their amounts, severities and sign-off', async () => {
    const result = await run();
    // Most were found already by the re-checks their bookings and timesheets asked for.
    expect(result).toMatchObject({ bookingsChecked: 10, breachesResolved: 0, chunksDone: 10 });
    expect(await verdicts()).toEqual({
      'bypassed:BANK_FIRST_BYPASSED': { amount: 7_700, severity: 'medium', status: 'justified', signoff: null },
      'bankAbove:BANK_ABOVE_CARD': { amount: 1_200, severity: 'medium', status: 'open', signoff: null },
      'bankBelow:BANK_BELOW_CARD': { amount: 800, severity: 'low', status: 'open', signoff: null },
      'bankCeo:BANK_ABOVE_CARD': { amount: 90_200, severity: 'medium', status: 'open', signoff: 'chief_executive' },
      'bankCeo:MISSING_SIGNOFF': { amount: 77_000, severity: 'critical', status: 'open', signoff: 'chief_executive' },
      'aboveCap:AGENCY_OVER_NATIONAL_CAP': { amount: 17_600, severity: 'high', status: 'open', signoff: 'executive' },
      'aboveCap:AGENCY_OVER_SYSTEM_CAP': { amount: 22_000, severity: 'medium', status: 'open', signoff: 'executive' },
      'aboveCap:MISSING_SIGNOFF': { amount: 17_600, severity: 'critical', status: 'open', signoff: 'executive' },
      'overSystemCap:AGENCY_OVER_SYSTEM_CAP': { amount: 3_300, severity: 'medium', status: 'open', signoff: null },
      'offFramework:OFF_FRAMEWORK_AGENCY': {
        amount: 26_400,
        severity: 'high',
        status: 'open',
        signoff: 'chief_executive',
      },
      'offFramework:MISSING_SIGNOFF': { amount: 0, severity: 'critical', status: 'open', signoff: 'chief_executive' },
      // Clinical support: capCost 24,200, systemCapCost 22,000.
      'refusedOffFramework:OFF_FRAMEWORK_AGENCY': {
        amount: 24_000,
        severity: 'critical',
        status: 'open',
        signoff: 'chief_executive',
      },
      'refusedOffFramework:AGENCY_OVER_SYSTEM_CAP': {
        amount: 2_000,
        severity: 'medium',
        status: 'open',
        signoff: 'chief_executive',
      },
      'refusedOffFramework:MISSING_SIGNOFF': {
        amount: 0,
        severity: 'critical',
        status: 'open',
        signoff: 'chief_executive',
      },
      'adminAgency:ADMIN_ESTATES_AGENCY': { amount: 20_000, severity: 'medium', status: 'open', signoff: null },
      'noRate:NO_RATE_DEFINED': { amount: 0, severity: 'low', status: 'open', signoff: null },
    });
    const bypass = (await breaches()).find((breach) => breach.rule === 'BANK_FIRST_BYPASSED')!;
    expect(bypass).toMatchObject({
      reason: 'Ward asked for the agency nurse who knows the patient',
      chargePence: 27_500,
    });
  });

  it('leaves the same breaches when the same window runs again, and writes nothing', async () => {
    const before = await breaches();
    const again = await run();
    expect(again).toMatchObject({ bookingsChecked: 10, breachesOpened: 0, breachesUpdated: 0, breachesResolved: 0 });
    expect(await breaches()).toEqual(before);
  });

  it('lists runs newest first and pages breaches with a cursor and filters', async () => {
    const runs = await test.as(leadKey).get(`/api/v1/compliance-runs?systemId=${org.systemId}`).expect(200);
    // The two runs above, after the two the card publications started.
    expect(runs.body.items.map((entry: { trigger: string }) => entry.trigger)).toEqual([
      'manual',
      'manual',
      'card_change',
      'card_change',
    ]);
    const times = runs.body.items.map((entry: { createdAt: string }) => Date.parse(entry.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const paged = await test.as(leadKey).get(`/api/v1/compliance-runs?systemId=${org.systemId}&limit=3`).expect(200);
    const rest = await test
      .as(leadKey)
      .get(`/api/v1/compliance-runs?systemId=${org.systemId}&limit=3&cursor=${paged.body.nextCursor}`)
      .expect(200);
    expect([...paged.body.items, ...rest.body.items].map((entry: { id: string }) => entry.id)).toEqual(
      runs.body.items.map((entry: { id: string }) => entry.id),
    );
    const first = await test.as(leadKey).get(`/api/v1/breaches?systemId=${org.systemId}&limit=10`).expect(200);
    const second = await test
      .as(leadKey)
      .get(`/api/v1/breaches?systemId=${org.systemId}&limit=10&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((breach: BreachRow) => breach.id);
    expect(new Set(ids).size).toBe(16);
    const critical = await test.as(leadKey).get('/api/v1/breaches?severity=critical&rule=MISSING_SIGNOFF').expect(200);
    expect(critical.body.items).toHaveLength(4);
    const rota = await test.as(rotaKey).get(`/api/v1/breaches?bookingId=${bookings.aboveCap}`).expect(200);
    expect(rota.body.items).toHaveLength(3);
    const bad = await test.as(leadKey).get('/api/v1/breaches?rule=SOMETHING').expect(400);
    expect(bad.body.errors[0].field).toBe('rule');
  });

  it('re-checks a shift within moments of a booking change, without waiting for the night', async () => {
    const chief = await buildApiKey(test, {
      role: 'approver',
      systemId: org.systemId,
      approvalLevel: 'chief_executive',
    });
    await test
      .as(chief)
      .post(`/api/v1/bookings/${bookings.offFramework}/approve`, { reason: 'No one else' })
      .expect(200);
    // 34,000 > 33,000: over the national cap, senior-manager sign-off the booking never had.
    await timesheet('overSystemCap', 34_000);
    await test.as(rotaKey).post(`/api/v1/bookings/${bookings.bypassed}/cancel`, { reason: 'Not needed' }).expect(200);
    const found = await eventually(async () => {
      const now = await verdicts();
      if (now['offFramework:MISSING_SIGNOFF']?.status !== 'resolved') throw new Error('not re-checked yet');
      if (!now['overSystemCap:MISSING_SIGNOFF']) throw new Error('not re-checked yet');
      if (now['bypassed:BANK_FIRST_BYPASSED']?.status !== 'resolved') throw new Error('not re-checked yet');
      return now;
    });
    expect(found['overSystemCap:AGENCY_OVER_NATIONAL_CAP']).toEqual({
      amount: 1_000,
      severity: 'medium',
      status: 'open',
      signoff: 'senior_manager',
    });
    expect(found['overSystemCap:MISSING_SIGNOFF']).toMatchObject({ amount: 1_000, severity: 'critical' });
    expect(found['overSystemCap:AGENCY_OVER_SYSTEM_CAP']).toMatchObject({ amount: 5_400, status: 'open' });
    expect(found['offFramework:OFF_FRAMEWORK_AGENCY']).toMatchObject({ status: 'open' });
    const cleared = (await breaches()).find(
      (breach) => breach.bookingId === bookings.offFramework && breach.rule === 'MISSING_SIGNOFF',
    )!;
    expect(cleared.resolution).toBe('cleared');
    const marked = await sql(`SELECT count(*)::int AS n FROM shifts WHERE recheck_requested_at IS NOT NULL`);
    expect(marked[0]!.n).toBe(0);
  });

  it('keeps a justified breach justified through re-checks, and reopens it when its amount grows', async () => {
    const national = (await breaches()).find(
      (breach) => breach.bookingId === bookings.aboveCap && breach.rule === 'AGENCY_OVER_NATIONAL_CAP',
    )!;
    await test.as(leadKey).post(`/api/v1/breaches/${national.id}/acknowledge`, {}).expect(200);
    const justified = await test
      .as(leadKey)
      .post(`/api/v1/breaches/${national.id}/justify`, { reason: 'Only specialist nurse available' })
      .expect(200);
    expect(justified.body).toMatchObject({ status: 'justified', reason: 'Only specialist nurse available' });
    await test.as(leadKey).post(`/api/v1/breaches/${national.id}/acknowledge`, {}).expect(409);
    await test.as(leadKey).post(`/api/v1/breaches/${national.id}/justify`, {}).expect(400);

    await run();
    expect((await test.as(leadKey).get(`/api/v1/breaches/${national.id}`).expect(200)).body.status).toBe('justified');

    const executive = await buildApiKey(test, { role: 'approver', systemId: org.systemId, approvalLevel: 'executive' });
    await test.as(executive).post(`/api/v1/bookings/${bookings.aboveCap}/approve`, {}).expect(200);
    await timesheet('aboveCap', 52_000);
    const reopened = await eventually(async () => {
      const breach = (await test.as(leadKey).get(`/api/v1/breaches/${national.id}`).expect(200)).body;
      if (breach.amountPence !== 19_000) throw new Error('not re-checked yet');
      return breach;
    });
    expect(reopened.status).toBe('open');
    const audit = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
      national.id,
    ]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['breach.acknowledge', 'breach.justify']);
  });

  it('reopens a cleared breach when its condition holds again, as a new alert', async () => {
    const above = () =>
      breaches().then((all) =>
        all.find((breach) => breach.bookingId === bookings.bankAbove && breach.rule === 'BANK_ABOVE_CARD'),
      );
    const settled = async (status: string, amount: number) =>
      eventually(async () => {
        const breach = await above();
        if (breach?.status !== status || breach.amountPence !== amount) throw new Error('not re-checked yet');
        return breach;
      });
    await timesheet('bankAbove', 19_800);
    const cleared = await settled('resolved', 1_200);
    expect(cleared.resolution).toBe('cleared');
    await timesheet('bankAbove', 21_500);
    await settled('open', 1_700);
    const events = await sql<{ type: string }>(
      `SELECT type FROM alert_events WHERE subject_id = $1 ORDER BY occurred_at`,
      [cleared.id],
    );
    expect(events.map((row: { type: string }) => row.type)).toEqual([
      'breach.opened',
      'breach.resolved',
      'breach.opened',
    ]);
  });

  it('resolves by hand with a reason, and refuses what the lifecycle does not allow', async () => {
    const below = (await breaches()).find((breach) => breach.rule === 'BANK_BELOW_CARD')!;
    await test.as(rotaKey).post(`/api/v1/breaches/${below.id}/resolve`, { reason: 'Paid back' }).expect(403);
    const resolved = await test
      .as(leadKey)
      .post(`/api/v1/breaches/${below.id}/resolve`, { reason: 'Underpayment refunded in July payroll' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual' });
    await test.as(leadKey).post(`/api/v1/breaches/${below.id}/justify`, { reason: 'x' }).expect(409);
    await run();
    expect((await test.as(leadKey).get(`/api/v1/breaches/${below.id}`).expect(200)).body).toMatchObject({
      status: 'resolved',
      resolution: 'manual',
    });
  });

  it('refuses bad runs with 4xx and starts nothing', async () => {
    const lead = test.as(leadKey);
    await lead
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2025-06-30', to: '2025-06-01' })
      .expect(400);
    await lead
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2024-01-01', to: '2025-06-01' })
      .expect(400);
    await lead
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2025-02-30', to: '2025-03-01' })
      .expect(400);
    const other = await test.as(test.adminKey).post('/api/v1/systems', { code: 'OTHER', name: 'Other' }).expect(201);
    await lead.post('/api/v1/compliance-runs', { systemId: other.body.id, ...WINDOW }).expect(404);
    const trustLead = await buildApiKey(test, { role: 'workforce_lead', trustIds: [org.trustId] });
    await test
      .as(trustLead)
      .post('/api/v1/compliance-runs', { systemId: org.systemId, ...WINDOW })
      .expect(403);
    // A run spans every trust of the system: a key scoped to some of them does not see runs.
    expect((await test.as(trustLead).get('/api/v1/compliance-runs').expect(200)).body.items).toEqual([]);
    const runs = await lead.get(`/api/v1/compliance-runs?systemId=${org.systemId}`).expect(200);
    expect(runs.body.items.every((entry: { status: string }) => entry.status === 'succeeded')).toBe(true);
  });

  it('keeps one nightly scheduler per system, in Europe/London, following its settings', async () => {
    const queue = worker.get<Queue>(getQueueToken('compliance'), { strict: false });
    const nightly = async () =>
      (await queue.getJobSchedulers()).find((scheduler) => scheduler.key === `nightly-${org.systemId}`);
    await eventually(async () => {
      const scheduler = await nightly();
      if (!scheduler) throw new Error('no scheduler yet');
      expect(scheduler).toMatchObject({ pattern: '0 2 * * *', tz: 'Europe/London' });
    });
    await admin()
      .patch(`/api/v1/systems/${org.systemId}`, { settings: { nightlyCron: '30 3 * * *' } })
      .expect(200);
    await eventually(async () => {
      if ((await nightly())?.pattern !== '30 3 * * *') throw new Error('not updated yet');
    });
  });
});
