import { describe, expect, it } from '@jest/globals';
import { ConflictError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { type LadderFacts, rankLadder, type WorkerOnLadder } from '../fill/index.js';
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
    shiftGrade: 'band5',
    ruleClass: 'registered_clinical',
    bandMinutes: { day: 720 },
    times: { elapsed: 720, paid: 660 },
    settings: { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000 },
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
    ...overrides,
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
