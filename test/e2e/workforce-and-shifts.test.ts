import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, buildOrganisation, buildSystem, buildTrust, type Organisation } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('bank workers, agencies and shifts', () => {
  let test: TestApp;
  let org: Organisation;
  let rotaKey: string;
  let leadKey: string;

  beforeAll(async () => {
    test = await startTestApp();
    org = await buildOrganisation(test);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
  });

  afterAll(async () => {
    await test.close();
  });

  const worker = (overrides: Record<string, unknown> = {}) => ({
    homeTrustId: org.trustId,
    displayName: 'Amara Okafor',
    staffGroup: 'nursing',
    grade: 'band5',
    ...overrides,
  });

  describe('bank workers', () => {
    it('creates a worker with the documented defaults and clearances to trusts of the same system', async () => {
      const response = await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ clearedTrustIds: [org.otherTrustId] }))
        .expect(201);
      expect(response.body).toMatchObject({
        homeTrustId: org.trustId,
        clearedTrustIds: [org.otherTrustId],
        optedOutOfWeeklyLimit: false,
        contractedWeeklyHours: 0,
        active: true,
        externalRef: null,
      });
    });

    it('refuses a clearance to a trust of another system with 422', async () => {
      const elsewhere = await buildTrust(test, (await buildSystem(test)).id);
      const response = await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ clearedTrustIds: [elsewhere.id] }))
        .expect(422);
      expect(response.body.rule).toBe('CLEARANCE_OUTSIDE_SYSTEM');
    });

    it('refuses a grade of another staff group, naming the field', async () => {
      const response = await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ grade: 'consultant' }))
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'grade', message: 'not a grade of nursing' }]);
    });

    it('keeps external references unique within the home trust', async () => {
      await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ externalRef: 'ESR-1' }))
        .expect(201);
      await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ externalRef: 'ESR-1' }))
        .expect(409);
    });

    it('shows a worker cleared for a trust to that trust’s managers, who cannot change them', async () => {
      const created = await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ clearedTrustIds: [org.otherTrustId] }))
        .expect(201);
      const neighbour = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.otherTrustId] });
      const listed = await test
        .as(neighbour)
        .get(`/api/v1/bank-workers?trustId=${org.otherTrustId}&limit=500`)
        .expect(200);
      expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
      await test.as(neighbour).get(`/api/v1/bank-workers/${created.body.id}`).expect(200);
      await test.as(neighbour).patch(`/api/v1/bank-workers/${created.body.id}`, { active: false }).expect(404);
    });

    it('lets the home trust update a worker and replace their clearances', async () => {
      const created = await test
        .as(rotaKey)
        .post('/api/v1/bank-workers', worker({ clearedTrustIds: [org.otherTrustId] }))
        .expect(201);
      const updated = await test
        .as(rotaKey)
        .patch(`/api/v1/bank-workers/${created.body.id}`, {
          grade: 'band6',
          clearedTrustIds: [],
          contractedWeeklyHours: 22.5,
        })
        .expect(200);
      expect(updated.body).toMatchObject({ grade: 'band6', clearedTrustIds: [], contractedWeeklyHours: 22.5 });
      const refused = await test
        .as(rotaKey)
        .patch(`/api/v1/bank-workers/${created.body.id}`, { displayName: null, active: null })
        .expect(400);
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(
        expect.arrayContaining(['displayName', 'active']),
      );
    });
  });

  describe('agencies and contracts', () => {
    it('records a contract with its lines, and finds it valid on a date', async () => {
      const agency = await test.as(leadKey).post('/api/v1/agencies', { name: 'Kent Nursing Partners' }).expect(201);
      const contract = await test
        .as(leadKey)
        .post('/api/v1/agency-contracts', {
          agencyId: agency.body.id,
          systemId: org.systemId,
          framework: 'NHS Workforce Alliance',
          tier: 1,
          validFrom: '2025-04-01',
          validTo: '2026-04-01',
          lines: [{ staffGroup: 'nursing', grade: 'band5', band: 'day', chargeRatePence: 2900, workerPayPence: 2100 }],
        })
        .expect(201);
      expect(contract.body).toMatchObject({
        framework: 'NHS Workforce Alliance',
        tier: 1,
        lines: [{ band: 'day', chargeRatePence: 2900 }],
      });
      const valid = await test
        .as(rotaKey)
        .get(`/api/v1/agency-contracts?systemId=${org.systemId}&at=2025-06-01`)
        .expect(200);
      expect(valid.body.items.map((item: { id: string }) => item.id)).toContain(contract.body.id);
      const expired = await test
        .as(rotaKey)
        .get(`/api/v1/agency-contracts?systemId=${org.systemId}&at=2026-04-01`)
        .expect(200);
      expect(expired.body.items.map((item: { id: string }) => item.id)).not.toContain(contract.body.id);
    });

    it('takes framework: null for an off-framework contract, and refuses pay above the charge', async () => {
      const agency = await test.as(leadKey).post('/api/v1/agencies', { name: 'Off Framework Ltd' }).expect(201);
      const base = {
        agencyId: agency.body.id,
        systemId: org.systemId,
        framework: null,
        tier: 3,
        validFrom: '2025-01-01',
      };
      await test
        .as(leadKey)
        .post('/api/v1/agency-contracts', {
          ...base,
          lines: [{ staffGroup: 'nursing', grade: 'band5', band: 'day', chargeRatePence: 5000, workerPayPence: 3000 }],
        })
        .expect(201);
      const refused = await test
        .as(leadKey)
        .post('/api/v1/agency-contracts', {
          ...base,
          lines: [{ staffGroup: 'nursing', grade: 'band5', band: 'day', chargeRatePence: 2000, workerPayPence: 3000 }],
        })
        .expect(400);
      expect(refused.body.errors).toEqual([{ field: 'lines[0].workerPayPence', message: 'cannot exceed the charge' }]);
    });

    it('keeps another system’s contracts out of sight', async () => {
      const other = await buildSystem(test);
      const otherLead = await buildApiKey(test, { role: 'workforce_lead', systemId: other.id });
      await test
        .as(otherLead)
        .get(`/api/v1/agency-contracts?systemId=${org.systemId}`)
        .expect(200)
        .then((response) => {
          expect(response.body.items).toEqual([]);
        });
    });
  });

  describe('shifts', () => {
    const shift = (overrides: Record<string, unknown> = {}) => ({
      trustId: org.trustId,
      wardId: org.wardId,
      staffGroup: 'nursing',
      grade: 'band5',
      startsAt: '2025-04-04T19:00:00+01:00',
      endsAt: '2025-04-05T07:30:00+01:00',
      breakMinutes: 30,
      ...overrides,
    });

    it('posts an open shift with its band minutes split at write time', async () => {
      const response = await test
        .as(rotaKey)
        .post('/api/v1/shifts', shift({ reason: 'Sickness cover' }))
        .expect(201);
      expect(response.body).toMatchObject({
        status: 'open',
        startsAt: '2025-04-04T18:00:00.000Z',
        localStartDate: '2025-04-04',
        elapsedMinutes: 750,
        paidMinutes: 720,
        bandMinutes: { day: 60, night: 240, saturday: 450 },
      });
    });

    it('splits a medical shift with the medical scheme', async () => {
      const response = await test
        .as(rotaKey)
        .post(
          '/api/v1/shifts',
          shift({
            staffGroup: 'medical',
            grade: 'st3_plus',
            startsAt: '2025-06-10T17:00:00+01:00',
            endsAt: '2025-06-11T09:00:00+01:00',
            breakMinutes: 60,
          }),
        )
        .expect(201);
      expect(response.body.bandMinutes).toEqual({ core: 240, unsocial: 720 });
    });

    it('refuses a ward of another trust, and times that break the rules', async () => {
      const otherWard = await test
        .as(test.adminKey)
        .post(`/api/v1/trusts/${org.otherTrustId}/wards`, { code: 'X1', name: 'x' })
        .expect(201);
      const ward = await test
        .as(rotaKey)
        .post('/api/v1/shifts', shift({ wardId: otherWard.body.id }))
        .expect(400);
      expect(ward.body.errors).toEqual([{ field: 'wardId', message: 'not a ward of the trust' }]);
      await test
        .as(rotaKey)
        .post('/api/v1/shifts', shift({ endsAt: '2025-04-06T07:30:00+01:00' }))
        .expect(400);
      await test
        .as(rotaKey)
        .post('/api/v1/shifts', shift({ startsAt: '2025-04-04T19:00:00' }))
        .expect(400);
    });

    it('recomputes band minutes when an open shift is moved, and refuses changes once cancelled', async () => {
      const created = await test.as(rotaKey).post('/api/v1/shifts', shift()).expect(201);
      const moved = await test
        .as(rotaKey)
        .patch(`/api/v1/shifts/${created.body.id}`, {
          startsAt: '2025-04-07T08:00:00+01:00',
          endsAt: '2025-04-07T20:00:00+01:00',
          breakMinutes: 60,
        })
        .expect(200);
      expect(moved.body).toMatchObject({ bandMinutes: { day: 720 }, paidMinutes: 660, localStartDate: '2025-04-07' });
      const cancelled = await test
        .as(rotaKey)
        .post(`/api/v1/shifts/${created.body.id}/cancel`, { reason: 'Ward closed' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Ward closed' });
      await test.as(rotaKey).patch(`/api/v1/shifts/${created.body.id}`, { breakMinutes: 0 }).expect(409);
      await test.as(rotaKey).post(`/api/v1/shifts/${created.body.id}/cancel`, { reason: 'again' }).expect(409);
    });

    it('lists shifts by trust, status and local start date', async () => {
      const created = await test
        .as(rotaKey)
        .post('/api/v1/shifts', shift({ startsAt: '2025-07-01T08:00:00+01:00', endsAt: '2025-07-01T16:00:00+01:00' }))
        .expect(201);
      const july = await test
        .as(rotaKey)
        .get(`/api/v1/shifts?trustId=${org.trustId}&status=open&from=2025-07-01&to=2025-07-02`)
        .expect(200);
      expect(july.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    });

    it('answers 404 for a shift of a trust outside the key’s scope', async () => {
      const created = await test.as(test.adminKey).post('/api/v1/shifts', shift()).expect(201);
      const neighbour = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.otherTrustId] });
      await test.as(neighbour).get(`/api/v1/shifts/${created.body.id}`).expect(404);
      await test.as(neighbour).post('/api/v1/shifts', shift()).expect(404);
    });
  });
});
