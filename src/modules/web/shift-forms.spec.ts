import { describe, expect, it } from '@jest/globals';
import {
  errorList,
  formErrorsOf,
  londonShiftTimes,
  poundsField,
  readDate,
  readPounds,
  readTime,
  readWholeNumber,
  shiftActions,
} from './shift-forms.js';

describe('reading the shift forms', () => {
  it('reads 24-hour times written several ways, and refuses what is not a time of day', () => {
    expect(['7:30', '07:30', '0730', '19.00', ' 19:00 '].map(readTime)).toEqual([
      '07:30',
      '07:30',
      '07:30',
      '19:00',
      '19:00',
    ]);
    expect(['24:00', '19:60', '7pm', '19', '', undefined].map(readTime)).toEqual([null, null, null, null, null, null]);
  });

  it('reads a real date from day, month and year, and refuses one that does not exist', () => {
    expect(readDate('5', '12', '2026')).toBe('2026-12-05');
    expect(readDate('29', '2', '2028')).toBe('2028-02-29');
    expect(readDate('29', '2', '2026')).toBeNull();
    expect(readDate('31', '4', '2026')).toBeNull();
    expect(readDate('5', '12', undefined)).toBeNull();
    expect(readDate('5', '12', '26')).toBeNull();
  });

  it('reads whole numbers and pounds, never through floating point', () => {
    expect(['0', '30', '12'].map(readWholeNumber)).toEqual([0, 30, 12]);
    expect(['-1', '2.5', 'ten', ''].map(readWholeNumber)).toEqual([null, null, null, null]);
    expect(['198', '198.5', '£198.50', '1,198.07', '0.29'].map(readPounds)).toEqual([
      19_800, 19_850, 19_850, 119_807, 29,
    ]);
    expect(['198.505', '-5', '1,19', '£', 'abc'].map(readPounds)).toEqual([null, null, null, null, null]);
    expect(poundsField(19_805)).toBe('198.05');
  });
});

describe('London times typed into a form', () => {
  const fields = { start: 'startTime', end: 'endTime' };

  it('takes an end at or before the start as the next morning, with the offset of each instant', () => {
    expect(londonShiftTimes('2025-10-25', '19:00', '07:30', fields)).toEqual({
      startsAt: '2025-10-25T19:00:00+01:00',
      endsAt: '2025-10-26T07:30:00+00:00',
    });
    expect(londonShiftTimes('2026-12-05', '08:00', '08:00', fields)).toEqual({
      startsAt: '2026-12-05T08:00:00+00:00',
      endsAt: '2026-12-06T08:00:00+00:00',
    });
    expect(londonShiftTimes('2026-06-10', '08:00', '20:00', fields)).toEqual({
      startsAt: '2026-06-10T08:00:00+01:00',
      endsAt: '2026-06-10T20:00:00+01:00',
    });
  });

  it('refuses a time the clocks skip or repeat, under the field it was typed in', () => {
    expect(londonShiftTimes('2026-03-28', '20:00', '01:30', fields)).toEqual({
      errors: {
        endTime: 'There is no 01:30 on Sun 29 Mar 2026: the clocks go forward an hour that night. Choose another time',
      },
    });
    expect(londonShiftTimes('2026-10-25', '01:30', '09:00', fields)).toEqual({
      errors: {
        startTime:
          '01:30 happens twice on Sun 25 Oct 2026, when the clocks go back an hour. Choose a time before 01:00 or from 02:00',
      },
    });
  });
});

describe('a service’s refusal shown on the form', () => {
  const fields = {
    endsAt: { input: 'endTime', label: 'The end', own: 'Enter the end time' },
    breakMinutes: { input: 'breakMinutes', label: 'The unpaid break', own: 'Enter the break in whole minutes' },
    startsAt: { input: 'startTime', label: 'The start', own: 'Enter the start time' },
    grade: { input: 'grade', label: 'The grade', own: 'Choose a grade of the staff group', ownAlways: true },
  };

  it('keeps the services’ sentences, names the field before a "must", and rewords class-validator', () => {
    expect(
      formErrorsOf(
        [
          { field: 'endsAt', message: 'a shift lasts at most 24 hours' },
          { field: 'startsAt', message: 'must be between the years 2000 and 2099' },
          { field: 'breakMinutes', message: 'breakMinutes must not be greater than 1439' },
          { field: 'grade', message: 'band5 is not a grade of medical' },
        ],
        fields,
      ),
    ).toEqual({
      endTime: 'A shift lasts at most 24 hours',
      startTime: 'The start must be between the years 2000 and 2099',
      breakMinutes: 'Enter the break in whole minutes',
      grade: 'Choose a grade of the staff group',
    });
  });

  it('leaves to the error page a refusal naming a field the form does not have', () => {
    expect(formErrorsOf([{ field: 'externalRef', message: 'names one shift' }], fields)).toBeNull();
    expect(formErrorsOf([], fields)).toBeNull();
  });

  it('lists the errors in the order of the form, each linking to its input', () => {
    expect(errorList({ endTime: 'b', date: 'a', reason: 'c' }, ['date', 'endTime'], { date: 'date-day' })).toEqual([
      { text: 'a', href: '#date-day' },
      { text: 'b', href: '#endTime' },
      { text: 'c', href: '#reason' },
    ]);
  });
});

describe('what a shift’s page offers', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  const started = '2026-12-05T08:00:00Z';
  const later = '2026-12-05T19:00:00Z';
  const confirmed = { status: 'confirmed' };

  it('offers a rota manager cancelling while the shift is open or booked, never once worked or cancelled', () => {
    const cancel = (status: string, booking: { status: string } | null) =>
      shiftActions({ status, startsAt: later, booking }, 'rota_manager', now).cancel;
    expect(cancel('open', null)).toBe(true);
    expect(cancel('booked', { status: 'pending_approval' })).toBe(true);
    expect(cancel('worked', confirmed)).toBe(false);
    expect(cancel('cancelled', null)).toBe(false);
  });

  it('offers the timesheet once a confirmed booking’s shift has started, and says when before', () => {
    expect(shiftActions({ status: 'booked', startsAt: started, booking: confirmed }, 'rota_manager', now)).toEqual({
      cancel: true,
      timesheet: true,
      timesheetFrom: null,
    });
    expect(shiftActions({ status: 'booked', startsAt: later, booking: confirmed }, 'rota_manager', now)).toEqual({
      cancel: true,
      timesheet: false,
      timesheetFrom: new Date(later),
    });
    expect(shiftActions({ status: 'worked', startsAt: started, booking: confirmed }, 'admin', now).timesheet).toBe(
      true,
    );
    const waiting = shiftActions(
      { status: 'booked', startsAt: started, booking: { status: 'pending_approval' } },
      'rota_manager',
      now,
    );
    expect(waiting).toEqual({ cancel: true, timesheet: false, timesheetFrom: null });
  });

  it('offers nothing to those who only read shifts', () => {
    for (const role of ['approver', 'workforce_lead'] as const) {
      expect(shiftActions({ status: 'booked', startsAt: started, booking: confirmed }, role, now)).toEqual({
        cancel: false,
        timesheet: false,
        timesheetFrom: null,
      });
    }
  });
});
