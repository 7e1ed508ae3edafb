import type { RateCardDiffView, RateCardLineView } from '../rate-cards/index.js';
import { STAFF_GROUPS, type StaffGroupDefinition } from '../time-bands/index.js';
import { BAND_NAMES, bandName, gradeName, pounds, staffGroupName } from './words.js';

/** What the rate-card pages show of a card and its lines: pure view models, no services. */

/** Where a card stands today: a draft, or published and in force, still to come, or over. */
export type CardStanding = 'draft' | 'in_force' | 'scheduled' | 'past';

/**
 * A card's standing, given the ids the service says are in force today. A published card not in
 * force is scheduled when it starts after today, else past (superseded or ended).
 */
export function standingOf(
  card: { id: string; status: string; effectiveFrom: string },
  inForce: ReadonlySet<string>,
  today: string,
): CardStanding {
  if (card.status !== 'published') return 'draft';
  if (inForce.has(card.id)) return 'in_force';
  return card.effectiveFrom > today ? 'scheduled' : 'past';
}

/** The bands in the order people read a week: days, nights, the weekend, bank holidays. */
const READING_ORDER = ['day', 'night', 'saturday', 'sunday', 'bank_holiday', 'core', 'unsocial'];

export const bandsInReadingOrder = (group: StaffGroupDefinition): string[] =>
  [...group.bands].sort((a, b) => READING_ORDER.indexOf(a) - READING_ORDER.indexOf(b));

export interface GradeRow {
  key: string;
  name: string;
  anchor: string;
  editHref: string | null;
  /** One per band of the group's scheme, in reading order; null where the card has no line. */
  cells: ({ bankRatePence: number | null; agencyCapPence: number } | null)[];
}

export interface StaffGroupTable {
  key: string;
  name: string;
  anchor: string;
  bands: { key: string; name: string; hours: string }[];
  grades: GradeRow[];
}

/**
 * A card's lines as one table per staff group (in the NHS Data Dictionary's order), a row per grade
 * (lowest first) and a column per band; `editBase` (a draft's address) adds each grade's change link.
 */
export function cardTables(lines: readonly RateCardLineView[], editBase: string | null): StaffGroupTable[] {
  return STAFF_GROUPS.flatMap((group) => {
    const ofGroup = lines.filter((line) => line.staffGroup === group.key);
    if (ofGroup.length === 0) return [];
    const bands = bandsInReadingOrder(group);
    const grades = group.grades
      .filter((grade) => ofGroup.some((line) => line.grade === grade))
      .map((grade) => ({
        key: grade,
        name: gradeName(grade),
        anchor: `${group.key}-${grade}`,
        editHref: editBase ? `${editBase}/lines/${group.key}/${grade}` : null,
        cells: bands.map((band) => {
          const line = ofGroup.find((candidate) => candidate.grade === grade && candidate.band === band);
          return line ? { bankRatePence: line.bankRatePence, agencyCapPence: line.agencyCapPence } : null;
        }),
      }));
    return [
      {
        key: group.key,
        name: group.name,
        anchor: group.key,
        bands: bands.map((band) => ({ key: band, ...(BAND_NAMES[band] ?? { name: band, hours: '' }) })),
        grades,
      },
    ];
  });
}

const SIGNED_POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', signDisplay: 'exceptZero' });
const SIGNED_PERCENT = new Intl.NumberFormat('en-GB', {
  signDisplay: 'exceptZero',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** A change of `from` to `to` pence: "+£1.50" and "+8.3%" (a percentage of `from`, to one decimal). */
export function difference(from: number, to: number): { pounds: string; percent: string } {
  const pence = to - from;
  // Tenths of a per cent, rounded half away from zero in integers; shown, never stored.
  const tenths = Math.sign(pence) * Math.round((Math.abs(pence) * 1000) / from);
  return { pounds: SIGNED_POUNDS.format(pence / 100), percent: `${SIGNED_PERCENT.format(tenths / 10)}%` };
}

export interface ValueChange {
  where: string;
  band: string;
  rate: string;
  before: string;
  after: string;
  difference: string;
  percent: string;
}

export interface LineRow {
  where: string;
  band: string;
  bankRate: string;
  agencyCap: string;
}

const where = (line: { staffGroup: string; grade: string }): string =>
  `${staffGroupName(line.staffGroup)}, ${gradeName(line.grade)}`;

const lineRow = (line: RateCardLineView): LineRow => ({
  where: where(line),
  band: bandName(line.band),
  bankRate: pounds(line.bankRatePence),
  agencyCap: pounds(line.agencyCapPence),
});

/** The service's diff as rows a person reads: one per changed rate (old, new, by how much), then lines added and removed. */
export function diffRows(diff: Pick<RateCardDiffView, 'added' | 'removed' | 'changed'>): {
  changes: ValueChange[];
  added: LineRow[];
  removed: LineRow[];
} {
  const changes = diff.changed.flatMap((change) => {
    const rates = [
      { rate: 'Bank rate', before: change.before.bankRatePence, after: change.after.bankRatePence },
      { rate: 'Agency cap', before: change.before.agencyCapPence, after: change.after.agencyCapPence },
    ];
    return rates
      .filter((rate) => rate.before !== rate.after)
      .map((rate) => {
        const by = rate.before !== null && rate.after !== null ? difference(rate.before, rate.after) : null;
        return {
          where: where(change),
          band: bandName(change.band),
          rate: rate.rate,
          before: pounds(rate.before),
          after: pounds(rate.after),
          difference: by?.pounds ?? '—',
          percent: by?.percent ?? '—',
        };
      });
  });
  return { changes, added: diff.added.map(lineRow), removed: diff.removed.map(lineRow) };
}
