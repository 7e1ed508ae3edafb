import { eventually } from './eventually.js';
import { buildApiKey, buildOrganisation, buildWard, type Organisation } from './factories.js';
import { agencyBooking, nursingAgencyContract, nursingRatesAndAgency } from './rates.js';
import type { TestApp } from './test-app.js';

export const REPORTS_MONTH = { from: '2025-06-01', to: '2025-07-01' };

export interface ReportsMonth {
  org: Organisation;
  otherWardId: string;
  /** A workforce lead of the system. */
  leadKey: string;
  /** Trust A's agency booking charged 31,900 (over the system cap only). */
  nearCapBookingId: string;
}

/**
 * The reports' hand-built month (June 2025), checked by a compliance run (a worker must be
 * running). Nursing band 5, 12-hour day shifts with an hour's break (660 paid minutes): cap cost
 * 33,000, system cap cost 28,600, card cost 19,800. Trust A: agency charges of 50,600 (executive
 * sign-off, over both caps) and 31,900 (over the system cap only), and a bank nurse paid 21,000;
 * trust B: one agency charge of 50,600.
 */
export async function buildReportsMonth(test: TestApp): Promise<ReportsMonth> {
  const org = await buildOrganisation(test);
  const otherWardId = (await buildWard(test, org.otherTrustId)).id;
  const leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
  const admin = test.as(test.adminKey);
  const aboveCap = await nursingRatesAndAgency(test, org.systemId, 4600);
  const agency = await admin.post('/api/v1/agencies', { name: 'Near Cap Ltd' }).expect(201);
  const nearCap = await nursingAgencyContract(test, {
    agencyId: agency.body.id,
    systemId: org.systemId,
    chargeRatePence: 2900,
  });
  await agencyBooking(test, org, '2025-06-10', aboveCap);
  const nearCapBookingId = (await agencyBooking(test, org, '2025-06-11', nearCap)).id;
  await agencyBooking(test, { trustId: org.otherTrustId, wardId: otherWardId }, '2025-06-12', aboveCap);
  const nurse = await admin
    .post('/api/v1/bank-workers', {
      homeTrustId: org.trustId,
      displayName: 'Nurse',
      staffGroup: 'nursing',
      grade: 'band5',
    })
    .expect(201);
  const shift = await admin
    .post('/api/v1/shifts', {
      trustId: org.trustId,
      wardId: org.wardId,
      staffGroup: 'nursing',
      grade: 'band5',
      startsAt: '2025-06-13T08:00:00+01:00',
      endsAt: '2025-06-13T20:00:00+01:00',
      breakMinutes: 60,
    })
    .expect(201);
  await admin
    .post(`/api/v1/shifts/${shift.body.id}/bookings`, { type: 'bank', bankWorkerId: nurse.body.id })
    .expect(201);
  await admin
    .put(`/api/v1/shifts/${shift.body.id}/timesheet`, {
      startedAt: '2025-06-13T08:00:00+01:00',
      endedAt: '2025-06-13T20:00:00+01:00',
      breakMinutes: 60,
      amountPence: 21_000,
    })
    .expect(200);
  const run = await test
    .as(leadKey)
    .post('/api/v1/compliance-runs', { systemId: org.systemId, ...REPORTS_MONTH })
    .expect(202);
  await eventually(async () => {
    const state = await test.as(leadKey).get(`/api/v1/compliance-runs/${run.body.id}`).expect(200);
    if (state.body.status !== 'succeeded') throw new Error(state.body.status);
  });
  return { org, otherWardId, leadKey, nearCapBookingId };
}
