import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { WebhookReceiver } from '../../src/bench/webhook-receiver.js';
import { cascadePlaces, DEFAULT_CASCADE, HOUR, minuteFromNow, postShiftAt } from '../support/cascade.js';
import { eventually } from '../support/eventually.js';
import {
  AFC_BANDS,
  buildAgency,
  buildAgencyContract,
  buildApiKey,
  buildBankWorker,
  buildShift,
  contractLines,
} from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

/** A Wednesday well ahead: a day shift then is 11 paid hours in the day band alone. */
const DATE = '2027-01-13';
const NURSE = { displayName: 'Ama Owusu', registration: 'NMC 12A3456B' };

/**
 * The agency side (docs/rules.md section 14) through the API: what an agency sees (its contracts'
 * systems, its tier's release), a submission checked and priced at once at every edge of the
 * contract and the caps, accepting through the booking rules, declining and withdrawing, one agency
 * worker never booked twice (two trusts in parallel), and the agency's own webhooks.
 */
describe('agency submissions', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let places: ReturnType<typeof cascadePlaces>;
  let place: Awaited<ReturnType<typeof places>>;
  let agencyId: string;
  let agencyKey: string;
  let rotaKey: string;

  /** A contract of `agency` with the place's system: nursing band 5 at `charge` an hour. */
  const contract = (agency: string, systemId: string, charge: number, overrides: Record<string, unknown> = {}) =>
    buildAgencyContract(
      test,
      {
        agencyId: agency,
        systemId,
        lines: contractLines('nursing', 'band5', AFC_BANDS, { chargeRatePence: charge, workerPayPence: 1500 }),
      },
      overrides,
    );
  const submit = (key: string, shiftId: string, body: Record<string, unknown>) =>
    test.as(key).post(`/api/v1/shifts/${shiftId}/submissions`, body);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    test = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_RETRY_BASE_MS: '50', ALERTS_SWEEP_MS: '500' });
    worker = await startTestWorker(test);
    // No cascade: every stage released at posting. The place's own agency charges 2,500; ours 5,000.
    places = cascadePlaces(test);
    place = await places(null);
    agencyId = await buildAgency(test, { name: 'Kent Nursing Partners' });
    await contract(agencyId, place.systemId, 5000);
    agencyKey = await buildApiKey(test, { role: 'agency', agencyId });
    rotaKey = await buildApiKey(test, { role: 'rota_manager', systemId: place.systemId });
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await receiver?.close();
  });

  it('prices a submission at every edge of the contract line and the caps (11 paid hours; cap 3,000; system cap 2,600)', async () => {
    const cases: [number, number, string | null, string][] = [
      [2600, 201, null, 'within_system_cap'],
      [3000, 201, null, 'within_national_cap'],
      [3001, 201, 'senior_manager', 'above_cap'],
      [4500, 201, 'executive', 'above_cap'],
      [5000, 201, 'executive', 'above_cap'],
    ];
    for (const [rate, status, signoff, position] of cases) {
      const shift = await buildShift(test, place, DATE);
      const answer = await submit(agencyKey, shift.id, { candidate: NURSE, ratesPence: { day: rate } }).expect(status);
      expect(answer.body).toMatchObject({
        status: 'submitted',
        costPence: rate * 11,
        capCostPence: 33_000,
        systemCapCostPence: 28_600,
        signoffLevel: signoff,
        capPosition: position,
        candidate: { displayName: 'Ama Owusu', registration: 'NMC 12A3456B' },
      });
    }
    const shift = await buildShift(test, place, DATE);
    const above = await submit(agencyKey, shift.id, { candidate: NURSE, ratesPence: { day: 5001 } }).expect(422);
    expect(above.body).toMatchObject({ rule: 'RATE_ABOVE_CONTRACT' });
    expect(above.body.errors).toEqual([
      { field: 'ratesPence.day', message: '£50.01 is above the contract line’s £50.00' },
    ]);
    const unknownBand = await submit(agencyKey, shift.id, { candidate: NURSE, ratesPence: { night: 10 } });
    expect(unknownBand.status).toBe(422);
    // By default the contract line's rates.
    const plain = await submit(agencyKey, shift.id, { candidate: NURSE }).expect(201);
    expect(plain.body).toMatchObject({ costPence: 55_000, ratesPence: { day: 5000 } });
    // The same candidate again for the same shift; none is written twice.
    await submit(agencyKey, shift.id, { candidate: { ...NURSE, registration: '12a 3456 b' } }).expect(409);
  });

  it('asks a registered staff group’s candidate for their registration, and refuses a split above the charge', async () => {
    const shift = await buildShift(test, place, DATE);
    const missing = await submit(agencyKey, shift.id, { candidate: { displayName: 'No Number' } }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'candidate.registration', message: expect.any(String) }]);
    await submit(agencyKey, shift.id, { candidate: { displayName: 'Bad', registration: 'ABC' } }).expect(400);
    const split = await submit(agencyKey, shift.id, {
      candidate: NURSE,
      workerPayPence: { day: 3000 },
      agencyFeePence: { day: 2001 },
    }).expect(422);
    expect(split.body).toMatchObject({ rule: 'SPLIT_ABOVE_CHARGE' });
    const fits = await submit(agencyKey, shift.id, {
      candidate: { displayName: 'Eve Fox', registration: 'NMC 33E4444F' },
      workerPayPence: { day: 3000 },
      agencyFeePence: { day: 900 },
    }).expect(201);
    expect(fits.body).toMatchObject({ agencyFeePence: 9_900, agencyFeeRatesPence: { day: 900 } });
    const booking = await test.as(rotaKey).post(`/api/v1/submissions/${fits.body.id}/accept`, {}).expect(201);
    expect(booking.body).toMatchObject({
      agencyWorkerId: fits.body.candidate.agencyWorkerId,
      workerPayRatesPence: { day: 3000 },
      agencyFeePence: 9_900,
    });
  });

  it('shows an agency only the shifts of systems it has a contract with, and nothing of others', async () => {
    const elsewhere = await buildAgency(test);
    const key = await buildApiKey(test, { role: 'agency', agencyId: elsewhere });
    const shift = await buildShift(test, place, DATE);
    const listed = await test.as(key).get('/api/v1/agency/shifts').expect(200);
    expect(listed.body.items).toEqual([]);
    await submit(key, shift.id, { candidate: NURSE }).expect(404);
    await test.as(key).get(`/api/v1/shifts/${shift.id}/submissions`).expect(404);
    const mine = await submit(agencyKey, shift.id, { candidate: NURSE }).expect(201);
    await test.as(key).get(`/api/v1/submissions/${mine.body.id}`).expect(404);
    await test.as(key).post(`/api/v1/submissions/${mine.body.id}/withdraw`, { reason: 'not ours' }).expect(404);
    // Staff routes are not an agency's at all.
    await test.as(agencyKey).get('/api/v1/bank-workers').expect(403);
    await test.as(agencyKey).get(`/api/v1/shifts/${shift.id}/fill-options`).expect(403);
    // Its own view names the shift with its contract's cost, and no bank worker.
    const own = await test.as(agencyKey).get('/api/v1/agency/shifts').query({ from: DATE }).expect(200);
    const item = own.body.items.find((one: { id: string }) => one.id === shift.id);
    expect(item).toMatchObject({ costPence: 55_000, capPosition: 'above_cap', signoffLevel: 'executive' });
    expect(JSON.stringify(own.body)).not.toMatch(/bankWorker|Agency of/);
  });

  it('shows a tier 2 agency a shift only once its tier is released', async () => {
    const cascaded = await places(DEFAULT_CASCADE);
    const tierTwo = await buildAgency(test);
    await contract(tierTwo, cascaded.systemId, 2900, { tier: 2 });
    const key = await buildApiKey(test, { role: 'agency', agencyId: tierTwo });
    const rota = await buildApiKey(test, { role: 'rota_manager', systemId: cascaded.systemId });
    // Posted four days ahead: tier 1 two hours after posting, tier 2 at 72 hours before the start.
    const shift = await postShiftAt(test, cascaded, minuteFromNow(96 * HOUR));
    const before = await test.as(key).get('/api/v1/agency/shifts').expect(200);
    expect(before.body.items.map((one: { id: string }) => one.id)).not.toContain(shift.id);
    await submit(key, shift.id, { candidate: NURSE }).expect(404);
    await test
      .as(rota)
      .post(`/api/v1/shifts/${shift.id}/release`, { stage: 'agency_tier_2', reason: 'Ward short' })
      .expect(200);
    const after = await test.as(key).get('/api/v1/agency/shifts').expect(200);
    expect(after.body.items.find((one: { id: string }) => one.id === shift.id)).toMatchObject({ costPence: 31_900 });
    await submit(key, shift.id, { candidate: NURSE }).expect(201);
  });

  it('books an accepted submission under the booking rules, declines the rest, and tells each agency by its own webhook', async () => {
    const other = await buildAgency(test);
    await contract(other, place.systemId, 2800);
    const otherKey = await buildApiKey(test, { role: 'agency', agencyId: other });
    for (const [key, id, path] of [
      [agencyKey, agencyId, '/ours'],
      [otherKey, other, '/theirs'],
    ] as const) {
      await test
        .as(key)
        .post('/api/v1/webhooks', {
          agencyId: id,
          url: receiver.url(path),
          events: ['submission.accepted', 'submission.declined'],
        })
        .expect(201);
    }
    const bankWorker = await buildBankWorker(test, place.trustId);
    const shift = await buildShift(test, place, '2027-01-20');
    const ours = await submit(agencyKey, shift.id, { candidate: NURSE, ratesPence: { day: 3100 } }).expect(201);
    const theirs = await submit(otherKey, shift.id, {
      candidate: { displayName: 'Ben Carter', registration: 'NMC 98B7654C' },
    }).expect(201);
    // The rota manager sees both, with their cost, cap position and sign-off; each agency its own.
    const listed = await test.as(rotaKey).get(`/api/v1/shifts/${shift.id}/submissions`).expect(200);
    expect(listed.body.map((one: { costPence: number }) => one.costPence)).toEqual([34_100, 30_800]);
    const own = await test.as(otherKey).get(`/api/v1/shifts/${shift.id}/submissions`).expect(200);
    expect(own.body.map((one: { id: string }) => one.id)).toEqual([theirs.body.id]);
    // A bank worker is free: accepting needs a reason, as booking an agency does.
    const refused = await test.as(rotaKey).post(`/api/v1/submissions/${ours.body.id}/accept`, {}).expect(422);
    expect(refused.body).toMatchObject({ rule: 'BANK_FIRST' });
    const booking = await test
      .as(rotaKey)
      .post(`/api/v1/submissions/${ours.body.id}/accept`, { bypassReason: 'Bank nurse on leave that week' })
      .expect(201);
    expect(booking.body).toMatchObject({
      type: 'agency',
      status: 'pending_approval',
      requiredSignoff: 'senior_manager',
      costPence: 34_100,
      agencyWorkerId: ours.body.candidate.agencyWorkerId,
    });
    expect(bankWorker).toBeDefined();
    const after = await test.as(rotaKey).get(`/api/v1/shifts/${shift.id}/submissions`).expect(200);
    expect(after.body.map((one: { status: string }) => one.status)).toEqual(['accepted', 'declined']);
    await test.as(otherKey).post(`/api/v1/submissions/${theirs.body.id}/withdraw`, { reason: 'late' }).expect(409);
    const heard = await eventually(async () => {
      const [mine, theirsHeard] = [receiver.callsTo('/ours'), receiver.callsTo('/theirs')].map((calls) =>
        calls.map((call) => JSON.parse(call.body) as { event: string; data: Record<string, unknown> }),
      );
      if (mine.length < 1 || theirsHeard.length < 1) throw new Error('not yet delivered');
      return { mine, theirsHeard };
    });
    expect(heard.mine.map((call) => call.event)).toEqual(['submission.accepted']);
    expect(heard.mine[0]!.data).toMatchObject({ submissionId: ours.body.id, bookingId: booking.body.id });
    expect(heard.theirsHeard!.map((call) => call.event)).toEqual(['submission.declined']);
    // The agency's bookings, which its invoices name.
    const bookings = await test.as(agencyKey).get('/api/v1/agency/bookings').query({ from: '2027-01-20' }).expect(200);
    expect(bookings.body.items).toEqual([
      expect.objectContaining({
        id: booking.body.id,
        agencyWorker: expect.objectContaining({ displayName: 'Ama Owusu' }),
        timesheetStatus: 'awaited',
        invoiceStatus: 'not_invoiced',
      }),
    ]);
    // Invoiced before its timesheet: the line is held, and the booking says so.
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', {
        invoiceNumber: 'KNP-0001',
        issuedOn: '2027-01-25',
        lines: [{ bookingId: booking.body.id, paidMinutes: 660, amountPence: 34_100 }],
      })
      .expect(201);
    const invoiced = await test.as(agencyKey).get('/api/v1/agency/bookings').query({ from: '2027-01-20' }).expect(200);
    expect(invoiced.body.items[0]).toMatchObject({ invoiceStatus: 'no_timesheet', invoiceNumber: 'KNP-0001' });
    const theirsBookings = await test.as(otherKey).get('/api/v1/agency/bookings').expect(200);
    expect(theirsBookings.body.items).toEqual([]);
  });

  it('declines with a reason and lets the agency withdraw before a decision', async () => {
    const shift = await buildShift(test, place, '2027-01-21');
    const first = await submit(agencyKey, shift.id, { candidate: NURSE }).expect(201);
    await test.as(agencyKey).post(`/api/v1/submissions/${first.body.id}/decline`, { reason: 'x' }).expect(403);
    const declined = await test
      .as(rotaKey)
      .post(`/api/v1/submissions/${first.body.id}/decline`, { reason: 'Rate too high' })
      .expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', reason: 'Rate too high' });
    await test.as(rotaKey).post(`/api/v1/submissions/${first.body.id}/accept`, {}).expect(409);
    const second = await submit(agencyKey, shift.id, { candidate: NURSE }).expect(201);
    const withdrawn = await test
      .as(agencyKey)
      .post(`/api/v1/submissions/${second.body.id}/withdraw`, { reason: 'Candidate unwell' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    await test.as(agencyKey).post(`/api/v1/submissions/${second.body.id}/withdraw`, {}).expect(400);
    // Cancelling the shift declines what is still submitted on it.
    const third = await submit(agencyKey, shift.id, { candidate: NURSE }).expect(201);
    await test.as(rotaKey).post(`/api/v1/shifts/${shift.id}/cancel`, { reason: 'Ward closed' }).expect(200);
    const closed = await test.as(agencyKey).get(`/api/v1/submissions/${third.body.id}`).expect(200);
    expect(closed.body).toMatchObject({ status: 'declined', reason: 'The shift has been cancelled' });
  });

  it('never books one agency worker at two overlapping shifts, at two trusts, through two agencies, accepted in parallel', async () => {
    const second = await places(null);
    const other = await buildAgency(test);
    await contract(other, second.systemId, 2500);
    const otherKey = await buildApiKey(test, { role: 'agency', agencyId: other });
    const otherRota = await buildApiKey(test, { role: 'rota_manager', systemId: second.systemId });
    const here = await buildShift(test, place, '2027-02-03');
    const there = await buildShift(test, second, '2027-02-03', { startsAt: '2027-02-03T12:00:00Z' });
    const candidate = { displayName: 'Chloe Danso', registration: 'NMC 55C1234D' };
    const a = await submit(agencyKey, here.id, { candidate }).expect(201);
    const b = await submit(otherKey, there.id, { candidate: { ...candidate, displayName: 'C. Danso' } }).expect(201);
    expect(b.body.candidate.agencyWorkerId).toBe(a.body.candidate.agencyWorkerId);
    const answers = await Promise.all([
      test.as(rotaKey).post(`/api/v1/submissions/${a.body.id}/accept`, { bypassReason: 'urgent' }),
      test.as(otherRota).post(`/api/v1/submissions/${b.body.id}/accept`, { bypassReason: 'urgent' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const booked = await queryRows<{ count: number }>(
      test.database.url,
      `SELECT count(*)::int AS count FROM bookings WHERE agency_worker_id = $1 AND status IN ('pending_approval', 'confirmed')`,
      [a.body.candidate.agencyWorkerId],
    );
    expect(booked).toEqual([{ count: 1 }]);
    // Now booked: put forward for a third overlapping shift, the candidate is refused at once.
    const third = await buildShift(test, place, '2027-02-03', { startsAt: '2027-02-03T10:00:00Z' });
    const clash = await submit(agencyKey, third.id, { candidate }).expect(409);
    expect(clash.body.detail).toMatch(/booked elsewhere/);
  });

  it('lets a direct agency booking name its worker, who is then held to the same rule', async () => {
    const shift = await buildShift(test, place, '2027-02-10');
    const booking = await test
      .as(rotaKey)
      .post(`/api/v1/shifts/${shift.id}/bookings`, {
        type: 'agency',
        agencyContractId: place.contractId,
        bypassReason: 'Bank nurse declined',
        agencyWorker: { displayName: 'Dev Patel', registration: 'NMC 11D2222E' },
      })
      .expect(201);
    expect(booking.body.agencyWorkerId).toEqual(expect.any(String));
    const overlapping = await buildShift(test, place, '2027-02-10', { startsAt: '2027-02-10T09:00:00Z' });
    await submit(agencyKey, overlapping.id, {
      candidate: { displayName: 'Dev Patel', registration: '11D2222E' },
    }).expect(409);
    const bad = await test
      .as(rotaKey)
      .post(`/api/v1/shifts/${overlapping.id}/bookings`, {
        type: 'agency',
        agencyContractId: place.contractId,
        bypassReason: 'Bank nurse declined',
        agencyWorker: { displayName: 'Dev Patel' },
      })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'agencyWorker.registration', message: expect.any(String) }]);
  });

  it('reports each agency’s submissions above the caps and its fee share', async () => {
    const region = await places(null);
    const agency = await buildAgency(test, { name: 'Report agency' });
    await contract(agency, region.systemId, 4000);
    const key = await buildApiKey(test, { role: 'agency', agencyId: agency });
    const rota = await buildApiKey(test, { role: 'rota_manager', systemId: region.systemId });
    const lead = await buildApiKey(test, { role: 'workforce_lead', systemId: region.systemId });
    const shift = await buildShift(test, region, '2027-03-03');
    await submit(key, shift.id, { candidate: NURSE, ratesPence: { day: 3100 } }).expect(201);
    const cheap = await submit(key, shift.id, {
      candidate: { displayName: 'Fay Green', registration: 'NMC 77F8888G' },
      ratesPence: { day: 2500 },
      workerPayPence: { day: 1800 },
      agencyFeePence: { day: 500 },
    }).expect(201);
    await test.as(rota).post(`/api/v1/submissions/${cheap.body.id}/accept`, {}).expect(201);
    const report = await test
      .as(lead)
      .get('/api/v1/reports/agency-submissions')
      .query({ systemId: region.systemId, from: '2027-03-01', to: '2027-04-01' })
      .expect(200);
    expect(report.body.items).toEqual([
      {
        agencyId: agency,
        agencyName: 'Report agency',
        submitted: 2,
        accepted: 1,
        declined: 1,
        withdrawn: 0,
        open: 0,
        aboveNationalCap: 1,
        overNationalCapPence: 1_100,
        aboveSystemCap: 1,
        overSystemCapPence: 5_500,
        bookingsWithFee: 1,
        feeBookingsCostPence: 27_500,
        agencyFeePence: 5_500,
        feeShare: 0.2,
      },
    ]);
    expect(report.body.totals).toMatchObject({ submitted: 2, feeShare: 0.2 });
  });

  it('refuses an agency for a band 3 support worker while the system bans it, and lists no such shift', async () => {
    const region = await places(null);
    const agency = await buildAgency(test);
    await buildAgencyContract(test, {
      agencyId: agency,
      systemId: region.systemId,
      lines: contractLines('clinical_support', 'band3', AFC_BANDS, { chargeRatePence: 2200, workerPayPence: 1300 }),
    });
    const key = await buildApiKey(test, { role: 'agency', agencyId: agency });
    const shift = await buildShift(test, region, '2027-03-10', { staffGroup: 'clinical_support', grade: 'band3' });
    const ban = (on: boolean) =>
      test
        .as(test.adminKey)
        .patch(`/api/v1/systems/${region.systemId}`, { settings: { supportWorkerAgencyBan: on } })
        .expect(200);
    await ban(true);
    const refused = await submit(key, shift.id, { candidate: { displayName: 'Gus Hale' } }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'SUPPORT_WORKER_AGENCY' });
    const listed = await test.as(key).get('/api/v1/agency/shifts').query({ from: '2027-03-10' }).expect(200);
    expect(listed.body.items.map((one: { id: string }) => one.id)).not.toContain(shift.id);
    await ban(false);
    const taken = await submit(key, shift.id, { candidate: { displayName: 'Gus Hale' } }).expect(201);
    expect(taken.body).toMatchObject({ costPence: 24_200, candidate: { registration: null } });
  });

  it('keeps agency webhooks to the agency’s own events', async () => {
    const url = receiver.url('/x');
    await test
      .as(agencyKey)
      .post('/api/v1/webhooks', { agencyId, url, events: ['breach.opened'] })
      .expect(400);
    await test
      .as(agencyKey)
      .post('/api/v1/webhooks', { systemId: place.systemId, url, events: ['submission.accepted'] })
      .expect(404);
    const lead = await buildApiKey(test, { role: 'workforce_lead', systemId: place.systemId });
    await test
      .as(lead)
      .post('/api/v1/webhooks', { agencyId, url, events: ['submission.accepted'] })
      .expect(400);
    const elsewhere = await buildAgency(test);
    await test
      .as(agencyKey)
      .post('/api/v1/webhooks', { agencyId: elsewhere, url, events: ['submission.accepted'] })
      .expect(404);
    const listed = await test.as(agencyKey).get('/api/v1/webhooks').expect(200);
    expect(listed.body.items.every((hook: { agencyId: string }) => hook.agencyId === agencyId)).toBe(true);
    const leads = await test.as(lead).get('/api/v1/webhooks').expect(200);
    expect(leads.body.items.filter((hook: { agencyId: string | null }) => hook.agencyId !== null)).toEqual([]);
  });
});
