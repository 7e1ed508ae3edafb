import { type SignoffLevel, signoffRank } from '../../core/auth/api-key.entity.js';
import { effectiveHourlyRatePence } from '../time-bands/index.js';

/** The sign-off levels of docs/rules.md section 8, as pure functions. */

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
