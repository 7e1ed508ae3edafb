import { describe, expect, it } from '@jest/globals';
import { bandMinutesColumn, fromShiftMinutesColumns, toShiftMinutesColumns } from './band-minutes.columns.js';

describe('shift minutes columns', () => {
  it('stores every band in its own column and reads back only the bands touched', () => {
    const columns = toShiftMinutesColumns(750, 720, { day: 60, night: 240, saturday: 450 });
    expect(columns).toMatchObject({
      elapsedMinutes: 750,
      paidMinutes: 720,
      minutesDay: 60,
      minutesNight: 240,
      minutesSaturday: 450,
      minutesSunday: 0,
    });
    expect(fromShiftMinutesColumns(columns)).toEqual({ day: 60, night: 240, saturday: 450 });
  });

  it('names the SQL column of a band', () => {
    expect(bandMinutesColumn('bank_holiday')).toBe('minutes_bank_holiday');
  });
});
