import { describe, expect, it } from '@jest/globals';
import type { RankedLadder } from './fill-rules.js';
import { cheapestAgencyPence, suggestionFrom } from './suggestions.js';

const released = { stage: 'own_bank' as const, releaseAt: new Date(0), released: true };
const bank = (id: string, costPence: number) => ({
  bankWorkerId: id,
  displayName: `Nurse ${id}`,
  homeTrustId: 'trust',
  grade: 'band5',
  costPence,
  ...released,
});
const agency = (id: string, costPence: number, refused = false) => ({
  agencyContractId: id,
  agencyName: id,
  contractTier: 1,
  costPence,
  refused,
  ...released,
});
const ladder = (tiers: Partial<Record<string, object[]>>): RankedLadder =>
  ({
    tiers: ['own_bank', 'collaborative_bank', 'agency_within_system_cap', 'agency_above_cap', 'off_framework'].map(
      (tier) => ({ tier, total: tiers[tier]?.length ?? 0, options: tiers[tier] ?? [] }),
    ),
  }) as unknown as RankedLadder;

describe('fill suggestions from a ladder', () => {
  it('names the three best bank workers, own bank first, and the saving against the best', () => {
    const facts = suggestionFrom(
      ladder({
        own_bank: [bank('a', 19_800), bank('b', 21_000)],
        collaborative_bank: [bank('c', 18_000), bank('d', 17_000)],
        agency_within_system_cap: [agency('x', 27_500)],
      }),
      27_500,
    );
    expect(facts?.candidates.map((candidate) => candidate.bankWorkerId)).toEqual(['a', 'b', 'c']);
    expect(facts).toMatchObject({ agencyCostPence: 27_500, savingPence: 7_700 });
  });

  it('raises none without a bank worker, without an agency cost, or when the bank saves nothing', () => {
    expect(suggestionFrom(ladder({ agency_within_system_cap: [agency('x', 27_500)] }), 27_500)).toBeNull();
    expect(suggestionFrom(ladder({ own_bank: [bank('a', 19_800)] }), null)).toBeNull();
    // A penny dearer than the agency, and exactly the same: no saving.
    expect(suggestionFrom(ladder({ own_bank: [bank('a', 27_501)] }), 27_500)).toBeNull();
    expect(suggestionFrom(ladder({ own_bank: [bank('a', 27_500)] }), 27_500)).toBeNull();
    expect(suggestionFrom(ladder({ own_bank: [bank('a', 27_499)] }), 27_500)?.savingPence).toBe(1);
  });

  it('takes the cheapest agency option the rules do not refuse', () => {
    expect(
      cheapestAgencyPence(
        ladder({
          agency_within_system_cap: [agency('x', 27_500)],
          agency_above_cap: [agency('y', 40_000)],
          off_framework: [agency('z', 20_000, true)],
        }),
      ),
    ).toBe(27_500);
    expect(cheapestAgencyPence(ladder({ off_framework: [agency('z', 20_000, true)] }))).toBeNull();
  });
});
