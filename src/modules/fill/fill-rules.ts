import { type SignoffLevel, signoffRank } from '../../core/auth/api-key.entity.js';
import type { RuleClass } from '../reference/staff-groups.js';
import { effectiveHourlyRatePence } from '../time-bands/costing.js';

/**
 * The rules of domain.md sections 8 (sign-off levels) and 10 (bank-worker eligibility, ranking,
 * agency tiers) as pure functions over facts the database has already gathered.
 */

// ---------------------------------------------------------------------------------------------
// Sign-off (section 8)

export interface SignoffSettings {
  /** Agency charge at or above this multiple of the cap cost needs executive sign-off (default 1.5). */
  executiveSignoffRatio: number;
  /** Effective hourly rate, pence, at or above which chief-executive sign-off is needed (default 10000). */
  ceoSignoffRatePence: number;
}

export interface SignoffFacts {
  type: 'bank' | 'agency';
  chargePence: number;
  /** Cost at the national cap; null when no cap is in force (the cap rules then cannot apply). */
  capCostPence: number | null;
  paidMinutes: number;
  /** Agency contract with no approved framework. */
  offFramework: boolean;
}

/** May an approver at `approverLevel` sign off a booking that needs `required`? */
export const signoffCovers = (approverLevel: SignoffLevel, required: SignoffLevel): boolean =>
  signoffRank(approverLevel) >= signoffRank(required);

/** The highest sign-off level that applies to a booking, or null when none is needed. */
export function requiredSignoff(facts: SignoffFacts, settings: SignoffSettings): SignoffLevel | null {
  const levels: SignoffLevel[] = [];
  if (facts.type === 'agency' && facts.capCostPence !== null) {
    if (facts.chargePence > facts.capCostPence) levels.push('senior_manager');
    // charge ≥ ratio × capCost, in integers: the ratio has at most three decimals.
    const ratioThousandths = Math.round(settings.executiveSignoffRatio * 1000);
    if (facts.chargePence * 1000 >= ratioThousandths * facts.capCostPence) levels.push('executive');
  }
  if (
    facts.paidMinutes > 0 &&
    effectiveHourlyRatePence(facts.chargePence, facts.paidMinutes) >= settings.ceoSignoffRatePence
  ) {
    levels.push('chief_executive');
  }
  if (facts.type === 'agency' && facts.offFramework) levels.push('chief_executive');
  return levels.reduce<SignoffLevel | null>(
    (highest, level) => (signoffRank(level) > signoffRank(highest) ? level : highest),
    null,
  );
}

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
