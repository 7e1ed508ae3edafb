import type { SignoffLevel } from '../../core/auth/api-key.entity.js';
import { requiredSignoff, type SignoffSettings } from './signoff-rules.js';
import { supportWorkerAgencyBanned, type SupportWorkerBanSettings } from './support-worker-ban.js';
import type { RuleClass } from '../time-bands/index.js';
import type { BandValues } from '../time-bands/index.js';
import { costPence, type PaidMinutes } from '../time-bands/index.js';
import { type ReleaseStage, stageOf } from '../time-bands/index.js';

/**
 * The rules of docs/rules.md section 10 (bank-worker eligibility, ranking, agency tiers) as pure
 * functions over facts the database has already gathered; sign-off levels (section 8) are in
 * signoff-rules.ts, the support-worker agency ban in support-worker-ban.ts.
 */

// ---------------------------------------------------------------------------------------------
// Bank-worker eligibility and ranking (section 10)

export const INELIGIBILITY_REASONS = [
  'INACTIVE',
  'GRADE_TOO_LOW',
  'NOT_CLEARED',
  'OVERLAP',
  'REST_UNDER_11H',
  'WEEKLY_LIMIT',
] as const;
export type IneligibilityReason = (typeof INELIGIBILITY_REASONS)[number];

export const MIN_REST_MINUTES = 11 * 60;
export const WEEKLY_LIMIT_HOURS = 48;
export const REFERENCE_WEEKS = 17;

export interface CandidateFacts {
  active: boolean;
  /** Rank of the worker's grade and of the shift's grade in the staff group (higher is more senior). */
  gradeRank: number;
  shiftGradeRank: number;
  ownTrust: boolean;
  clearedForTrust: boolean;
  /** Another active booking of the worker overlaps the shift, at any trust. */
  overlaps: boolean;
  /** Shortest gap, in minutes, between the shift and another active booking either side (null: none near). */
  nearestGapMinutes: number | null;
  /** Paid minutes of the worker's active bookings in the 17 weeks ending with this shift, this shift excluded. */
  bookedMinutesInReferencePeriod: number;
  shiftPaidMinutes: number;
  contractedWeeklyHours: number;
  optedOutOfWeeklyLimit: boolean;
}

/** Every reason the worker may not take the shift; empty when eligible. */
export function ineligibility(facts: CandidateFacts): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  if (!facts.active) reasons.push('INACTIVE');
  if (facts.gradeRank < facts.shiftGradeRank) reasons.push('GRADE_TOO_LOW');
  if (!facts.ownTrust && !facts.clearedForTrust) reasons.push('NOT_CLEARED');
  if (facts.overlaps) reasons.push('OVERLAP');
  else if (facts.nearestGapMinutes !== null && facts.nearestGapMinutes < MIN_REST_MINUTES)
    reasons.push('REST_UNDER_11H');
  if (!facts.optedOutOfWeeklyLimit) {
    // (booked paid hours in the 17 weeks, this shift included) ÷ 17 + contracted hours ≤ 48, in
    // exact integers: minutes × 100 against hours scaled to minutes × 17 × 100.
    const bookedMinutes = facts.bookedMinutesInReferencePeriod + facts.shiftPaidMinutes;
    const contractedHundredths = Math.round(facts.contractedWeeklyHours * 100);
    const averageTimes17x100 = bookedMinutes * 100 + contractedHundredths * 60 * REFERENCE_WEEKS;
    if (averageTimes17x100 > WEEKLY_LIMIT_HOURS * 60 * REFERENCE_WEEKS * 100) reasons.push('WEEKLY_LIMIT');
  }
  return reasons;
}

export interface RankedCandidate {
  bankWorkerId: string;
  exactGrade: boolean;
  ownTrust: boolean;
  bookedMinutesLast28Days: number;
  shiftsOnWard: number;
  costPence: number | null;
}

/**
 * Exact grade first, then own trust, then fewest booked hours in the previous 28 days, then most
 * shifts worked on the same ward, then lower cost; the worker id breaks any remaining tie so the
 * ladder is the same every time it is asked.
 */
export function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  return (
    Number(b.exactGrade) - Number(a.exactGrade) ||
    Number(b.ownTrust) - Number(a.ownTrust) ||
    a.bookedMinutesLast28Days - b.bookedMinutesLast28Days ||
    b.shiftsOnWard - a.shiftsOnWard ||
    (a.costPence ?? Number.MAX_SAFE_INTEGER) - (b.costPence ?? Number.MAX_SAFE_INTEGER) ||
    a.bankWorkerId.localeCompare(b.bankWorkerId)
  );
}

// ---------------------------------------------------------------------------------------------
// Agency tiers (section 10)

export const LADDER_TIERS = [
  'own_bank',
  'collaborative_bank',
  'agency_within_system_cap',
  'agency_within_national_cap',
  'agency_above_cap',
  'off_framework',
] as const;
export type LadderTier = (typeof LADDER_TIERS)[number];

export interface AgencyOptionFacts {
  offFramework: boolean;
  costPence: number;
  systemCapCostPence: number | null;
  capCostPence: number | null;
}

/**
 * The ladder tier of an agency option. Without a system card in force nothing is "within the
 * system cap"; without a national card nothing is "within the national cap".
 */
export function agencyTier(option: AgencyOptionFacts): LadderTier {
  if (option.offFramework) return 'off_framework';
  if (option.systemCapCostPence !== null && option.costPence <= option.systemCapCostPence)
    return 'agency_within_system_cap';
  if (option.capCostPence !== null && option.costPence <= option.capCostPence) return 'agency_within_national_cap';
  return 'agency_above_cap';
}

/** Off-framework agency is refused outright for unregistered clinical and non-clinical staff groups. */
export const offFrameworkRefused = (ruleClass: RuleClass): boolean => ruleClass !== 'registered_clinical';

/** Admin and estates shifts list no agency option unless the shift carries an exemption reference. */
export const agencyAllowed = (staffGroup: string, exemptionRef: string | null): boolean =>
  !['admin', 'estates'].includes(staffGroup) || (exemptionRef !== null && exemptionRef !== '');

// ---------------------------------------------------------------------------------------------
// The ladder (section 10): the facts of one shift, ranked into tiers

/** A bank worker of the shift's system and staff group, with every fact their eligibility and rank need. */
export interface WorkerOnLadder {
  bankWorkerId: string;
  displayName: string;
  homeTrustId: string;
  grade: string;
  facts: CandidateFacts;
  bookedMinutesLast28Days: number;
  shiftsOnWard: number;
}

/** An agency contract in force for the shift's system on its date, with its charge rates for the shift's line. */
export interface ContractOnLadder {
  agencyId: string;
  agencyName: string;
  agencyContractId: string;
  contractTier: number;
  framework: string | null;
  rates: BandValues;
}

/** The system settings a ladder and a booking from it follow. */
export type LadderSettings = SignoffSettings & SupportWorkerBanSettings;

export interface LadderFacts {
  shiftId: string;
  staffGroup: string;
  shiftGrade: string;
  ruleClass: RuleClass;
  bandMinutes: BandValues;
  times: PaidMinutes;
  settings: LadderSettings;
  /** The system card's bank rates for the shift's line (empty when no card is in force). */
  bankRates: BandValues;
  capCostPence: number | null;
  systemCapCostPence: number | null;
  cardCostPence: number | null;
  /** Admin and estates shifts take an agency only with an exemption reference (`agencyAllowed`). */
  agencyAllowed: boolean;
  workers: WorkerOnLadder[];
  contracts: ContractOnLadder[];
  /** The shift's release instants (docs/rules.md section 10a) and the time to judge them at. */
  releases: { instants: Record<ReleaseStage, Date>; now: Date };
}

export interface LadderOption {
  bankWorkerId?: string;
  displayName?: string;
  homeTrustId?: string;
  grade?: string;
  agencyId?: string;
  agencyName?: string;
  agencyContractId?: string;
  contractTier?: number;
  framework?: string | null;
  costPence: number | null;
  signoffLevel?: SignoffLevel | null;
  refused?: boolean;
  /** The cascade stage the option belongs to, when it is released, and whether it is now. */
  stage: ReleaseStage;
  releaseAt: Date;
  released: boolean;
}

type UnstagedOption = Omit<LadderOption, 'stage' | 'releaseAt' | 'released'>;

/** The cascade stage of an option of a ladder tier: bank by its tier, agency by its contract's tier. */
export function optionStage(tier: LadderTier, option: UnstagedOption): ReleaseStage {
  if (tier === 'own_bank' || tier === 'collaborative_bank') return stageOf({ kind: tier });
  return stageOf({ kind: 'agency', contractTier: option.contractTier ?? 3, offFramework: tier === 'off_framework' });
}

export interface IneligibleWorker {
  bankWorkerId: string;
  displayName: string;
  reasons: IneligibilityReason[];
}

/** The ranked ladder, with what booking from it needs: rates and settings. */
export interface RankedLadder {
  shiftId: string;
  capCostPence: number | null;
  systemCapCostPence: number | null;
  cardCostPence: number | null;
  staffGroup: string;
  shiftGrade: string;
  tiers: { tier: LadderTier; total: number; options: LadderOption[] }[];
  /**
   * The system's support-worker agency ban covers the shift: the tiers list no agency option, and
   * `withheldAgency` holds the options it removed, for recording a booking made elsewhere.
   */
  agencyBanned: boolean;
  withheldAgency: LadderOption[];
  ineligible: IneligibleWorker[];
  bandMinutes: BandValues;
  times: PaidMinutes;
  settings: LadderSettings;
  bankRates: BandValues;
  /** Charge rates of every contract on the ladder, by contract id. */
  agencyRates: Map<string, BandValues>;
}

/** Every eligible worker ranked into the bank tiers, every contract that can quote into the agency tiers. */
export function rankLadder(facts: LadderFacts): RankedLadder {
  const tiers = new Map<LadderTier, UnstagedOption[]>(LADDER_TIERS.map((tier) => [tier, []]));
  const { eligible, ineligible } = rankWorkers(facts);
  for (const { worker, ranked } of eligible)
    tiers.get(ranked.ownTrust ? 'own_bank' : 'collaborative_bank')!.push({
      bankWorkerId: worker.bankWorkerId,
      displayName: worker.displayName,
      homeTrustId: worker.homeTrustId,
      grade: worker.grade,
      costPence: ranked.costPence,
    });
  const agencyRates = new Map<string, BandValues>();
  const agencyBanned = supportWorkerAgencyBanned(facts.settings, {
    staffGroup: facts.staffGroup,
    grade: facts.shiftGrade,
  });
  const withheld: { tier: LadderTier; option: UnstagedOption }[] = [];
  if (facts.agencyAllowed) {
    for (const { tier, option, rates } of agencyOptions(facts)) {
      if (agencyBanned) withheld.push({ tier, option });
      else tiers.get(tier)!.push(option);
      agencyRates.set(option.agencyContractId!, rates);
    }
  }
  const { instants, now } = facts.releases;
  const stagedOption = (tier: LadderTier, option: UnstagedOption): LadderOption => {
    const stage = optionStage(tier, option);
    return { ...option, stage, releaseAt: instants[stage], released: instants[stage].getTime() <= now.getTime() };
  };
  const staged = (tier: LadderTier): LadderOption[] => tiers.get(tier)!.map((option) => stagedOption(tier, option));
  return {
    shiftId: facts.shiftId,
    capCostPence: facts.capCostPence,
    systemCapCostPence: facts.systemCapCostPence,
    cardCostPence: facts.cardCostPence,
    staffGroup: facts.staffGroup,
    shiftGrade: facts.shiftGrade,
    tiers: LADDER_TIERS.map((tier) => ({ tier, total: tiers.get(tier)!.length, options: staged(tier) })),
    agencyBanned,
    withheldAgency: withheld.map(({ tier, option }) => stagedOption(tier, option)),
    ineligible,
    bandMinutes: facts.bandMinutes,
    times: facts.times,
    settings: facts.settings,
    bankRates: facts.bankRates,
    agencyRates,
  };
}

function rankWorkers(facts: LadderFacts) {
  const eligible: { worker: WorkerOnLadder; ranked: RankedCandidate }[] = [];
  const ineligible: IneligibleWorker[] = [];
  for (const worker of facts.workers) {
    const reasons = ineligibility(worker.facts);
    if (reasons.length > 0) {
      // A worker not cleared for this trust: their bookings elsewhere are none of its business.
      ineligible.push({
        bankWorkerId: worker.bankWorkerId,
        displayName: worker.displayName,
        reasons: reasons.includes('NOT_CLEARED') ? ['NOT_CLEARED'] : reasons,
      });
      continue;
    }
    eligible.push({
      worker,
      ranked: {
        bankWorkerId: worker.bankWorkerId,
        exactGrade: worker.grade === facts.shiftGrade,
        ownTrust: worker.facts.ownTrust,
        bookedMinutesLast28Days: worker.bookedMinutesLast28Days,
        shiftsOnWard: worker.shiftsOnWard,
        costPence: facts.cardCostPence,
      },
    });
  }
  eligible.sort((a, b) => compareCandidates(a.ranked, b.ranked));
  ineligible.sort((a, b) => a.reasons.length - b.reasons.length || a.bankWorkerId.localeCompare(b.bankWorkerId));
  return { eligible, ineligible };
}

/** Contracts in tier order, then cost; a contract without a rate for every band the shift touches cannot quote. */
function agencyOptions(facts: LadderFacts) {
  const options: { tier: LadderTier; option: UnstagedOption; rates: BandValues }[] = [];
  for (const contract of facts.contracts) {
    const cost = costPence(facts.bandMinutes, contract.rates, facts.times);
    if (cost === null) continue;
    const offFramework = contract.framework === null;
    const { rates, ...described } = contract;
    options.push({
      tier: agencyTier({
        offFramework,
        costPence: cost,
        systemCapCostPence: facts.systemCapCostPence,
        capCostPence: facts.capCostPence,
      }),
      rates,
      option: {
        ...described,
        costPence: cost,
        signoffLevel: requiredSignoff(
          {
            type: 'agency',
            chargePence: cost,
            capCostPence: facts.capCostPence,
            paidMinutes: facts.times.paid,
            offFramework,
          },
          facts.settings,
        ),
        refused: offFramework && offFrameworkRefused(facts.ruleClass),
      },
    });
  }
  return options.sort(
    (a, b) =>
      a.option.contractTier! - b.option.contractTier! ||
      a.option.costPence! - b.option.costPence! ||
      a.option.agencyContractId!.localeCompare(b.option.agencyContractId!),
  );
}

export interface LadderListing {
  perTier: number;
  ineligible: number;
}

/** How many options of each tier, and how many ineligible workers, the ladder lists (the rest only count). */
export const LISTED_ON_LADDER: LadderListing = { perTier: 25, ineligible: 50 };

/** The ladder as shown, and kept in a booking's snapshot: the best few of each tier with the tier's total. */
export function ladderView(ladder: RankedLadder, listed: LadderListing = LISTED_ON_LADDER) {
  return {
    shiftId: ladder.shiftId,
    capCostPence: ladder.capCostPence,
    systemCapCostPence: ladder.systemCapCostPence,
    cardCostPence: ladder.cardCostPence,
    agencyBanned: ladder.agencyBanned,
    tiers: ladder.tiers.map((tier) => ({ ...tier, options: tier.options.slice(0, listed.perTier) })),
    ineligible: ladder.ineligible.slice(0, listed.ineligible),
  };
}
