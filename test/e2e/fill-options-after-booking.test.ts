import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, type BuiltShift, type Organisation } from '../support/factories.js';
import { buildFillLadderScenario, openShifts } from '../support/fill-ladder-scenario.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('filling a shift: the ladder and bookings', () => {
  describe('after booking: timesheets, sign-off, cancelling, and bookings made at once', () => {
    let test: TestApp;
    let org: Organisation;
    let rotaKey: string;
    let workers: Record<string, string>;
    let contracts: Record<string, string>;
    let openShift: (overrides?: Record<string, unknown>) => Promise<BuiltShift>;

    beforeAll(async () => {
      test = await startTestApp();
      const scenario = await buildFillLadderScenario(test);
      ({ org, rotaKey, workers, contracts } = scenario);
      openShift = openShifts(test, scenario);
    });

    afterAll(async () => {
      await test.close();
    });

    it('takes the timesheet of a confirmed booking, splitting the actual times, and marks the shift worked', async () => {
      const shift = await openShift();
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: workers.senior })
        .expect(201);
      const start = new Date(shift.startsAt);
      const iso = (offsetMinutes: number) => new Date(start.getTime() + offsetMinutes * 60_000).toISOString();
      const bad = await test
        .as(rotaKey)
        .put(`/api/v1/shifts/${shift.id}/timesheet`, {
          startedAt: '2025-09-03T08:00:00',
          endedAt: iso(720),
          breakMinutes: 60,
          amountPence: 20_000,
        })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('startedAt');
      // Stayed on until 21:00: an hour of night.
      const timesheet = await test
        .as(rotaKey)
        .put(`/api/v1/shifts/${shift.id}/timesheet`, {
          startedAt: iso(0),
          endedAt: iso(780),
          breakMinutes: 60,
          amountPence: 21_600,
        })
        .expect(200);
      expect(timesheet.body).toMatchObject({
        bookingId: booking.body.id,
        elapsedMinutes: 780,
        paidMinutes: 720,
        bandMinutes: { day: 720, night: 60 },
        amountPence: 21_600,
        effectiveHourlyRatePence: 1800,
      });
      const detail = await test.as(rotaKey).get(`/api/v1/shifts/${shift.id}`).expect(200);
      expect(detail.body).toMatchObject({
        status: 'worked',
        booking: { id: booking.body.id },
        timesheet: { amountPence: 21_600 },
      });
      await test.as(rotaKey).post(`/api/v1/bookings/${booking.body.id}/cancel`, { reason: 'late' }).expect(409);

      // The worked 21:00 finish, not the booked 20:00, counts for rest: 07:30 next day is 10.5 hours on.
      const next = await test
        .as(rotaKey)
        .post('/api/v1/shifts', {
          trustId: org.trustId,
          wardId: org.wardId,
          staffGroup: 'nursing',
          grade: 'band5',
          startsAt: iso(780 + 630),
          endsAt: iso(780 + 630 + 480),
          breakMinutes: 0,
        })
        .expect(201);
      const ladder = await test.as(rotaKey).get(`/api/v1/shifts/${next.body.id}/fill-options`).expect(200);
      expect(ladder.body.ineligible).toContainEqual({
        bankWorkerId: workers.senior,
        displayName: 'senior',
        reasons: ['REST_UNDER_11H'],
      });
    });

    it('refuses a timesheet while the booking waits for sign-off', async () => {
      const shift = await openShift();
      await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, {
          type: 'agency',
          agencyContractId: contracts.aboveCap,
          bypassReason: 'x',
        })
        .expect(201);
      await test
        .as(rotaKey)
        .put(`/api/v1/shifts/${shift.id}/timesheet`, {
          startedAt: shift.startsAt,
          endedAt: shift.endsAt,
          breakMinutes: 60,
          amountPence: 50_600,
        })
        .expect(409);
    });

    it('lets only an approver at the booking’s level reject it', async () => {
      const shift = await openShift();
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, {
          type: 'agency',
          agencyContractId: contracts.aboveCap,
          bypassReason: 'x',
        })
        .expect(201);
      const manager = await buildApiKey(test, {
        role: 'approver',
        systemId: org.systemId,
        approvalLevel: 'senior_manager',
      });
      await test.as(manager).post(`/api/v1/bookings/${booking.body.id}/reject`, { reason: 'no' }).expect(403);
    });

    it('cancels a booked shift together with its booking', async () => {
      const shift = await openShift();
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: workers.own })
        .expect(201);
      await test.as(rotaKey).post(`/api/v1/shifts/${shift.id}/cancel`, { reason: 'Ward closed' }).expect(200);
      expect((await test.as(rotaKey).get(`/api/v1/bookings/${booking.body.id}`).expect(200)).body.status).toBe(
        'cancelled',
      );
    });

    it('never lets two simultaneous bookings of one worker break the 11 hours’ rest', async () => {
      const evening = await openShift();
      const next = new Date(new Date(evening.endsAt).getTime() + 10 * 3_600_000);
      const morning = await test
        .as(rotaKey)
        .post('/api/v1/shifts', {
          trustId: org.trustId,
          wardId: org.wardId,
          staffGroup: 'nursing',
          grade: 'band5',
          startsAt: next.toISOString(),
          endsAt: new Date(next.getTime() + 8 * 3_600_000).toISOString(),
          breakMinutes: 0,
        })
        .expect(201);
      const responses = await Promise.all(
        [evening.id, morning.body.id].map((id) =>
          test.as(rotaKey).post(`/api/v1/shifts/${id}/bookings`, { type: 'bank', bankWorkerId: workers.senior }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
    });

    it('keeps an admin shift’s exemption reference on its agency booking', async () => {
      const adminContract = await test
        .as(test.adminKey)
        .post('/api/v1/agency-contracts', {
          agencyId: (await test.as(test.adminKey).post('/api/v1/agencies', { name: 'Office Temps' }).expect(201)).body
            .id,
          systemId: org.systemId,
          framework: 'Crown Commercial Service',
          tier: 1,
          validFrom: '2025-01-01',
          lines: [{ staffGroup: 'admin', grade: 'band3', band: 'day', chargeRatePence: 1500, workerPayPence: 1100 }],
        })
        .expect(201);
      const shift = await openShift({ staffGroup: 'admin', grade: 'band3', exemptionRef: 'EX-2025-014' });
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: adminContract.body.id })
        .expect(201);
      expect(booking.body.exemptionRef).toBe('EX-2025-014');
    });

    it('gives exactly one 201 and nineteen 409s to 20 simultaneous bookings of one shift', async () => {
      const shift = await openShift();
      const candidates = [workers.own, workers.senior, workers.neighbour];
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          test
            .as(rotaKey)
            .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: candidates[index % 3] }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    });

    it('books one worker into only one of two overlapping shifts at two trusts, even at once', async () => {
      const here = await openShift();
      const ward = await test
        .as(test.adminKey)
        .post(`/api/v1/trusts/${org.otherTrustId}/wards`, { code: `R${here.id.slice(0, 8)}`, name: 'x' })
        .expect(201);
      const there = await test
        .as(test.adminKey)
        .post('/api/v1/shifts', {
          trustId: org.otherTrustId,
          wardId: ward.body.id,
          staffGroup: 'nursing',
          grade: 'band5',
          startsAt: here.startsAt,
          endsAt: here.endsAt,
          breakMinutes: 0,
        })
        .expect(201);
      const [first, second] = await Promise.all([
        test
          .as(test.adminKey)
          .post(`/api/v1/shifts/${here.id}/bookings`, { type: 'bank', bankWorkerId: workers.neighbour }),
        test
          .as(test.adminKey)
          .post(`/api/v1/shifts/${there.body.id}/bookings`, { type: 'bank', bankWorkerId: workers.neighbour }),
      ]);
      expect([first.status, second.status].sort()).toEqual([201, 409]);
    });
  });
});
