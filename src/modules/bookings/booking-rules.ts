import type { SignoffLevel } from '../../core/auth/api-key.entity.js';
import { ConflictError, RuleViolationError } from '../../core/errors/domain-errors.js';
import {
  type LadderListing,
  ladderView,
  LISTED_ON_LADDER,
  type RankedLadder,
  refuseSupportWorkerAgency,
  requiredSignoff,
} from '../fill/index.js';
import type { BandValues } from '../time-bands/index.js';
import { costPence, missingRates, type ReleaseStage } from '../time-bands/index.js';

/**
 * Booking a shift from its ladder (docs/rules.md sections 7, 8 and 10), as a pure function: every way a
 * booking is made (the api, an import, the demo's generator) decides it here, on the facts of the
 * ladder at that moment, and records what this answers.
 */

export interface BookingRequest {
  type: 'bank' | 'agency';
  bankWorkerId?: string | null;
  agencyContractId?: string | null;
  /** Rates the booking states; by default the card's bank rates or the contract's charge rates. */
  ratesPence?: BandValues | null;
  bypassReason?: string | null;
  /** The agency worker an agency booking names (agencyWorkerOf), if any. */
  agencyWorkerId?: string | null;
  /** What an agency charge is made of, per band (a submission's): worker pay and agency fee per hour. */
  split?: ChargeSplit | null;
}

export interface ChargeSplit {
  workerPayPence?: BandValues | null;
  agencyFeePence?: BandValues | null;
}

export interface BookingPolicy {
  /**
   * `refuse`: an agency booking while a bank worker is eligible needs a bypass reason (the api).
   * `record`: a booking another system already made (an import, the demo's history) is recorded
   * with its ladder, so compliance opens `BANK_FIRST_BYPASSED` for it; nor is it held to the
   * release cascade (docs/rules.md section 10a) or the support-worker agency ban (compliance opens
   * `SUPPORT_WORKER_AGENCY` for it instead).
   */
  bankFirst: 'refuse' | 'record';
  /** How much of the ladder the booking keeps as its snapshot. */
  snapshot?: LadderListing;
}

export const BOOKED_IN_THE_API: BookingPolicy = { bankFirst: 'refuse' };
export const RECORDED_FROM_ELSEWHERE: BookingPolicy = { bankFirst: 'record' };
/**
 * A submission priced as its booking would be (docs/rules.md section 14), but refused neither for an
 * eligible bank worker (the rota manager who accepts it gives that reason) nor for the cascade (the
 * agency sees only what is released to it); it keeps no ladder.
 */
export const PRICED_FOR_SUBMISSION: BookingPolicy = { bankFirst: 'record', snapshot: { perTier: 0, ineligible: 0 } };

export interface BookingDecision {
  type: 'bank' | 'agency';
  bankWorkerId: string | null;
  agencyContractId: string | null;
  status: 'pending_approval' | 'confirmed';
  ratesPence: BandValues;
  costPence: number;
  paidMinutes: number;
  requiredSignoff: SignoffLevel | null;
  bypassReason: string | null;
  agencyWorkerId: string | null;
  workerPayRatesPence: BandValues | null;
  agencyFeeRatesPence: BandValues | null;
  /** The agency fee over the booked times, where the split names it. */
  agencyFeePence: number | null;
  ladder: ReturnType<typeof ladderView>;
  eligibleBankCount: number;
  bestBankCostPence: number | null;
}

/** Prices and checks a booking of `request` from `ladder`; throws the 409 or 422 the rules give. */
export function decideBooking(ladder: RankedLadder, request: BookingRequest, policy: BookingPolicy): BookingDecision {
  const bankOptions = ladder.tiers.filter((tier) => tier.tier.endsWith('bank')).flatMap((tier) => tier.options);
  if (policy.bankFirst === 'refuse') refuseUnreleased(ladder, request);
  const { rates, offFramework } =
    request.type === 'bank'
      ? bankRates(ladder, request, bankOptions)
      : agencyRates(ladder, request, bankOptions.length, policy);
  const cost = costPence(ladder.bandMinutes, rates, ladder.times);
  if (cost === null) {
    throw new RuleViolationError(
      'NO_RATE_DEFINED',
      `No rate for ${missingRates(ladder.bandMinutes, rates).join(', ')}: give ratesPence for every band the shift touches`,
      [{ field: 'ratesPence', message: 'missing bands' }],
    );
  }
  const signoff = requiredSignoff(
    {
      type: request.type,
      chargePence: cost,
      capCostPence: ladder.capCostPence,
      paidMinutes: ladder.times.paid,
      offFramework,
    },
    ladder.settings,
  );
  return {
    type: request.type,
    bankWorkerId: request.type === 'bank' ? request.bankWorkerId! : null,
    agencyContractId: request.type === 'agency' ? request.agencyContractId! : null,
    status: signoff ? 'pending_approval' : 'confirmed',
    ratesPence: rates,
    costPence: cost,
    paidMinutes: ladder.times.paid,
    requiredSignoff: signoff,
    bypassReason: request.bypassReason ?? null,
    agencyWorkerId: request.type === 'agency' ? (request.agencyWorkerId ?? null) : null,
    ...splitOf(ladder, rates, request.type === 'agency' ? request.split : null),
    // Enough to answer "was a bank worker available?" later; the count is eligibleBankCount.
    ladder: ladderView(ladder, policy.snapshot ?? LISTED_ON_LADDER),
    eligibleBankCount: bankOptions.length,
    bestBankCostPence: bankOptions[0]?.costPence ?? null,
  };
}

/**
 * The split of an agency charge, refused (422) where a band's worker pay and fee together come to
 * more than its charge rate, or name a band the charge does not; with the fee's cost over the shift.
 */
export function splitOf(
  ladder: Pick<RankedLadder, 'bandMinutes' | 'times'>,
  rates: BandValues,
  split?: ChargeSplit | null,
) {
  const pay = split?.workerPayPence ?? null;
  const fee = split?.agencyFeePence ?? null;
  const errors = [];
  for (const [field, values] of [
    ['workerPayPence', pay],
    ['agencyFeePence', fee],
  ] as const) {
    for (const band of Object.keys(values ?? {}))
      if (rates[band as keyof BandValues] === undefined)
        errors.push({ field: `${field}.${band}`, message: 'the charge has no rate for this band' });
  }
  for (const [band, rate] of Object.entries(rates)) {
    const parts = (pay?.[band as keyof BandValues] ?? 0) + (fee?.[band as keyof BandValues] ?? 0);
    if (parts > (rate ?? 0))
      errors.push({
        field: `agencyFeePence.${band}`,
        message: `worker pay and fee come to ${parts}p, above the ${rate}p charge`,
      });
  }
  if (errors.length > 0)
    throw new RuleViolationError('SPLIT_ABOVE_CHARGE', 'Worker pay and agency fee must fit within the charge', errors);
  return {
    workerPayRatesPence: pay,
    agencyFeeRatesPence: fee,
    agencyFeePence: fee ? costPence(ladder.bandMinutes, { ...zeroed(rates), ...fee }, ladder.times) : null,
  };
}

const zeroed = (rates: BandValues): BandValues =>
  Object.fromEntries(Object.keys(rates).map((band) => [band, 0])) as BandValues;

type BankOptions = RankedLadder['tiers'][number]['options'];

/** An option may be booked only once its cascade stage is released (docs/rules.md section 10a). */
function refuseUnreleased(ladder: RankedLadder, request: BookingRequest): void {
  const option = ladder.tiers
    .flatMap((tier) => tier.options)
    .find((candidate) =>
      request.type === 'bank'
        ? candidate.bankWorkerId === request.bankWorkerId
        : candidate.agencyContractId === request.agencyContractId,
    );
  if (!option || option.released) return;
  const releaseAt = option.releaseAt.toISOString();
  throw new RuleViolationError(
    'NOT_YET_RELEASED',
    `The shift is not yet released to ${STAGE_WORDS[option.stage]}: it is from ${releaseAt} (a rota manager may release it early, with a reason)`,
    [
      {
        field: request.type === 'bank' ? 'bankWorkerId' : 'agencyContractId',
        message: `not released until ${releaseAt}`,
      },
    ],
    { releaseAt, stage: option.stage },
  );
}

const STAGE_WORDS: Record<ReleaseStage, string> = {
  own_bank: 'its own bank',
  collaborative_bank: 'the collaborative bank',
  agency_tier_1: 'tier 1 agencies',
  agency_tier_2: 'tier 2 agencies',
  agency_tier_3: 'tier 3 and off-framework agencies',
};

function bankRates(ladder: RankedLadder, request: BookingRequest, bankOptions: BankOptions) {
  if (!bankOptions.some((option) => option.bankWorkerId === request.bankWorkerId))
    refuseWorker(ladder, request.bankWorkerId!);
  return { rates: request.ratesPence ?? ladder.bankRates, offFramework: false };
}

function agencyRates(ladder: RankedLadder, request: BookingRequest, eligibleBank: number, policy: BookingPolicy) {
  if (policy.bankFirst === 'refuse')
    refuseSupportWorkerAgency(ladder.settings, { staffGroup: ladder.staffGroup, grade: ladder.shiftGrade });
  // A booking made elsewhere despite the ban is recorded at its contract's rates.
  const withheld = policy.bankFirst === 'record' ? ladder.withheldAgency : [];
  const option = [...ladder.tiers.flatMap((tier) => tier.options), ...withheld].find(
    (candidate) => candidate.agencyContractId === request.agencyContractId,
  );
  if (!option) {
    throw new RuleViolationError(
      'AGENCY_NOT_OFFERED',
      'The contract is not an option for this shift: not active for the system on its date, no rate for its grade and bands, or an admin or estates shift without an exemption reference',
    );
  }
  if (option.refused)
    throw new RuleViolationError('OFF_FRAMEWORK_REFUSED', 'Off-framework agency is refused for this staff group');
  if (eligibleBank > 0 && !request.bypassReason && policy.bankFirst === 'refuse') {
    throw new RuleViolationError(
      'BANK_FIRST',
      `${eligibleBank} eligible bank worker(s) could fill this shift: give a bypassReason to book an agency`,
      [{ field: 'bypassReason', message: 'required while a bank worker is eligible' }],
    );
  }
  return {
    rates: request.ratesPence ?? ladder.agencyRates.get(request.agencyContractId!)!,
    offFramework: option.framework === null,
  };
}

/** Why a bank worker is not on the ladder: 409 when only another booking is in the way, else 422. */
function refuseWorker(ladder: RankedLadder, bankWorkerId: string): never {
  const entry = ladder.ineligible.find((candidate) => candidate.bankWorkerId === bankWorkerId);
  if (!entry)
    throw new RuleViolationError(
      'BANK_WORKER_NOT_A_CANDIDATE',
      'The worker is not a bank worker of this system and staff group',
    );
  if (entry.reasons.length === 1 && entry.reasons[0] === 'OVERLAP') {
    throw new ConflictError('The bank worker is booked elsewhere at that time');
  }
  throw new RuleViolationError('BANK_WORKER_INELIGIBLE', `The worker is not eligible: ${entry.reasons.join(', ')}`, [
    { field: 'bankWorkerId', message: entry.reasons.join(', ') },
  ]);
}
