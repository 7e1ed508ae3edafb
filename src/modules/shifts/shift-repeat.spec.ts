import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '../../core/errors/domain-errors.js';
import { BandCalendar, ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../time-bands/index.js';
import { fromShiftMinutesColumns } from './band-minutes.columns.js';
import { weeklyShiftTimings } from './shift-repeat.js';

const calendar = new BandCalendar(ENGLAND_AND_WALES_BANK_HOLIDAYS);
const nursing = { staffGroup: 'nursing', grade: 'band5', breakMinutes: 30 };

/** The refusal's field errors, or a failure when there was none. */
function refusal(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).errors ?? [];
  }
  throw new Error('expected a refusal');
}

describe('weeklyShiftTimings: a shift repeated weekly at the same London wall-clock times', () => {
  it('repeats a Saturday 19:00 to 07:30 night across the October clock change: that night is 13.5 hours, the others 12.5', () => {
    const timings = weeklyShiftTimings(
      { ...nursing, startsAt: '2025-10-11T19:00:00+01:00', endsAt: '2025-10-12T07:30:00+01:00' },
      4,
      calendar,
    );
    expect(timings.map((timing) => [timing.startsAt.toISOString(), timing.endsAt.toISOString()])).toEqual([
      ['2025-10-11T18:00:00.000Z', '2025-10-12T06:30:00.000Z'],
      ['2025-10-18T18:00:00.000Z', '2025-10-19T06:30:00.000Z'],
      // Starts in summer time, ends in winter time: the clocks went back at 02:00.
      ['2025-10-25T18:00:00.000Z', '2025-10-26T07:30:00.000Z'],
      ['2025-11-01T19:00:00.000Z', '2025-11-02T07:30:00.000Z'],
    ]);
    expect(timings.map((timing) => timing.minutes.elapsedMinutes)).toEqual([750, 750, 810, 750]);
    expect(timings.map((timing) => timing.minutes.paidMinutes)).toEqual([720, 720, 780, 720]);
    expect(fromShiftMinutesColumns(timings[2]!.minutes)).toEqual({ saturday: 300, sunday: 510 });
    expect(timings.map((timing) => timing.localStartDate)).toEqual([
      '2025-10-11',
      '2025-10-18',
      '2025-10-25',
      '2025-11-01',
    ]);
  });

  it('makes the night the clocks go forward (28 March 2026) an hour shorter: 11.5 hours', () => {
    const timings = weeklyShiftTimings(
      { ...nursing, startsAt: '2026-03-21T19:00:00Z', endsAt: '2026-03-22T07:30:00Z' },
      3,
      calendar,
    );
    expect(timings.map((timing) => timing.minutes.elapsedMinutes)).toEqual([750, 690, 750]);
    expect(timings[2]!.startsAt.toISOString()).toBe('2026-04-04T18:00:00.000Z');
  });

  it('keeps the local times of a first shift given in another offset', () => {
    // 18:00Z is 19:00 in London in October: the repeats start at 19:00 London too.
    const timings = weeklyShiftTimings(
      { ...nursing, startsAt: '2025-10-18T18:00:00Z', endsAt: '2025-10-19T06:30:00Z' },
      3,
      calendar,
    );
    expect(timings.map((timing) => timing.startsAt.toISOString())).toEqual([
      '2025-10-18T18:00:00.000Z',
      '2025-10-25T18:00:00.000Z',
      '2025-11-01T19:00:00.000Z',
    ]);
  });

  it('answers just the shift itself for one week, its times as given', () => {
    const timings = weeklyShiftTimings(
      { ...nursing, startsAt: '2025-06-10T08:00:00+01:00', endsAt: '2025-06-10T20:00:00+01:00' },
      1,
      calendar,
    );
    expect(timings).toHaveLength(1);
    expect(timings[0]!.minutes).toMatchObject({ elapsedMinutes: 720, paidMinutes: 690 });
  });

  it('refuses a week whose start the clocks repeat, naming the week', () => {
    const errors = refusal(() =>
      weeklyShiftTimings(
        { ...nursing, startsAt: '2026-10-11T01:30:00+01:00', endsAt: '2026-10-11T07:30:00+01:00' },
        3,
        calendar,
      ),
    );
    expect(errors).toEqual([
      {
        field: 'repeatWeeks',
        message:
          'week 3 (Sun 25 Oct 2026): it would start at 01:30 on Sun 25 Oct 2026, a time London has twice when the clocks go back; post that week on its own, with its offset',
      },
    ]);
  });

  it('refuses a week whose end the clocks skip', () => {
    const errors = refusal(() =>
      weeklyShiftTimings({ ...nursing, startsAt: '2026-03-21T20:00:00Z', endsAt: '2026-03-22T01:30:00Z' }, 2, calendar),
    );
    expect(errors).toEqual([
      {
        field: 'repeatWeeks',
        message:
          'week 2 (Sat 28 Mar 2026): it would end at 01:30 on Sun 29 Mar 2026, a time London skips when the clocks go forward; post that week on its own',
      },
    ]);
  });

  it('refuses a 24-hour shift whose repeat over the October change would last 25 hours', () => {
    const errors = refusal(() =>
      weeklyShiftTimings(
        { ...nursing, startsAt: '2025-10-18T08:00:00+01:00', endsAt: '2025-10-19T08:00:00+01:00' },
        2,
        calendar,
      ),
    );
    expect(errors).toEqual([
      { field: 'repeatWeeks', message: 'week 2 (Sat 25 Oct 2025): a shift lasts at most 24 hours' },
    ]);
  });

  it('checks the first shift as one shift, naming its own fields', () => {
    const errors = refusal(() =>
      weeklyShiftTimings({ ...nursing, startsAt: '2025-10-18T08:00', endsAt: '2025-10-18T20:00:00Z' }, 3, calendar),
    );
    expect(errors.map((error) => error.field)).toEqual(['startsAt']);
  });
});
