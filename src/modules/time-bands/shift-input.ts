import { type FieldError, InvalidInputError } from '../../core/errors/domain-errors.js';
import { gradeRank, type StaffGroup } from './staff-groups.js';
import { paidMinutes, type PaidMinutes } from './costing.js';
import { parseInstant } from './instants.js';

// Shifts are paid under today's zone rules: before 1972 London kept other offsets (and before 1847
// local mean time), which the band rules were never written for.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export interface ShiftInput {
  staffGroup: string;
  grade: string;
  startsAt: string;
  endsAt: string;
  breakMinutes: number;
}

export interface CheckedShift extends PaidMinutes {
  startMs: number;
  endMs: number;
}

/** The checks every shift-shaped input gets (quotes now, shifts and timesheets later): 400 naming each field. */
export function checkShift(input: ShiftInput, fields = { startsAt: 'startsAt', endsAt: 'endsAt' }): CheckedShift {
  const errors: FieldError[] = [];
  if (gradeRank(input.staffGroup as StaffGroup, input.grade) < 0) {
    errors.push({ field: 'grade', message: `${input.grade} is not a grade of ${input.staffGroup}` });
  }
  const startMs = parseInstant(input.startsAt);
  const endMs = parseInstant(input.endsAt);
  const instant = 'must be an ISO 8601 instant with an offset, e.g. 2025-04-04T19:00:00+01:00';
  if (startMs === null) errors.push({ field: fields.startsAt, message: instant });
  if (endMs === null) errors.push({ field: fields.endsAt, message: instant });
  for (const [field, ms] of [
    [fields.startsAt, startMs],
    [fields.endsAt, endMs],
  ] as const) {
    if (ms === null) continue;
    if (ms < EARLIEST || ms >= LATEST) errors.push({ field, message: 'must be between the years 2000 and 2099' });
    else if (ms % 60_000 !== 0) errors.push({ field, message: 'must fall on a whole minute' });
  }
  if (errors.length > 0) throw new InvalidInputError('The shift is not valid', errors);
  if (endMs! <= startMs!) {
    throw new InvalidInputError('The shift ends before it starts', [
      { field: fields.endsAt, message: 'must be after the start' },
    ]);
  }
  try {
    return { startMs: startMs!, endMs: endMs!, ...paidMinutes(startMs!, endMs!, input.breakMinutes) };
  } catch (error) {
    const message = (error as Error).message;
    const field = /break/.test(message) ? 'breakMinutes' : fields.endsAt;
    throw new InvalidInputError(`The shift is not valid: ${message}`, [{ field, message }]);
  }
}
