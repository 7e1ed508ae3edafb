import { type ShiftMinutesColumns, toShiftMinutesColumns } from './band-minutes.columns.js';
import { staffGroup, type StaffGroup } from '../time-bands/index.js';
import type { BandCalendar } from '../time-bands/index.js';
import { checkShift, type ShiftInput } from '../time-bands/index.js';

export interface ShiftTiming {
  startsAt: Date;
  endsAt: Date;
  localStartDate: string;
  minutes: ShiftMinutesColumns;
}

/**
 * Checks a shift's or timesheet's times (InvalidInputError naming each field) and splits them into
 * band minutes, as stored. The API and the CSV imports both write times through this one rule.
 */
export function shiftTiming(
  input: ShiftInput,
  calendar: BandCalendar,
  fields = { startsAt: 'startsAt', endsAt: 'endsAt' },
): ShiftTiming {
  const checked = checkShift(input, fields);
  const bandMinutes = calendar.split(
    checked.startMs,
    checked.endMs,
    staffGroup(input.staffGroup as StaffGroup).bandScheme,
  );
  return {
    startsAt: new Date(checked.startMs),
    endsAt: new Date(checked.endMs),
    localStartDate: calendar.localDate(checked.startMs),
    minutes: toShiftMinutesColumns(checked.elapsed, checked.paid, bandMinutes),
  };
}
