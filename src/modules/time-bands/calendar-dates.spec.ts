import { describe, expect, it } from '@jest/globals';
import { addDays, daysBetween, weekdayOf } from './calendar-dates.js';

describe('calendar dates', () => {
  it('counts days by calendar date, not by hours, across the clocks changing', () => {
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2025-10-26', -1)).toBe('2025-10-25');
    expect(addDays('2025-01-01', -28)).toBe('2024-12-04');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-31', '2025-03-26')).toBe(-5);
  });

  it('numbers the weekdays from Monday', () => {
    expect(weekdayOf('2025-03-31')).toBe(0);
    expect(weekdayOf('2025-03-30')).toBe(6);
  });
});
