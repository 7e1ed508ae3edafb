import { RuleViolationError } from '../../core/errors/domain-errors.js';
import { agencyTier, type LadderOption, type LadderTier, type RankedLadder } from '../fill/index.js';
import type { CapPosition } from '../agencies/index.js';
import type { BandValues } from '../time-bands/index.js';

/** A ladder option of an agency, with the ladder tier it sits in. */
export type AgencyOption = LadderOption & { tier: LadderTier };

/**
 * What an agency sees of a shift's ladder (docs/rules.md section 14): its options (one per contract
 * active on the shift's date with a line for its staff group and grade), released ones only, the
 * preferred tier first; null when none is released to it. The ladder's own rules (admin and estates
 * exemptions, the cascade) decide what is there.
 */
export function agencyOptionOf(ladder: RankedLadder, agencyId: string): AgencyOption | null {
  const options = ladder.tiers.flatMap((tier) =>
    tier.options
      .filter((option) => option.agencyId === agencyId && option.released)
      .map((option) => ({ ...option, tier: tier.tier })),
  );
  options.sort((a, b) => (a.contractTier ?? 3) - (b.contractTier ?? 3));
  return options[0] ?? null;
}

/** Where a cost stands against the caps: the agency tier of the ladder it would sit in. */
export function capPosition(ladder: RankedLadder, offFramework: boolean, costPence: number): CapPosition {
  const tier = agencyTier({
    offFramework,
    costPence,
    capCostPence: ladder.capCostPence,
    systemCapCostPence: ladder.systemCapCostPence,
  });
  return tier.replace(/^agency_/, '') as CapPosition;
}

/**
 * The rates a submission charges: the contract line's, band by band, where it states none; refused
 * (422) where it states one above the line, or for a band the shift does not touch.
 */
export function submittedRates(
  ladder: Pick<RankedLadder, 'bandMinutes'>,
  contract: BandValues,
  stated: Record<string, number> | undefined,
): BandValues {
  const errors = [];
  const touched = Object.entries(ladder.bandMinutes).filter(([, minutes]) => (minutes ?? 0) > 0);
  const charged = Object.fromEntries(touched.map(([band]) => [band, contract[band as keyof BandValues]])) as BandValues;
  for (const [band, rate] of Object.entries(stated ?? {})) {
    const line = charged[band as keyof BandValues];
    if (line === undefined) errors.push({ field: `ratesPence.${band}`, message: 'the shift does not touch this band' });
    else if (rate > line)
      errors.push({
        field: `ratesPence.${band}`,
        message: `${money(rate)} is above the contract line’s ${money(line)}`,
      });
  }
  if (errors.length > 0)
    throw new RuleViolationError(
      'RATE_ABOVE_CONTRACT',
      'A submission may charge at most its contract line’s rates, for the bands the shift touches',
      errors,
    );
  return { ...charged, ...(stated as BandValues | undefined) };
}

/** Whole pence as pounds, "£35.01", for the rules' messages. */
const money = (pence: number): string => `£${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
