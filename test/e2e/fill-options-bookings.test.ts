import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, type BuiltShift, type Organisation } from '../support/factories.js';
import { buildFillLadderScenario, openShifts } from '../support/fill-ladder-scenario.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('filling a shift: the ladder and bookings', () => {
  describe('bookings', () => {
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

    it('books an eligible bank worker at the card rate, confirmed, and keeps the ladder', async () => {
      const shift = await openShift();
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: workers.own })
        .expect(201);
      expect(booking.body).toMatchObject({
        status: 'confirmed',
        requiredSignoff: null,
        costPence: 19_800,
        eligibleBankCount: 7,
        bestBankCostPence: 19_800,
      });
      expect(booking.body.ladder.tiers[0]).toMatchObject({ tier: 'own_bank' });
      expect((await test.as(rotaKey).get(`/api/v1/shifts/${shift.id}`).expect(200)).body.status).toBe('booked');
      await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: workers.senior })
        .expect(409);
    });

    it('refuses an ineligible worker with 422 and the reasons', async () => {
      const shift = await openShift();
      const refused = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: workers.junior })
        .expect(422);
      expect(refused.body).toMatchObject({
        rule: 'BANK_WORKER_INELIGIBLE',
        errors: [{ field: 'bankWorkerId', message: 'GRADE_TOO_LOW' }],
      });
    });

    it('refuses an agency while a bank worker is eligible unless a bypass reason is given', async () => {
      const shift = await openShift();
      const body = { type: 'agency', agencyContractId: contracts.withinSystemCap };
      const refused = await test.as(rotaKey).post(`/api/v1/shifts/${shift.id}/bookings`, body).expect(422);
      expect(refused.body.rule).toBe('BANK_FIRST');
      const booked = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { ...body, bypassReason: 'Needs a cardiac-trained nurse' })
        .expect(201);
      expect(booked.body).toMatchObject({
        status: 'confirmed',
        costPence: 27_500,
        bypassReason: 'Needs a cardiac-trained nurse',
        eligibleBankCount: 7,
      });
    });

    it('holds an above-cap booking for sign-off at the right level, then confirms it', async () => {
      const shift = await openShift();
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, {
          type: 'agency',
          agencyContractId: contracts.aboveCap,
          bypassReason: 'Specialist',
        })
        .expect(201);
      expect(booking.body).toMatchObject({
        status: 'pending_approval',
        requiredSignoff: 'executive',
        costPence: 50_600,
      });
      const manager = await buildApiKey(test, {
        role: 'approver',
        systemId: org.systemId,
        approvalLevel: 'senior_manager',
      });
      const director = await buildApiKey(test, {
        role: 'approver',
        systemId: org.systemId,
        approvalLevel: 'executive',
      });
      await test.as(manager).post(`/api/v1/bookings/${booking.body.id}/approve`, { reason: 'ok' }).expect(403);
      const approved = await test
        .as(director)
        .post(`/api/v1/bookings/${booking.body.id}/approve`, { reason: 'No bank cover' })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'confirmed',
        decidedBy: expect.any(String),
        decisionReason: 'No bank cover',
      });
      await test.as(director).post(`/api/v1/bookings/${booking.body.id}/approve`, {}).expect(409);
    });

    it('reopens the shift when an approver rejects, and when a rota manager cancels', async () => {
      const shift = await openShift();
      const booking = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, {
          type: 'agency',
          agencyContractId: contracts.offFramework,
          bypassReason: 'x',
        })
        .expect(201);
      expect(booking.body.requiredSignoff).toBe('chief_executive');
      const ceo = await buildApiKey(test, {
        role: 'approver',
        systemId: org.systemId,
        approvalLevel: 'chief_executive',
      });
      await test.as(ceo).post(`/api/v1/bookings/${booking.body.id}/reject`, { reason: 'Use the bank' }).expect(200);
      expect((await test.as(rotaKey).get(`/api/v1/shifts/${shift.id}`).expect(200)).body.status).toBe('open');
      const again = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: workers.own })
        .expect(201);
      await test.as(rotaKey).post(`/api/v1/bookings/${again.body.id}/cancel`, { reason: 'Ward closed' }).expect(200);
      expect((await test.as(rotaKey).get(`/api/v1/shifts/${shift.id}`).expect(200)).body.status).toBe('open');
    });

    it('forbids a key to approve a booking it made', async () => {
      const shift = await openShift();
      const booking = await test
        .as(test.adminKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, {
          type: 'agency',
          agencyContractId: contracts.aboveCap,
          bypassReason: 'x',
        })
        .expect(201);
      await test.as(test.adminKey).post(`/api/v1/bookings/${booking.body.id}/approve`, {}).expect(403);
    });

    it('refuses off-framework agency for unregistered clinical staff', async () => {
      const hcaContract = await test
        .as(test.adminKey)
        .post('/api/v1/agency-contracts', {
          agencyId: (await test.as(test.adminKey).post('/api/v1/agencies', { name: 'HCA Direct' }).expect(201)).body.id,
          systemId: org.systemId,
          framework: null,
          tier: 1,
          validFrom: '2025-01-01',
          lines: ['day'].map((band) => ({
            staffGroup: 'clinical_support',
            grade: 'band3',
            band,
            chargeRatePence: 2000,
            workerPayPence: 1400,
          })),
        })
        .expect(201);
      const shift = await openShift({ staffGroup: 'clinical_support', grade: 'band3' });
      const refused = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: hcaContract.body.id })
        .expect(422);
      expect(refused.body.rule).toBe('OFF_FRAMEWORK_REFUSED');
    });
  });
});
