import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { BandCalendar, LONDON } from './band-calendar.js';
import type { Band, BandScheme, BandValues } from './band-schemes.js';
import { parseInstant } from './instants.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.js';

const HOLIDAYS = ENGLAND_AND_WALES_BANK_HOLIDAYS;
const calendar = new BandCalendar(HOLIDAYS);

const at = (iso: string): number => {
  const ms = parseInstant(iso);
  if (ms === null) throw new Error(`bad instant ${iso}`);
  return ms;
};
const afc = (start: string, end: string) => calendar.split(at(start), at(end), 'agenda_for_change');
const medical = (start: string, end: string) => calendar.split(at(start), at(end), 'medical');

/** An independent rule-book reading: classify each minute by its own Europe/London wall-clock time. */
function bruteForce(startMs: number, endMs: number, scheme: BandScheme, holidays: ReadonlySet<string>): BandValues {
  const minutes: BandValues = {};
  for (let minute = startMs; minute < endMs; minute += 60_000) {
    const local = DateTime.fromMillis(minute, { zone: LONDON });
    const holiday = holidays.has(local.toISODate()!);
    const weekend = local.weekday >= 6;
    let band: Band;
    if (scheme === 'medical') {
      band = holiday || weekend || local.hour < 7 || local.hour >= 19 ? 'unsocial' : 'core';
    } else if (holiday) band = 'bank_holiday';
    else if (local.weekday === 7) band = 'sunday';
    else if (local.weekday === 6) band = 'saturday';
    else band = local.hour < 6 || local.hour >= 20 ? 'night' : 'day';
    minutes[band] = (minutes[band] ?? 0) + 1;
  }
  return minutes;
}

const total = (values: BandValues) => Object.values(values).reduce((sum, value) => sum + (value ?? 0), 0);

describe('BandCalendar.split, Agenda for Change scheme: the examples of docs/rules.md section 4', () => {
  it('Friday 19:00 to Saturday 07:30: day 60, night 240, saturday 450', () => {
    expect(afc('2025-04-04T19:00:00+01:00', '2025-04-05T07:30:00+01:00')).toEqual({
      day: 60,
      night: 240,
      saturday: 450,
    });
  });

  it('the night the clocks go forward (30 March 2025) is 11 hours: saturday 240, sunday 420', () => {
    expect(afc('2025-03-29T20:00:00Z', '2025-03-30T08:00:00+01:00')).toEqual({ saturday: 240, sunday: 420 });
  });

  it('the night the clocks go back (26 October 2025) is 13 hours: saturday 240, sunday 540', () => {
    expect(afc('2025-10-25T20:00:00+01:00', '2025-10-26T08:00:00Z')).toEqual({ saturday: 240, sunday: 540 });
  });

  it('Sunday night into the early May bank holiday 2025: sunday 240, bank_holiday 480', () => {
    expect(afc('2025-05-04T20:00:00+01:00', '2025-05-05T08:00:00+01:00')).toEqual({ sunday: 240, bank_holiday: 480 });
  });
});

describe('BandCalendar.split, awkward cases', () => {
  it('counts Saturday 26 December 2026 as saturday and Monday 28 December 2026 (the substitute day) as bank_holiday', () => {
    expect(afc('2026-12-26T08:00:00Z', '2026-12-26T20:00:00Z')).toEqual({ saturday: 720 });
    expect(afc('2026-12-28T08:00:00Z', '2026-12-28T20:00:00Z')).toEqual({ bank_holiday: 720 });
    expect(afc('2026-12-29T08:00:00Z', '2026-12-29T20:00:00Z')).toEqual({ day: 720 });
  });

  it('splits a Christmas Eve night shift at midnight into night then bank_holiday', () => {
    expect(afc('2026-12-24T20:00:00Z', '2026-12-25T08:00:00Z')).toEqual({ night: 240, bank_holiday: 480 });
  });

  it('splits a weekday shift at 06:00 and 20:00', () => {
    expect(afc('2025-06-10T05:00:00+01:00', '2025-06-10T21:00:00+01:00')).toEqual({ night: 120, day: 840 });
  });

  it('takes a shift crossing midnight from Friday night into Saturday', () => {
    expect(afc('2025-06-13T22:00:00+01:00', '2025-06-14T02:00:00+01:00')).toEqual({ night: 120, saturday: 120 });
  });

  it('handles the shortest (15 minutes) and longest (24 hours) shifts', () => {
    expect(afc('2025-06-10T12:00:00+01:00', '2025-06-10T12:15:00+01:00')).toEqual({ day: 15 });
    expect(afc('2025-06-10T08:00:00+01:00', '2025-06-11T08:00:00+01:00')).toEqual({ day: 840, night: 600 });
  });

  it('reads the same instants the same whatever offset they are written with', () => {
    expect(afc('2025-04-04T18:00:00Z', '2025-04-05T06:30:00Z')).toEqual(
      afc('2025-04-04T19:00:00+01:00', '2025-04-05T07:30:00+01:00'),
    );
  });

  it('refuses instants that are not on whole minutes, and an end before the start', () => {
    expect(() => calendar.split(at('2025-04-04T19:00:30Z'), at('2025-04-04T20:00:00Z'), 'agenda_for_change')).toThrow(
      RangeError,
    );
    expect(() => calendar.split(at('2025-04-04T20:00:00Z'), at('2025-04-04T19:00:00Z'), 'agenda_for_change')).toThrow(
      RangeError,
    );
  });

  it('gives the Europe/London date of an instant, which picks the card in force', () => {
    expect(calendar.localDate(at('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(calendar.localDate(at('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
  });
});

describe('every clock change from 2024 to 2027', () => {
  const changes = [
    ['2024-03-30', 11],
    ['2024-10-26', 13],
    ['2025-03-29', 11],
    ['2025-10-25', 13],
    ['2026-03-28', 11],
    ['2026-10-24', 13],
    ['2027-03-27', 11],
    ['2027-10-30', 13],
  ] as const;

  it.each(changes)('the Saturday %s 20:00 to Sunday 08:00 night shift lasts %i hours', (saturday, hours) => {
    const start = DateTime.fromISO(`${saturday}T20:00`, { zone: LONDON });
    const end = start.plus({ days: 1 }).set({ hour: 8 });
    const minutes = calendar.split(start.toMillis(), end.toMillis(), 'agenda_for_change');
    expect(minutes).toEqual({ saturday: 240, sunday: hours * 60 - 240 });
    expect(total(calendar.split(start.toMillis(), end.toMillis(), 'medical'))).toBe(hours * 60);
  });

  // Tuesday, not Monday: in 2024 and 2027 the Monday after the spring change is Easter Monday.
  it.each(changes)('the Tuesday night after the %s change is split at the wall-clock times', (saturday, _hours) => {
    const tuesday = DateTime.fromISO(`${saturday}T20:00`, { zone: LONDON }).plus({ days: 3 });
    const end = tuesday.plus({ days: 1 }).set({ hour: 8 });
    expect(calendar.split(tuesday.toMillis(), end.toMillis(), 'agenda_for_change')).toEqual({ night: 600, day: 120 });
  });

  it('counts Easter Monday 2024, the day after the spring change, as bank_holiday from midnight', () => {
    expect(afc('2024-03-31T20:00:00+01:00', '2024-04-01T08:00:00+01:00')).toEqual({ sunday: 240, bank_holiday: 480 });
  });
});

describe('BandCalendar.split, medical scheme', () => {
  it('splits a weekday at 07:00 and 19:00', () => {
    expect(medical('2025-06-10T06:00:00+01:00', '2025-06-10T20:00:00+01:00')).toEqual({ unsocial: 120, core: 720 });
  });

  it('counts the whole of a Saturday, a Sunday and a bank holiday as unsocial', () => {
    expect(medical('2025-06-14T09:00:00+01:00', '2025-06-14T17:00:00+01:00')).toEqual({ unsocial: 480 });
    expect(medical('2025-05-05T09:00:00+01:00', '2025-05-05T17:00:00+01:00')).toEqual({ unsocial: 480 });
  });

  it('takes a weekday on-call from 17:00 to 09:00 as core, unsocial, core', () => {
    expect(medical('2025-06-10T17:00:00+01:00', '2025-06-11T09:00:00+01:00')).toEqual({ core: 240, unsocial: 720 });
  });
});

describe('BandCalendar.split, properties over generated shifts', () => {
  const holidaySet = new Set(HOLIDAYS);
  const minuteIn2024To2027 = fc.integer({
    min: Date.UTC(2024, 0, 1) / 60_000,
    max: Date.UTC(2027, 11, 30) / 60_000,
  });
  const shift = fc.record({
    start: minuteIn2024To2027,
    length: fc.integer({ min: 15, max: 1440 }),
    scheme: fc.constantFrom<BandScheme>('agenda_for_change', 'medical'),
  });

  it('agrees minute for minute with an independent per-minute classification', () => {
    fc.assert(
      fc.property(shift, ({ start, length, scheme }) => {
        const startMs = start * 60_000;
        const endMs = startMs + length * 60_000;
        expect(calendar.split(startMs, endMs, scheme)).toEqual(bruteForce(startMs, endMs, scheme, holidaySet));
      }),
      { numRuns: 400 },
    );
  });

  it('always adds up to the elapsed minutes', () => {
    fc.assert(
      fc.property(shift, ({ start, length, scheme }) => {
        expect(total(calendar.split(start * 60_000, (start + length) * 60_000, scheme))).toBe(length);
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives the same band minutes when a shift is cut anywhere and the halves added', () => {
    fc.assert(
      fc.property(shift, fc.integer({ min: 1, max: 1439 }), ({ start, length, scheme }, cutAt) => {
        fc.pre(cutAt < length);
        const whole = calendar.split(start * 60_000, (start + length) * 60_000, scheme);
        const first = calendar.split(start * 60_000, (start + cutAt) * 60_000, scheme);
        const second = calendar.split((start + cutAt) * 60_000, (start + length) * 60_000, scheme);
        const added: BandValues = { ...first };
        for (const [band, value] of Object.entries(second) as [Band, number][])
          added[band] = (added[band] ?? 0) + value;
        expect(added).toEqual(whole);
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads the same answer from instants written with any offset', () => {
    fc.assert(
      fc.property(shift, fc.integer({ min: -12, max: 14 }), ({ start, length, scheme }, offsetHours) => {
        const write = (ms: number) => {
          const local = DateTime.fromMillis(ms, { zone: `UTC${offsetHours >= 0 ? '+' : ''}${offsetHours}` });
          return local.toISO({ suppressMilliseconds: true })!;
        };
        const startMs = start * 60_000;
        const endMs = startMs + length * 60_000;
        expect(calendar.split(parseInstant(write(startMs))!, parseInstant(write(endMs))!, scheme)).toEqual(
          calendar.split(startMs, endMs, scheme),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
