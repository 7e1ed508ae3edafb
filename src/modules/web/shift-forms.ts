import type { Role } from '../../core/auth/api-key.entity.js';
import type { FieldError } from '../../core/errors/domain-errors.js';
import { takesTimesheet } from '../bookings/index.js';
import { addDays, londonInstantOf, londonIso } from '../time-bands/index.js';
import { londonDay } from './words.js';

/**
 * Reading what people type into the shift forms (dates, 24-hour times, minutes, pounds) and turning
 * London wall-clock times into the instants the API takes. Parsing only: every rule stays with the
 * services, which these forms call with the API's DTOs.
 */

/** A form's errors by field name (the name of the input the message sits under). */
export type FormErrors = Record<string, string>;

/** "7:30", "07:30", "0730" or "19.00" as "HH:mm"; null when it is not a time of day. */
export function readTime(value: string | undefined): string | null {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec((value ?? '').trim());
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${match[2]}`;
}

/** Day, month and year as typed into the NHS date input, as YYYY-MM-DD; null when it is not a real date. */
export function readDate(day: string | undefined, month: string | undefined, year: string | undefined): string | null {
  if (![day, month, year].every((part) => part !== undefined && /^\d+$/.test(part.trim()))) return null;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A whole number written in digits ("30"), or null. */
export function readWholeNumber(value: string | undefined): number | null {
  const text = (value ?? '').trim();
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

/** Pounds as typed ("198", "£1,198.50") in whole pence, or null: never through floating point. */
export function readPounds(value: string | undefined): number | null {
  const match = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec((value ?? '').trim());
  if (!match) return null;
  const pounds = match[1]!.replace(/,/g, '');
  if (pounds.length > 9) return null;
  return Number(pounds) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** Whole pence as the amount field shows them: "198.50". */
export const poundsField = (pence: number): string =>
  `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

/**
 * The instants of a start and end typed as London wall-clock times, the start on `date`; an end at
 * or before the start is the next morning. A time the clocks skip or repeat that day is refused,
 * under the field it was typed in.
 */
export function londonShiftTimes(
  date: string,
  start: string,
  end: string,
  fields: { start: string; end: string },
): { startsAt: string; endsAt: string } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const at = (day: string, time: string, field: string): string | null => {
    const instant = londonInstantOf({ date: day, time });
    if (instant.kind === 'exact') return londonIso(instant.ms);
    const named = londonDay(`${day}T12:00:00Z`);
    errors[field] =
      instant.kind === 'skipped'
        ? `There is no ${time} on ${named}: the clocks go forward an hour that night. Choose another time`
        : `${time} happens twice on ${named}, when the clocks go back an hour. Choose a time before 01:00 or from 02:00`;
    return null;
  };
  const startsAt = at(date, start, fields.start);
  const endsAt = at(end <= start ? addDays(date, 1) : date, end, fields.end);
  return startsAt && endsAt ? { startsAt, endsAt } : { errors };
}

/** How a form names an API field: the input it was typed in, its name in a sentence, and the form's own words for it. */
export interface FormField {
  input: string;
  label: string;
  /** Said instead of class-validator's message ("breakMinutes must not be greater than 1439"). */
  own: string;
  /** Said instead of any message (the service's names codes: "band5 is not a grade of medical"). */
  ownAlways?: boolean;
}

/**
 * A service's refusal of a form's input as messages under the form's inputs, or null when it
 * names a field the form does not have (then it is the error page's). The services' own messages
 * ("a shift lasts at most 24 hours") read as they are, those that start "must" after the field's
 * name; class-validator's are replaced by the form's words.
 */
export function formErrorsOf(
  errors: readonly FieldError[] | undefined,
  fields: Record<string, FormField>,
): FormErrors | null {
  const form: FormErrors = {};
  for (const error of errors ?? []) {
    const field = fields[error.field];
    if (!field) return null;
    if (form[field.input]) continue;
    const technical = error.message.startsWith(`${error.field} `) || error.message.startsWith('unknown field');
    const message =
      technical || field.ownAlways
        ? field.own
        : error.message.startsWith('must ')
          ? `${field.label} ${error.message}`
          : error.message;
    form[field.input] = message.charAt(0).toUpperCase() + message.slice(1);
  }
  return Object.keys(form).length > 0 ? form : null;
}

/** The error summary's list: each message linking to its input (`anchors` where the input's id differs), in form order. */
export function errorList(
  errors: FormErrors,
  order: string[],
  anchors: Record<string, string> = {},
): { text: string; href: string }[] {
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(errors)
    .sort(([first], [second]) => rank(first) - rank(second))
    .map(([field, text]) => ({ text, href: `#${anchors[field] ?? field}` }));
}

/** The date input's message: `missing` when nothing was typed in it. */
export function dateError(fields: Record<string, string>, prefix: string, missing: string): string {
  const typed = ['day', 'month', 'year'].some((part) => fields[`${prefix}[${part}]`] !== undefined);
  return typed ? 'Enter a real date, with the day, month and year, for example 15 3 2026' : missing;
}

/** A time input's message: `missing` when nothing was typed, else how to write a time. */
export const timeError = (typed: string | undefined, missing: string): string =>
  typed ? `${missing} as hours and minutes on the 24-hour clock, for example 07:30 or 19:00` : missing;

/** What a shift's page offers the person looking at it. */
export interface ShiftActions {
  cancel: boolean;
  timesheet: boolean;
  /** Booked and confirmed, not started yet: the timesheet can be recorded from this instant. */
  timesheetFrom: Date | null;
}

/**
 * A rota manager (or admin) may cancel a shift while it is open or booked, and record its timesheet
 * once it has started and has a confirmed booking (or correct it once worked): the services refuse
 * anything else, and the page only offers what they would take, plus the one thing they do not
 * check, that the shift has begun.
 */
export function shiftActions(
  shift: { status: string; startsAt: Date | string; booking: { status: string } | null },
  role: Role,
  now: number = Date.now(),
): ShiftActions {
  const manages = role === 'admin' || role === 'rota_manager';
  const startsAt = new Date(shift.startsAt);
  const timesheetTaken = takesTimesheet(shift.status, shift.booking?.status === 'confirmed');
  return {
    cancel: manages && (shift.status === 'open' || shift.status === 'booked'),
    timesheet: manages && timesheetTaken && startsAt.getTime() <= now,
    timesheetFrom: manages && timesheetTaken && startsAt.getTime() > now ? startsAt : null,
  };
}
