import { DateTime } from 'luxon';
import type { FieldError } from '../../core/errors/domain-errors.js';
import { MAX_RATE_PENCE, type RateCardLineView } from '../rate-cards/index.js';
import { bandName, pounds } from './words.js';

/**
 * What a person types into the rate-card forms, turned into the API's input (pence, ISO dates),
 * and the API's refusals turned back into messages beside the field they are about. The rules
 * themselves stay in the API's DTOs and RateCardsService: these only translate.
 */

/** An error beside a form field, and in the error summary linking to it. */
export interface FormError {
  href: string;
  text: string;
}

export type PenceInput = { pence: number } | { empty: true } | { error: 'format' | 'fraction' };

const POUNDS_TEXT = /^(-)?\s*£?\s*(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;

/**
 * Pounds as typed ("18.50", "£18.5", "-3", "1,000") in pence. A sign is kept, so that the API's
 * own limits refuse a negative rate; more than two decimals is not whole pence.
 */
export function penceFromPounds(text: string | undefined): PenceInput {
  const value = (text ?? '').trim();
  if (value === '') return { empty: true };
  const match = POUNDS_TEXT.exec(value);
  if (!match) return { error: 'format' };
  const [, minus, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return { error: 'format' };
  if (fraction.length > 2) return { error: 'fraction' };
  const pence = Number(whole.replaceAll(',', '') || '0') * 100 + Number(fraction.padEnd(2, '0'));
  return { pence: minus ? -pence : pence };
}

/** Pence as a form shows them: 1850 → "18.50". */
export const poundsField = (pence: number | null | undefined): string =>
  pence === null || pence === undefined ? '' : (pence / 100).toFixed(2);

/** A date typed as day, month and year, as an ISO date; or why it is not one. */
export function dateFromFields(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
): { date: string } | { error: string } {
  const parts = [day, month, year].map((part) => (part ?? '').trim());
  if (parts.every((part) => part === '')) return { error: 'Enter the date the card comes into force' };
  if (parts.some((part) => part === '')) return { error: 'The date must include a day, month and year' };
  if (!parts.every((part) => /^\d+$/.test(part)) || parts[2]!.length !== 4) {
    return { error: 'The date must be a real date, like 1 4 2027' };
  }
  const date = DateTime.fromObject({ day: Number(parts[0]), month: Number(parts[1]), year: Number(parts[2]) });
  return date.isValid ? { date: date.toISODate()! } : { error: 'The date must be a real date, like 1 4 2027' };
}

const RATE_LABEL = { bankRatePence: 'bank rate', agencyCapPence: 'agency cap' } as const;
type RateField = keyof typeof RATE_LABEL;
const FIELD_ID: Record<RateField, string> = { bankRatePence: 'bank', agencyCapPence: 'cap' };

/** A line of the API's input, as the page sends it (a rate left out where nothing was typed). */
export interface LineInput {
  staffGroup: string;
  grade: string;
  band: string;
  agencyCapPence?: number;
  bankRatePence?: number | null;
}

/**
 * The card's lines with one grade's bands replaced by what was typed (`bank-<band>`, `cap-<band>`,
 * in pounds); a band with both rates empty leaves the card. `bandAt` says which band each new
 * line is, for the errors the API may give about it.
 */
export function linesWithGrade(
  card: { scope: string; lines: readonly RateCardLineView[] },
  staffGroup: string,
  grade: string,
  bands: readonly string[],
  fields: Record<string, string>,
): { lines: LineInput[]; bandAt: Map<number, string>; errors: FormError[] } {
  const system = card.scope === 'system';
  const lines: LineInput[] = card.lines
    .filter((line) => line.staffGroup !== staffGroup || line.grade !== grade)
    .map((line) => ({ ...line }));
  const bandAt = new Map<number, string>();
  const errors: FormError[] = [];
  for (const band of bands) {
    const cap = penceFromPounds(fields[`cap-${band}`]);
    const bank = system ? penceFromPounds(fields[`bank-${band}`]) : ({ empty: true } as const);
    if ('empty' in cap && 'empty' in bank) continue;
    for (const [field, input] of [
      ['bankRatePence', bank],
      ['agencyCapPence', cap],
    ] as const) {
      if ('error' in input) errors.push(typedRateError(field, band, input.error));
    }
    bandAt.set(lines.length, band);
    lines.push({
      staffGroup,
      grade,
      band,
      ...('pence' in cap ? { agencyCapPence: cap.pence } : {}),
      ...('pence' in bank ? { bankRatePence: bank.pence } : {}),
    });
  }
  return { lines, bandAt, errors };
}

function typedRateError(field: RateField, band: string, why: 'format' | 'fraction'): FormError {
  const what = `${RATE_LABEL[field]} for ${bandName(band).toLowerCase()}`;
  return {
    href: `#${FIELD_ID[field]}-${band}`,
    text:
      why === 'fraction'
        ? `The ${what} must be in whole pence, like 18.50`
        : `Enter the ${what} in pounds and pence, like 18.50`,
  };
}

const LINE_FIELD = /^lines\[(\d+)\]\.(bankRatePence|agencyCapPence)$/;

/**
 * The API's refusals of a grade's lines (its DTO's or its service's) as errors beside the rates
 * typed; null when one is about something the form did not send, which is then not the person's
 * to fix here.
 */
export function rateErrors(
  refusals: readonly FieldError[],
  lines: readonly LineInput[],
  bandAt: ReadonlyMap<number, string>,
): FormError[] | null {
  const errors: FormError[] = [];
  for (const refusal of refusals) {
    const match = LINE_FIELD.exec(refusal.field);
    const band = match ? bandAt.get(Number(match[1])) : undefined;
    if (!match || !band) return null;
    const field = match[2] as RateField;
    const value = lines[Number(match[1])]?.[field];
    const what = `${RATE_LABEL[field]} for ${bandName(band).toLowerCase()}`;
    const text =
      value === undefined || value === null
        ? `Enter the ${what}, or leave both rates empty to take ${bandName(band).toLowerCase()} off the card`
        : value < 1
          ? `The ${what} must be more than £0`
          : value > MAX_RATE_PENCE
            ? `The ${what} must be ${pounds(MAX_RATE_PENCE)} or less`
            : `The ${what}: ${refusal.message}`;
    const href = `#${FIELD_ID[field]}-${band}`;
    if (!errors.some((error) => error.href === href)) errors.push({ href, text });
  }
  return errors;
}

/**
 * The API's refusals of a new card's name, date or CSV as errors beside the form's fields: the
 * name, the date, and the file (a CSV row is the line's index plus two: the header is row 1).
 */
export function cardErrors(refusals: readonly FieldError[], sent: { name?: string }): FormError[] {
  const errors: FormError[] = [];
  const add = (error: FormError) => {
    if (!errors.some((known) => known.href === error.href && known.text === error.text)) errors.push(error);
  };
  for (const refusal of refusals) {
    const row = /^lines\[(\d+)\]/.exec(refusal.field);
    if (refusal.field === 'name') {
      add({
        href: '#name',
        text: sent.name ? 'The name must be 200 characters or fewer' : 'Enter a name for the draft',
      });
    } else if (refusal.field === 'effectiveFrom') {
      add({ href: '#effectiveFrom-day', text: 'The date must be a real date, like 1 4 2027' });
    } else if (row) {
      // One message per cell: class-validator gives several for one bad value.
      const cell = /\.(agencyCapPence|bankRatePence|staffGroup|grade|band)$/.exec(refusal.field)?.[1];
      const text =
        cell === 'agencyCapPence' || cell === 'bankRatePence'
          ? `${cell} must be a whole number of pence from 1 to ${MAX_RATE_PENCE}`
          : refusal.message;
      const rowName = `Row ${Number(row[1]) + 2} of the file`;
      if (!cell || !errors.some((known) => known.text.startsWith(`${rowName}: ${cell} `))) {
        add({ href: '#file', text: `${rowName}: ${text}` });
      }
    } else {
      add({ href: '#file', text: `The file could not be used: ${refusal.message}` });
    }
  }
  return errors;
}

/** The messages of a form's errors about one field (by the href the error summary links to). */
export const errorsAt = (errors: readonly FormError[], href: string): string[] =>
  errors.filter((error) => error.href === href).map((error) => error.text);
