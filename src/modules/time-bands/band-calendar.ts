import { DateTime } from 'luxon';
import { ALL_BANDS, type Band, type BandScheme, type BandValues } from './band-schemes.js';

/** Local rules are Europe/London wall-clock rules. */
export const LONDON = 'Europe/London';

/** The local (Europe/London) date of an instant, YYYY-MM-DD: today's by default. */
export const londonDate = (at: Date = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: LONDON }).format(at);

const MINUTE = 60_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Segment {
  from: number;
  to: number;
  /** Index into ALL_BANDS. */
  band: number;
}

interface LocalDay {
  /** Instant of local midnight that starts the day, and of the next one (23, 24 or 25 hours later). */
  start: number;
  end: number;
  isoDate: string;
  segments: Record<BandScheme, Segment[]>;
}

/**
 * Splits shifts into pay-band minutes (docs/rules.md section 4). Band boundaries are Europe/London
 * wall-clock times; the minutes counted are the elapsed minutes between those instants, so a
 * night shift is 11 hours long when the clocks go forward and 13 when they go back.
 *
 * Zone rules come from Luxon (the IANA database), once per local day: each day's boundary instants
 * are cached, so splitting a shift afterwards is a few comparisons. A calendar is bound to one set
 * of bank holidays; make a new one when the holidays change.
 */
export class BandCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly days = new Map<number, LocalDay>();
  private readonly scratch = new Int32Array(ALL_BANDS.length);
  private lastDay: LocalDay | null = null;

  constructor(bankHolidays: Iterable<string>) {
    this.holidays = new Set(bankHolidays);
  }

  /** Band minutes of [start, end), instants in epoch milliseconds on whole minutes; untouched bands left out. */
  split(startMs: number, endMs: number, scheme: BandScheme): BandValues {
    const totals = this.scratch;
    this.splitInto(startMs, endMs, scheme, totals);
    // Built in one fixed band order, so every result of a scheme shares few object shapes.
    const minutes: BandValues = {};
    for (let index = 0; index < ALL_BANDS.length; index += 1) {
      if (totals[index]! > 0) minutes[ALL_BANDS[index]!] = totals[index]!;
    }
    return minutes;
  }

  /** The same split into `totals`, indexed like ALL_BANDS (no allocation: for bulk work). */
  splitInto(startMs: number, endMs: number, scheme: BandScheme, totals: Int32Array): void {
    if (startMs % MINUTE !== 0 || endMs % MINUTE !== 0)
      throw new RangeError('shift instants must fall on whole minutes');
    if (endMs <= startMs) throw new RangeError('a shift must end after it starts');
    totals.fill(0);
    let cursor = startMs;
    while (cursor < endMs) {
      const day = this.dayContaining(cursor);
      const segments = day.segments[scheme];
      for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index]!;
        const from = segment.from > cursor ? segment.from : cursor;
        const to = segment.to < endMs ? segment.to : endMs;
        if (to > from) totals[segment.band] += (to - from) / MINUTE;
      }
      cursor = day.end;
    }
  }

  /** The Europe/London date (YYYY-MM-DD) of an instant: the date whose card is in force. */
  localDate(instantMs: number): string {
    return this.dayContaining(instantMs).isoDate;
  }

  private dayContaining(instantMs: number): LocalDay {
    // Consecutive look-ups (a shift's next day, a sorted batch) usually land on the same day.
    const last = this.lastDay;
    if (last !== null && last.start <= instantMs && instantMs < last.end) return last;
    // London is UTC or UTC+1, so the local date's day number is one of these two.
    const later = this.day(Math.floor((instantMs + HOUR) / DAY));
    if (later.start <= instantMs && instantMs < later.end) return (this.lastDay = later);
    const earlier = this.day(Math.floor(instantMs / DAY));
    if (earlier.start <= instantMs && instantMs < earlier.end) return (this.lastDay = earlier);
    throw new RangeError(`no Europe/London day contains ${new Date(instantMs).toISOString()}`);
  }

  /** The local day numbered like the UTC day of the same calendar date. */
  private day(dayNumber: number): LocalDay {
    const cached = this.days.get(dayNumber);
    if (cached !== undefined) return cached;
    const date = DateTime.fromMillis(dayNumber * DAY, { zone: 'utc' });
    const at = (hour: number) =>
      DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour }, { zone: LONDON }).toMillis();
    const start = at(0);
    const end = DateTime.fromMillis(start, { zone: LONDON }).plus({ days: 1 }).startOf('day').toMillis();
    if ([start, end, at(6), at(7), at(19), at(20)].some((instant) => instant % MINUTE !== 0)) {
      throw new RangeError(`Europe/London day ${date.toISODate()} does not start on a whole minute`);
    }
    const isoDate = date.toISODate()!;
    const weekday = date.weekday; // 1 = Monday … 7 = Sunday
    const holiday = this.holidays.has(isoDate);
    const whole = (band: Band): Segment[] => [{ from: start, to: end, band: ALL_BANDS.indexOf(band) }];
    const split = (morning: number, evening: number, inside: Band, outside: Band): Segment[] => [
      { from: start, to: at(morning), band: ALL_BANDS.indexOf(outside) },
      { from: at(morning), to: at(evening), band: ALL_BANDS.indexOf(inside) },
      { from: at(evening), to: end, band: ALL_BANDS.indexOf(outside) },
    ];
    const day: LocalDay = {
      start,
      end,
      isoDate,
      segments: {
        agenda_for_change: holiday
          ? whole('bank_holiday')
          : weekday === 7
            ? whole('sunday')
            : weekday === 6
              ? whole('saturday')
              : split(6, 20, 'day', 'night'),
        medical: holiday || weekday >= 6 ? whole('unsocial') : split(7, 19, 'core', 'unsocial'),
      },
    };
    this.days.set(dayNumber, day);
    return day;
  }
}
