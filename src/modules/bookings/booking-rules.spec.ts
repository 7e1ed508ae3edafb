import { describe, expect, it } from '@jest/globals';
import { ConflictError, RuleViolationError } from '../../core/errors/domain-errors.js';
import {
  type LadderFacts,
  ladderView,
  rankLadder,
  refuseSupportWorkerAgency,
  type WorkerOnLadder,
} from '../fill/index.js';
import { RELEASE_STAGES, type ReleaseStage } from '../time-bands/index.js';
import { BOOKED_IN_THE_API, decideBooking, RECORDED_FROM_ELSEWHERE } from './booking-rules.js';

// A 12-hour weekday day shift with an hour's break: 660 paid of 720 minutes.
const worker = (id: string, facts: Partial<WorkerOnLadder['facts']> = {}): WorkerOnLadder => ({
  bankWorkerId: id,
  displayName: `Nurse ${id}`,
  homeTrustId: 'trust',
  grade: 'band5',
  bookedMinutesLast28Days: 0,
  shiftsOnWard: 0,
  facts: {
    active: true,
    gradeRank: 4,
    shiftGradeRank: 4,
    ownTrust: true,
    clearedForTrust: false,
    overlaps: false,
    nearestGapMinutes: null,
    bookedMinutesInReferencePeriod: 0,
    shiftPaidMinutes: 660,
    contractedWeeklyHours: 0,
    optedOutOfWeeklyLimit: false,
    ...facts,
  },
});

const ladder = (overrides: Partial<LadderFacts> = {}) =>
  rankLadder({
    shiftId: 'shift',
    staffGroup: 'nursing',
    shiftGrade: 'band5',
    ruleClass: 'registered_clinical',
    bandMinutes: { day: 720 },
    times: { elapsed: 720, paid: 660 },
    settings: { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000, supportWorkerAgencyBan: false },
    bankRates: { day: 2000 },
    // At the national cap of 3000 pence an hour: 3000 × 11 hours.
    capCostPence: 33_000,
    systemCapCostPence: 30_000,
    cardCostPence: 22_000,
    agencyAllowed: true,
    workers: [worker('free')],
    contracts: [
      {
        agencyId: 'agency',
        agencyName: 'Agency',
        agencyContractId: 'contract',
        contractTier: 1,
        framework: 'HTE',
        rates: { day: 3000 },
      },
    ],
    releases: releasedAt({}),
    ...overrides,
  });

const NOW = new Date('2026-12-10T12:00:00Z');
/** Every stage released an hour ago, but those given, released at their own instants. */
const releasedAt = (instants: Partial<Record<ReleaseStage, Date>>) => ({
  instants: {
    ...(Object.fromEntries(RELEASE_STAGES.map((stage) => [stage, new Date(NOW.getTime() - 3_600_000)])) as Record<
      ReleaseStage,
      Date
    >),
    ...instants,
  },
  now: NOW,
});

describe('decideBooking and the release cascade', () => {
  const tomorrow = new Date(NOW.getTime() + 86_400_000);

  it('refuses an agency whose tier is not yet released, naming the instant', () => {
    const notYet = ladder({ workers: [], releases: releasedAt({ agency_tier_1: tomorrow }) });
    const request = { type: 'agency' as const, agencyContractId: 'contract' };
    expect(
      notYet.tiers.find((tier) => tier.options.length && tier.tier.startsWith('agency'))!.options[0],
    ).toMatchObject({ stage: 'agency_tier_1', releaseAt: tomorrow, released: false });
    try {
      decideBooking(notYet, request, BOOKED_IN_THE_API);
      throw new Error('booked');
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolationError);
      expect(error).toMatchObject({ rule: 'NOT_YET_RELEASED', extra: { releaseAt: tomorrow.toISOString() } });
    }
    // Released one millisecond ago: booked.
    const justReleased = ladder({
      workers: [],
      releases: releasedAt({ agency_tier_1: new Date(NOW.getTime() - 1) }),
    });
    expect(decideBooking(justReleased, request, BOOKED_IN_THE_API).status).toBe('confirmed');
    // Released at this very instant: booked.
    expect(
      decideBooking(ladder({ workers: [], releases: releasedAt({ agency_tier_1: NOW }) }), request, BOOKED_IN_THE_API)
        .status,
    ).toBe('confirmed');
  });

  it('holds a collaborative bank worker to their stage too, but never the own bank', () => {
    const collaborative = worker('other', { ownTrust: false, clearedForTrust: true });
    const held = ladder({ workers: [collaborative], releases: releasedAt({ collaborative_bank: tomorrow }) });
    expect(() => decideBooking(held, { type: 'bank', bankWorkerId: 'other' }, BOOKED_IN_THE_API)).toThrow(
      expect.objectContaining({ rule: 'NOT_YET_RELEASED' }),
    );
    const own = ladder({ releases: releasedAt({ collaborative_bank: tomorrow }) });
    expect(decideBooking(own, { type: 'bank', bankWorkerId: 'free' }, BOOKED_IN_THE_API).status).toBe('confirmed');
  });

  it('puts an off-framework contract with tier 3, and does not hold a booking recorded from elsewhere', () => {
    const offFramework = ladder({
      workers: [],
      releases: releasedAt({ agency_tier_3: tomorrow }),
      contracts: [
        {
          agencyId: 'agency',
          agencyName: 'Agency',
          agencyContractId: 'contract',
          contractTier: 1,
          framework: null,
          rates: { day: 3000 },
        },
      ],
    });
    const request = { type: 'agency' as const, agencyContractId: 'contract' };
    expect(() => decideBooking(offFramework, request, BOOKED_IN_THE_API)).toThrow(
      expect.objectContaining({ rule: 'NOT_YET_RELEASED', extra: expect.objectContaining({ stage: 'agency_tier_3' }) }),
    );
    expect(decideBooking(offFramework, request, RECORDED_FROM_ELSEWHERE).requiredSignoff).toBe('chief_executive');
  });
});

describe('decideBooking', () => {
  it('books the bank worker at the card, confirmed, keeping the ladder it was chosen from', () => {
    const decision = decideBooking(ladder(), { type: 'bank', bankWorkerId: 'free' }, BOOKED_IN_THE_API);

    expect(decision).toMatchObject({
      status: 'confirmed',
      costPence: 22_000,
      requiredSignoff: null,
      eligibleBankCount: 1,
    });
    expect(decision.ladder.tiers[0]).toMatchObject({ tier: 'own_bank', total: 1 });
  });

  it('refuses an agency while a bank worker is free without a reason, in the api only', () => {
    const request = { type: 'agency' as const, agencyContractId: 'contract' };

    expect(() => decideBooking(ladder(), request, BOOKED_IN_THE_API)).toThrow(RuleViolationError);
    expect(decideBooking(ladder(), request, RECORDED_FROM_ELSEWHERE)).toMatchObject({
      eligibleBankCount: 1,
      bestBankCostPence: 22_000,
      bypassReason: null,
    });
  });

  it('needs senior manager sign-off at a penny an hour above the cap, and none at the cap', () => {
    const agency = (day: number) =>
      decideBooking(
        ladder({ workers: [] }),
        { type: 'agency', agencyContractId: 'contract', ratesPence: { day } },
        BOOKED_IN_THE_API,
      );

    expect(agency(3000)).toMatchObject({ costPence: 33_000, status: 'confirmed', requiredSignoff: null });
    expect(agency(3001)).toMatchObject({
      costPence: 33_011,
      status: 'pending_approval',
      requiredSignoff: 'senior_manager',
    });
  });

  it('refuses a worker with 10 hours of rest by reason, and one booked elsewhere as a conflict', () => {
    const tired = ladder({ workers: [worker('tired', { nearestGapMinutes: 600 })] });
    const busy = ladder({ workers: [worker('busy', { overlaps: true })] });

    expect(() => decideBooking(tired, { type: 'bank', bankWorkerId: 'tired' }, RECORDED_FROM_ELSEWHERE)).toThrow(
      'The worker is not eligible: REST_UNDER_11H',
    );
    expect(() => decideBooking(busy, { type: 'bank', bankWorkerId: 'busy' }, RECORDED_FROM_ELSEWHERE)).toThrow(
      ConflictError,
    );
  });

  it('refuses rates that leave a band the shift touches without a rate', () => {
    expect(() =>
      decideBooking(ladder(), { type: 'bank', bankWorkerId: 'free', ratesPence: { night: 2500 } }, BOOKED_IN_THE_API),
    ).toThrow('No rate for day');
  });
});

describe('decideBooking and the support-worker agency ban', () => {
  const banned = (overrides: Partial<LadderFacts> = {}) =>
    ladder({
      workers: [],
      staffGroup: 'clinical_support',
      shiftGrade: 'band3',
      ruleClass: 'unregistered_clinical',
      settings: { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000, supportWorkerAgencyBan: true },
      ...overrides,
    });
  const request = { type: 'agency' as const, agencyContractId: 'contract' };
  const agencyOptions = (ranked: ReturnType<typeof ladder>) =>
    ranked.tiers.filter((tier) => !tier.tier.endsWith('bank')).flatMap((tier) => tier.options);

  it('lists no agency option for a band 3 support worker shift while the ban is on, and says why', () => {
    const ranked = banned();
    expect(agencyOptions(ranked)).toEqual([]);
    expect(ranked.agencyBanned).toBe(true);
    expect(ladderView(ranked).agencyBanned).toBe(true);
    // The snapshot a booking keeps lists none either.
    expect(ladderView(ranked).tiers.flatMap((tier) => tier.options)).toEqual([]);
  });

  it('refuses an agency booking of it in the api with SUPPORT_WORKER_AGENCY', () => {
    expect(() => decideBooking(banned(), request, BOOKED_IN_THE_API)).toThrow(
      expect.objectContaining({ status: 422, rule: 'SUPPORT_WORKER_AGENCY' }),
    );
    expect(() => decideBooking(banned({ shiftGrade: 'band2' }), request, BOOKED_IN_THE_API)).toThrow(
      expect.objectContaining({ rule: 'SUPPORT_WORKER_AGENCY' }),
    );
  });

  it('records an agency booking made elsewhere despite the ban, at its contract rates', () => {
    expect(decideBooking(banned(), request, RECORDED_FROM_ELSEWHERE)).toMatchObject({
      type: 'agency',
      agencyContractId: 'contract',
      costPence: 33_000,
    });
  });

  it('leaves band 4 support workers, band 3 nurses and a system without the ban alone', () => {
    const off = { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000, supportWorkerAgencyBan: false };
    for (const ranked of [
      banned({ shiftGrade: 'band4' }),
      banned({ staffGroup: 'nursing', ruleClass: 'registered_clinical' }),
      banned({ settings: off }),
    ]) {
      expect(ranked.agencyBanned).toBe(false);
      expect(agencyOptions(ranked)).toHaveLength(1);
      expect(decideBooking(ranked, request, BOOKED_IN_THE_API).status).toBe('confirmed');
    }
  });
});

describe('refuseSupportWorkerAgency', () => {
  const on = { supportWorkerAgencyBan: true };

  it('throws only for clinical support at band 2 or 3 with the ban on', () => {
    expect(() => refuseSupportWorkerAgency(on, { staffGroup: 'clinical_support', grade: 'band3' })).toThrow(
      'The system bans agency for support workers at bands 2 and 3',
    );
    expect(() => refuseSupportWorkerAgency(on, { staffGroup: 'clinical_support', grade: 'band4' })).not.toThrow();
    expect(() => refuseSupportWorkerAgency(on, { staffGroup: 'nursing', grade: 'band3' })).not.toThrow();
    expect(() =>
      refuseSupportWorkerAgency({ supportWorkerAgencyBan: false }, { staffGroup: 'clinical_support', grade: 'band2' }),
    ).not.toThrow();
  });
});
