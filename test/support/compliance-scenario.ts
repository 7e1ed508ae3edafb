import { expect } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from './eventually.js';
import { buildApiKey, buildOrganisation, type Organisation } from './factories.js';
import { queryRows } from './postgres.js';
import { nursingAgencyContract } from './rates.js';
import { startTestApp, startTestWorker, type TestApp } from './test-app.js';

const AFC_BANDS = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];
export const WINDOW = { from: '2025-06-01', to: '2025-06-30' };

export interface BreachRow {
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
 * capCost 33,000, systemCapCost 28,600 and cardCost 19,800 for nursing band 5. The app re-checks a
 * changed shift after 100 ms; a worker runs in this process.
 */
export type ComplianceScenario = Awaited<ReturnType<typeof startComplianceScenario>>;

export async function startComplianceScenario() {
  const test: TestApp = await startTestApp({ RECHECK_DELAY_MS: '100' });
  const worker: INestApplicationContext = await startTestWorker(test);
  const org: Organisation = await buildOrganisation(test);
  const leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
  const rotaKey = await buildApiKey(test, { role: 'rota_manager', systemId: org.systemId });
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
  expect((await book('aboveCap', '2025-06-09', { type: 'agency', agencyContractId: contracts.aboveCap })).status).toBe(
    'pending_approval',
  );
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

  const close = async () => {
    await worker.close();
    await test.close();
  };
  return {
    test,
    worker,
    org,
    leadKey,
    rotaKey,
    bookings,
    shifts,
    contracts,
    sql,
    admin,
    run,
    breaches,
    verdicts,
    timesheet,
    close,
  };
}
