import { DateTime } from 'luxon';
import { LONDON, STAFF_GROUPS } from '../time-bands/index.js';

/** What e-mails say about money, times and codes, in plain English (the pages have their own words.ts). */

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** 123456 → "£1,234.56". */
export const pounds = (pence: unknown): string => (typeof pence === 'number' ? POUNDS.format(pence / 100) : '—');

/** An instant as a London wall clock: "Tue 10 Jun 2025, 08:00". */
export function londonTime(instant: unknown): string {
  const date = typeof instant === 'string' || instant instanceof Date ? new Date(instant) : null;
  if (!date || Number.isNaN(date.getTime())) return '—';
  return DateTime.fromJSDate(date).setZone(LONDON).toFormat('ccc d LLL yyyy, HH:mm');
}

/** A London date "2025-06-11" as "Wednesday 11 June 2025". */
export function longDate(date: unknown): string {
  const parsed = typeof date === 'string' ? DateTime.fromISO(date, { zone: LONDON }) : null;
  return parsed?.isValid ? parsed.toFormat('cccc d LLLL yyyy') : '—';
}

export const STAGE_NAMES: Record<string, string> = {
  own_bank: 'the trust’s own bank',
  collaborative_bank: 'the collaborative bank',
  agency_tier_1: 'tier 1 agencies',
  agency_tier_2: 'tier 2 agencies',
  agency_tier_3: 'tier 3 agencies',
};

export const SIGNOFF_NAMES: Record<string, string> = {
  senior_manager: 'a senior manager',
  executive: 'an executive',
  chief_executive: 'the chief executive',
};

export const staffGroupName = (key: unknown): string =>
  STAFF_GROUPS.find((group) => group.key === key)?.name ?? String(key ?? '—');

/** "band5" → "Band 5", "st3_plus" → "St3 plus". */
export const gradeName = (grade: unknown): string =>
  typeof grade === 'string' ? capitalised(grade.replace(/^band(\d)/, 'band $1').replace(/_/g, ' ')) : '—';

export const capitalised = (text: string): string => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** An event type nobody has words for yet: "fill.suggestion_closed" → "Fill suggestion closed". */
export const eventTypeWords = (type: string): string => capitalised(type.replace(/[._]/g, ' '));

/** A data field's name as words: "agencyCostPence" → "Agency cost". */
export const fieldWords = (key: string): string =>
  capitalised(
    key
      .replace(/Pence$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase(),
  );

/** A data field's value as words, by what its name says it holds; null for what people cannot read (ids, lists). */
export function fieldValue(key: string, value: unknown): string | null {
  if (value === null || value === undefined || typeof value === 'object' || /Ids?$/.test(key)) return null;
  if (key.endsWith('Pence')) return pounds(value);
  if (key.endsWith('At')) return londonTime(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // A code ("before_agency") reads as words; anything else as it was written.
  if (typeof value === 'string' && /^[a-z0-9]+(_[a-z0-9]+)+$/.test(value)) return capitalised(value.replace(/_/g, ' '));
  return String(value);
}
