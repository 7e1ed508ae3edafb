import { DateTime } from 'luxon';
import { type FieldError, InvalidInputError } from '../../core/errors/domain-errors.js';
import {
  addDays,
  type BandCalendar,
  daysBetween,
  londonInstantOf,
  londonIso,
  londonWallClockOf,
  type ShiftInput,
  type WallClock,
} from '../time-bands/index.js';
import { shiftTiming, type ShiftTiming } from './shift-timing.js';

/** The most weeks one post may repeat a shift for: a quarter's rota. */
export const MAX_REPEAT_WEEKS = 12;

const dayName = (date: string): string => DateTime.fromISO(date).toFormat('ccc d LLL yyyy');

/**
 * A shift and its weekly repeats (docs/rules.md section 7): `weeks` shifts, this one first, each on
 * the same weekday a week later at the same London wall-clock start and end. Across the last Sunday
 * of March or October the instants therefore move by an hour, and a night over the change is an
 * hour shorter or longer, exactly as `shiftTiming` counts any one shift. A week whose start or end
 * the clocks skip (none) or repeat (two) has no single instant and is refused, as is a week that
 * breaks a rule of one shift (longer than 24 hours, say); every refusal names its week, under
 * `repeatWeeks`.
 */
export function weeklyShiftTimings(input: ShiftInput, weeks: number, calendar: BandCalendar): ShiftTiming[] {
  const first = shiftTiming(input, calendar);
  if (weeks <= 1) return [first];
  const start = londonWallClockOf(first.startsAt.getTime());
  const end = londonWallClockOf(first.endsAt.getTime());
  const endDays = daysBetween(start.date, end.date);
  const timings = [first];
  const errors: FieldError[] = [];
  for (let week = 1; week < weeks; week += 1) {
    const date = addDays(start.date, 7 * week);
    const label = `week ${week + 1} (${dayName(date)})`;
    const startsAt = instantIn(label, 'start', { date, time: start.time }, errors);
    const endsAt = instantIn(label, 'end', { date: addDays(date, endDays), time: end.time }, errors);
    if (startsAt === null || endsAt === null) continue;
    try {
      timings.push(shiftTiming({ ...input, startsAt, endsAt }, calendar));
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      for (const each of error.errors ?? [])
        errors.push({ field: 'repeatWeeks', message: `${label}: ${each.message}` });
    }
  }
  if (errors.length > 0) {
    throw new InvalidInputError(`The shift cannot be repeated for ${weeks} weeks`, errors);
  }
  return timings;
}

/** The week's instant for a wall-clock time, as ISO with London's offset; null (and why, in `errors`) when there is not exactly one. */
function instantIn(label: string, which: 'start' | 'end', wallClock: WallClock, errors: FieldError[]): string | null {
  const instant = londonInstantOf(wallClock);
  if (instant.kind === 'exact') return londonIso(instant.ms);
  const when = `it would ${which} at ${wallClock.time} on ${dayName(wallClock.date)}`;
  errors.push({
    field: 'repeatWeeks',
    message:
      instant.kind === 'skipped'
        ? `${label}: ${when}, a time London skips when the clocks go forward; post that week on its own`
        : `${label}: ${when}, a time London has twice when the clocks go back; post that week on its own, with its offset`,
  });
  return null;
}
