import { describe, expect, it } from '@jest/globals';
import {
  agencyAllowed,
  agencyTier,
  type CandidateFacts,
  compareCandidates,
  ineligibility,
  offFrameworkRefused,
  type RankedCandidate,
} from './fill-rules.js';
import { requiredSignoff, type SignoffFacts, signoffCovers } from './signoff-rules.js';

const DEFAULTS = { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000 };
// A 12.5-hour night with a 30-minute break: 720 paid minutes.
const agency = (overrides: Partial<SignoffFacts> = {}): SignoffFacts => ({
  type: 'agency',
  chargePence: 40_000,
  capCostPence: 40_000,
  paidMinutes: 720,
  offFramework: false,
  ...overrides,
});

describe('requiredSignoff (docs/rules.md section 8)', () => {
  it('needs none for an agency charge at the cap, or for a bank booking at an ordinary rate', () => {
    expect(requiredSignoff(agency(), DEFAULTS)).toBeNull();
    expect(requiredSignoff(agency({ type: 'bank', chargePence: 24_147, capCostPence: null }), DEFAULTS)).toBeNull();
  });

  it('needs a senior manager one penny over the cap', () => {
    expect(requiredSignoff(agency({ chargePence: 40_001 }), DEFAULTS)).toBe('senior_manager');
  });

  it('needs an executive at exactly 1.5 × the cap cost, and a senior manager a penny below', () => {
    expect(requiredSignoff(agency({ chargePence: 60_000 }), DEFAULTS)).toBe('executive');
    expect(requiredSignoff(agency({ chargePence: 59_999 }), DEFAULTS)).toBe('senior_manager');
  });

  it('follows the system’s own executive ratio', () => {
    expect(requiredSignoff(agency({ chargePence: 50_000 }), { ...DEFAULTS, executiveSignoffRatio: 1.25 })).toBe(
      'executive',
    );
  });

  it('needs the chief executive for any booking, bank included, at an effective £100 an hour', () => {
    // 12 paid hours at £100 = 120,000 pence.
    expect(requiredSignoff(agency({ type: 'bank', chargePence: 120_000, capCostPence: null }), DEFAULTS)).toBe(
      'chief_executive',
    );
    expect(requiredSignoff(agency({ type: 'bank', chargePence: 119_990, capCostPence: null }), DEFAULTS)).toBeNull();
    expect(requiredSignoff(agency({ chargePence: 120_000, capCostPence: 100_000 }), DEFAULTS)).toBe('chief_executive');
  });

  it('needs the chief executive for off-framework agency even within the cap', () => {
    expect(requiredSignoff(agency({ chargePence: 30_000, offFramework: true }), DEFAULTS)).toBe('chief_executive');
  });

  it('applies no cap rule when no national cap is in force', () => {
    expect(requiredSignoff(agency({ chargePence: 90_000, capCostPence: null }), DEFAULTS)).toBeNull();
  });

  it('lets an approver sign off at or below their level only', () => {
    expect(signoffCovers('executive', 'senior_manager')).toBe(true);
    expect(signoffCovers('executive', 'executive')).toBe(true);
    expect(signoffCovers('executive', 'chief_executive')).toBe(false);
  });
});

const candidate = (overrides: Partial<CandidateFacts> = {}): CandidateFacts => ({
  active: true,
  gradeRank: 3,
  shiftGradeRank: 3,
  ownTrust: true,
  clearedForTrust: false,
  overlaps: false,
  nearestGapMinutes: null,
  bookedMinutesInReferencePeriod: 0,
  shiftPaidMinutes: 720,
  contractedWeeklyHours: 0,
  optedOutOfWeeklyLimit: false,
  ...overrides,
});

describe('ineligibility (docs/rules.md section 10)', () => {
  it('finds an active worker of the right grade at their own trust with no other booking eligible', () => {
    expect(ineligibility(candidate())).toEqual([]);
  });

  it('takes a worker of a higher grade (paid at the shift’s grade) but not a lower one', () => {
    expect(ineligibility(candidate({ gradeRank: 4 }))).toEqual([]);
    expect(ineligibility(candidate({ gradeRank: 2 }))).toEqual(['GRADE_TOO_LOW']);
  });

  it('refuses a worker with 10 hours’ rest between shifts, and takes one with exactly 11', () => {
    expect(ineligibility(candidate({ nearestGapMinutes: 10 * 60 }))).toEqual(['REST_UNDER_11H']);
    expect(ineligibility(candidate({ nearestGapMinutes: 11 * 60 }))).toEqual([]);
  });

  it('reports an overlapping booking as an overlap, not as short rest', () => {
    expect(ineligibility(candidate({ overlaps: true, nearestGapMinutes: 0 }))).toEqual(['OVERLAP']);
  });

  it('refuses a worker of another trust who is not cleared, and takes one who is', () => {
    expect(ineligibility(candidate({ ownTrust: false }))).toEqual(['NOT_CLEARED']);
    expect(ineligibility(candidate({ ownTrust: false, clearedForTrust: true }))).toEqual([]);
  });

  it('holds the 48-hour average over 17 weeks, this shift included, to the minute', () => {
    const limitMinutes = 48 * 17 * 60;
    expect(ineligibility(candidate({ bookedMinutesInReferencePeriod: limitMinutes - 720 }))).toEqual([]);
    expect(ineligibility(candidate({ bookedMinutesInReferencePeriod: limitMinutes - 719 }))).toEqual(['WEEKLY_LIMIT']);
  });

  it('counts hours worked for other employers towards the 48, unless the worker opted out', () => {
    // 40 contracted hours leave 8 a week: 136 hours over 17 weeks, this 12-hour shift included.
    expect(ineligibility(candidate({ contractedWeeklyHours: 40, bookedMinutesInReferencePeriod: 124 * 60 }))).toEqual(
      [],
    );
    expect(
      ineligibility(candidate({ contractedWeeklyHours: 40, bookedMinutesInReferencePeriod: 124 * 60 + 1 })),
    ).toEqual(['WEEKLY_LIMIT']);
    expect(
      ineligibility(
        candidate({ contractedWeeklyHours: 40, bookedMinutesInReferencePeriod: 500 * 60, optedOutOfWeeklyLimit: true }),
      ),
    ).toEqual([]);
  });

  it('lists every reason that applies', () => {
    expect(ineligibility(candidate({ active: false, gradeRank: 1, ownTrust: false, overlaps: true }))).toEqual([
      'INACTIVE',
      'GRADE_TOO_LOW',
      'NOT_CLEARED',
      'OVERLAP',
    ]);
  });
});

describe('compareCandidates', () => {
  const ranked = (bankWorkerId: string, overrides: Partial<RankedCandidate> = {}): RankedCandidate => ({
    bankWorkerId,
    exactGrade: true,
    ownTrust: true,
    bookedMinutesLast28Days: 0,
    shiftsOnWard: 0,
    costPence: 24_147,
    ...overrides,
  });

  it('ranks exact grade, then own trust, then fewest recent hours, then ward experience, then cost', () => {
    const workers = [
      ranked('g', { costPence: 30_000 }),
      ranked('f', { shiftsOnWard: 3 }),
      ranked('e', { bookedMinutesLast28Days: 600 }),
      ranked('d', { ownTrust: false }),
      ranked('c', { exactGrade: false }),
      ranked('a'),
    ];
    expect([...workers].sort(compareCandidates).map((worker) => worker.bankWorkerId)).toEqual([
      'f',
      'a',
      'g',
      'e',
      'd',
      'c',
    ]);
  });
});

describe('agency tiers', () => {
  it('puts a charge equal to a cap within that cap', () => {
    expect(agencyTier({ offFramework: false, costPence: 1000, systemCapCostPence: 1000, capCostPence: 1200 })).toBe(
      'agency_within_system_cap',
    );
    expect(agencyTier({ offFramework: false, costPence: 1200, systemCapCostPence: 1000, capCostPence: 1200 })).toBe(
      'agency_within_national_cap',
    );
    expect(agencyTier({ offFramework: false, costPence: 1201, systemCapCostPence: 1000, capCostPence: 1200 })).toBe(
      'agency_above_cap',
    );
    expect(agencyTier({ offFramework: true, costPence: 900, systemCapCostPence: 1000, capCostPence: 1200 })).toBe(
      'off_framework',
    );
  });

  it('refuses off-framework use for unregistered clinical and non-clinical groups only', () => {
    expect(offFrameworkRefused('registered_clinical')).toBe(false);
    expect(offFrameworkRefused('unregistered_clinical')).toBe(true);
    expect(offFrameworkRefused('non_clinical')).toBe(true);
  });

  it('offers agencies for admin and estates shifts only with an exemption reference', () => {
    expect(agencyAllowed('admin', null)).toBe(false);
    expect(agencyAllowed('estates', 'EX-2025-014')).toBe(true);
    expect(agencyAllowed('nursing', null)).toBe(true);
  });
});
