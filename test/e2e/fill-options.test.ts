import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, type Organisation } from '../support/factories.js';
import { buildFillLadderScenario, LADDER_SHIFT as SHIFT } from '../support/fill-ladder-scenario.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Booking from the ladder: fill-options-bookings.test.ts and fill-options-after-booking.test.ts.
describe('filling a shift: the ladder and bookings', () => {
  let test: TestApp;
  let org: Organisation;
  let rotaKey: string;
  let shiftId: string;
  let workers: Record<string, string>;
  let contracts: Record<string, string>;

  beforeAll(async () => {
    test = await startTestApp();
    ({ org, rotaKey, shiftId, workers, contracts } = await buildFillLadderScenario(test));
  });

  afterAll(async () => {
    await test.close();
  });

  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);

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
