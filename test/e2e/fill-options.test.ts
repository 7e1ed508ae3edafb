import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, buildOrganisation, type Organisation } from '../support/factories.js';
import { nursingAgencyContract } from '../support/rates.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { queryRows } from '../support/postgres.js';

const BANDS = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];

describe('filling a shift: the ladder and bookings', () => {
  let test: TestApp;
  let org: Organisation;
  let rotaKey: string;
  let shiftId: string;
  const workers: Record<string, string> = {};
  const contracts: Record<string, string> = {};

  // A weekday day shift, 08:00 to 20:00 with an hour's break: 660 paid minutes, all `day`.
  const SHIFT = { startsAt: '2025-06-10T08:00:00+01:00', endsAt: '2025-06-10T20:00:00+01:00', breakMinutes: 60 };

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);

  /** Books a worker directly into another shift, as an earlier booking would have. */
  async function existingBooking(workerKey: string, trustId: string, wardId: string, startsAt: string, endsAt: string) {
    const other = await test
      .as(test.adminKey)
      .post('/api/v1/shifts', {
        trustId,
        wardId,
        staffGroup: 'nursing',
        grade: 'band5',
        startsAt,
        endsAt,
        breakMinutes: 0,
      })
      .expect(201);
    await sql(
      `INSERT INTO bookings (shift_id, type, bank_worker_id, status, ward_id, starts_at, ends_at, paid_minutes, rates_pence, cost_pence, ladder, eligible_bank_count)
       VALUES ($1, 'bank', $2, 'confirmed', $3, $4, $5, $6, '{}', 0, '{}', 0)`,
      [other.body.id, workers[workerKey], wardId, startsAt, endsAt, other.body.paidMinutes],
    );
  }

  beforeAll(async () => {
    test = await startTestApp();
    org = await buildOrganisation(test);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    const admin = test.as(test.adminKey);
    const otherWard = await admin
      .post(`/api/v1/trusts/${org.otherTrustId}/wards`, { code: 'OW', name: 'Other ward' })
      .expect(201);

    const national = await admin
      .post('/api/v1/rate-cards', {
        scope: 'national',
        name: 'caps',
        effectiveFrom: '2025-01-01',
        lines: BANDS.map((band) => ({ staffGroup: 'nursing', grade: 'band5', band, agencyCapPence: 3000 })),
      })
      .expect(201);
    await admin.post(`/api/v1/rate-cards/${national.body.id}/publish`).expect(200);
    const card = await admin
      .post('/api/v1/rate-cards', {
        scope: 'system',
        systemId: org.systemId,
        name: 'card',
        effectiveFrom: '2025-01-01',
        lines: BANDS.map((band) => ({
          staffGroup: 'nursing',
          grade: 'band5',
          band,
          agencyCapPence: 2600,
          bankRatePence: 1800,
        })),
      })
      .expect(201);
    await admin.post(`/api/v1/rate-cards/${card.body.id}/publish`).expect(200);

    const worker = async (key: string, body: Record<string, unknown>) => {
      const response = await admin
        .post('/api/v1/bank-workers', {
          homeTrustId: org.trustId,
          displayName: key,
          staffGroup: 'nursing',
          grade: 'band5',
          ...body,
        })
        .expect(201);
      workers[key] = response.body.id;
    };
    await worker('own', {});
    await worker('senior', { grade: 'band6' });
    await worker('neighbour', { homeTrustId: org.otherTrustId, clearedTrustIds: [org.trustId] });
    await worker('uncleared', { homeTrustId: org.otherTrustId });
    await worker('junior', { grade: 'band4' });
    await worker('inactive', { active: false });
    await worker('tired', {});
    await worker('double', {});
    await worker('busy', {});
    await worker('early', {});
    // Ended at 22:00 the night before: ten hours' rest before 08:00.
    await existingBooking('tired', org.trustId, org.wardId, '2025-06-09T12:00:00+01:00', '2025-06-09T22:00:00+01:00');
    // Already booked at the neighbouring trust for the same afternoon.
    await existingBooking(
      'double',
      org.otherTrustId,
      otherWard.body.id,
      '2025-06-10T14:00:00+01:00',
      '2025-06-10T22:00:00+01:00',
    );
    // Starts at 06:00 the morning after: ten hours' rest after the 20:00 finish.
    await existingBooking('early', org.trustId, org.wardId, '2025-06-11T06:00:00+01:00', '2025-06-11T14:00:00+01:00');
    // 12 paid hours a day for 68 days before: exactly 17 × 48 = 816 hours, within the limit on its
    // own; this shift's 11 paid hours take the average over it.
    for (let day = 1; day <= 68; day += 1) {
      const start = new Date(Date.UTC(2025, 5, 9, 23) - day * 86_400_000 - 12 * 3_600_000);
      const end = new Date(start.getTime() + 12 * 3_600_000);
      await existingBooking('busy', org.trustId, org.wardId, start.toISOString(), end.toISOString());
    }

    const agency = await admin.post('/api/v1/agencies', { name: 'Within Cap Ltd' }).expect(201);
    const pricey = await admin.post('/api/v1/agencies', { name: 'Pricey Ltd' }).expect(201);
    const rogue = await admin.post('/api/v1/agencies', { name: 'Off Framework Ltd' }).expect(201);
    const contract = async (key: string, agencyId: string, framework: string | null, chargeRatePence: number) => {
      contracts[key] = await nursingAgencyContract(test, {
        agencyId,
        systemId: org.systemId,
        framework,
        chargeRatePence,
      });
    };
    await contract('withinSystemCap', agency.body.id, 'NHS Workforce Alliance', 2500);
    await contract('withinNationalCap', agency.body.id, 'NHS Workforce Alliance', 2900);
    await contract('aboveCap', pricey.body.id, 'NHS Workforce Alliance', 4600);
    await contract('offFramework', rogue.body.id, null, 2400);

    const shift = await test
      .as(rotaKey)
      .post('/api/v1/shifts', {
        trustId: org.trustId,
        wardId: org.wardId,
        staffGroup: 'nursing',
        grade: 'band5',
        ...SHIFT,
      })
      .expect(201);
    shiftId = shift.body.id;
  });

  afterAll(async () => {
    await test.close();
  });

  it('lists own bank, then collaborative bank, then agencies by cost against the caps', async () => {
    const response = await test.as(rotaKey).get(`/api/v1/shifts/${shiftId}/fill-options`).expect(200);
    const ladder = response.body;
    // 660 paid minutes: cap 3000 → 33000; system cap 2600 → 28600; bank 1800 → 19800.
    expect(ladder).toMatchObject({ capCostPence: 33_000, systemCapCostPence: 28_600, cardCostPence: 19_800 });
    const tier = (name: string) => ladder.tiers.find((entry: { tier: string }) => entry.tier === name).options;
    expect(ladder.tiers.map((entry: { tier: string }) => entry.tier)).toEqual([
      'own_bank',
      'collaborative_bank',
      'agency_within_system_cap',
      'agency_within_national_cap',
      'agency_above_cap',
      'off_framework',
    ]);
    // Exact grade before the band 6 worker.
    expect(tier('own_bank').map((option: { bankWorkerId: string }) => option.bankWorkerId)).toEqual([
      workers.own,
      workers.senior,
    ]);
    expect(tier('own_bank')[0]).toMatchObject({ costPence: 19_800, homeTrustId: org.trustId, grade: 'band5' });
    expect(tier('collaborative_bank').map((option: { bankWorkerId: string }) => option.bankWorkerId)).toEqual([
      workers.neighbour,
    ]);
    expect(tier('agency_within_system_cap')).toEqual([
      expect.objectContaining({
        agencyContractId: contracts.withinSystemCap,
        costPence: 27_500,
        signoffLevel: null,
        refused: false,
      }),
    ]);
    expect(tier('agency_within_national_cap')).toEqual([
      expect.objectContaining({ agencyContractId: contracts.withinNationalCap, costPence: 31_900, signoffLevel: null }),
    ]);
    // 4600 × 11 = 50600 ≥ 1.5 × 33000 = 49500: executive sign-off.
    expect(tier('agency_above_cap')).toEqual([
      expect.objectContaining({ agencyContractId: contracts.aboveCap, costPence: 50_600, signoffLevel: 'executive' }),
    ]);
    // Nursing is registered clinical: off-framework is offered, at chief-executive level, not refused.
    expect(tier('off_framework')).toEqual([
      expect.objectContaining({
        agencyContractId: contracts.offFramework,
        framework: null,
        signoffLevel: 'chief_executive',
        refused: false,
      }),
    ]);
  });

  it('says why each other worker of the staff group cannot take it', async () => {
    const response = await test.as(rotaKey).get(`/api/v1/shifts/${shiftId}/fill-options`).expect(200);
    const reasons = Object.fromEntries(
      response.body.ineligible.map((entry: { bankWorkerId: string; reasons: string[] }) => [
        entry.bankWorkerId,
        entry.reasons,
      ]),
    );
    expect(reasons).toEqual({
      [workers.uncleared!]: ['NOT_CLEARED'],
      [workers.junior!]: ['GRADE_TOO_LOW'],
      [workers.inactive!]: ['INACTIVE'],
      [workers.tired!]: ['REST_UNDER_11H'],
      [workers.double!]: ['OVERLAP'],
      [workers.busy!]: ['WEEKLY_LIMIT'],
      [workers.early!]: ['REST_UNDER_11H'],
    });
  });

  it('lists no agency for an admin shift without an exemption reference', async () => {
    const admin = await test
      .as(rotaKey)
      .post('/api/v1/shifts', {
        trustId: org.trustId,
        wardId: org.wardId,
        staffGroup: 'admin',
        grade: 'band3',
        ...SHIFT,
      })
      .expect(201);
    const response = await test.as(rotaKey).get(`/api/v1/shifts/${admin.body.id}/fill-options`).expect(200);
    const agencyOptions = response.body.tiers.filter((entry: { tier: string }) => !entry.tier.endsWith('bank'));
    expect(agencyOptions.every((entry: { options: unknown[] }) => entry.options.length === 0)).toBe(true);
  });

  describe('bookings', () => {
    let day = 0;
    /** A fresh weekday shift on its own day, so tests do not book over each other. */
    async function openShift(overrides: Record<string, unknown> = {}) {
      day += 1;
      const date = new Date(Date.UTC(2025, 8, 1) + day * 2 * 86_400_000);
      while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
      const iso = date.toISOString().slice(0, 10);
      const shift = await test
        .as(rotaKey)
        .post('/api/v1/shifts', {
          trustId: org.trustId,
          wardId: org.wardId,
          staffGroup: 'nursing',
          grade: 'band5',
          startsAt: `${iso}T08:00:00+01:00`,
          endsAt: `${iso}T20:00:00+01:00`,
          breakMinutes: 60,
          ...overrides,
        })
        .expect(201);
      return shift.body as { id: string; startsAt: string; endsAt: string };
    }

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
      expect(ladder.body.ineligible).toContainEqual({ bankWorkerId: workers.senior, reasons: ['REST_UNDER_11H'] });
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
        .post(`/api/v1/trusts/${org.otherTrustId}/wards`, { code: `R${day}`, name: 'x' })
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

  it('answers 404 for a shift outside the key’s scope', async () => {
    const neighbour = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.otherTrustId] });
    await test.as(neighbour).get(`/api/v1/shifts/${shiftId}/fill-options`).expect(404);
  });

  // Last in the file: it adds workers the other tests' expectations do not know.
  it('lists the first 50 ineligible workers, yet explains any one of the rest when it is booked', async () => {
    await sql(
      `INSERT INTO bank_workers (home_trust_id, display_name, staff_group, grade)
       SELECT $1, 'Neighbour ' || n, 'nursing', 'band5' FROM generate_series(1, 80) n`,
      [org.otherTrustId],
    );
    const ladder = await test.as(rotaKey).get(`/api/v1/shifts/${shiftId}/fill-options`).expect(200);
    expect(ladder.body.ineligible).toHaveLength(50);
    const listed = new Set(ladder.body.ineligible.map((entry: { bankWorkerId: string }) => entry.bankWorkerId));
    const unlisted = await sql(
      `SELECT id FROM bank_workers WHERE home_trust_id = $1 AND NOT (id = ANY($2::uuid[])) ORDER BY id DESC LIMIT 1`,
      [org.otherTrustId, [...listed]],
    );
    const refused = await test
      .as(rotaKey)
      .post(`/api/v1/shifts/${shiftId}/bookings`, { type: 'bank', bankWorkerId: unlisted[0]!.id })
      .expect(422);
    expect(refused.body).toMatchObject({
      rule: 'BANK_WORKER_INELIGIBLE',
      errors: [{ field: 'bankWorkerId', message: 'NOT_CLEARED' }],
    });
  });
});
