import { DateTime } from 'luxon';
import { LONDON } from './band-calendar.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A London wall-clock reading: a date (YYYY-MM-DD) and a time of day (HH:mm). */
export interface WallClock {
  date: string;
  time: string;
}

/**
 * The instant a London wall clock shows a time on a date. Around a clock change there may be none
 * (the hour skipped in March) or two (the hour repeated in October): callers decide what to say.
 */
export type WallClockInstant =
  { kind: 'exact'; ms: number } | { kind: 'skipped' } | { kind: 'repeated'; earlierMs: number; laterMs: number };

/** The London wall clock of an instant, to the minute. */
export function londonWallClockOf(ms: number): WallClock {
  const local = DateTime.fromMillis(ms, { zone: LONDON });
  return { date: local.toISODate()!, time: local.toFormat('HH:mm') };
}

/** An instant as ISO 8601 with London's offset then: `2025-10-25T19:00:00+01:00`. */
export const londonIso = (ms: number): string =>
  DateTime.fromMillis(ms, { zone: LONDON }).toISO({ suppressMilliseconds: true })!;

/**
 * When a London wall clock shows `time` on `date`. Every offset London keeps either side of the day
 * is tried, and those that read back as the same wall clock are the answers: one normally, none in
 * the hour the clocks skip, two in the hour they repeat.
 */
export function londonInstantOf(wallClock: WallClock): WallClockInstant {
  const [year, month, day] = wallClock.date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = wallClock.time.split(':').map(Number) as [number, number];
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsets = new Set(
    [asIfUtc - DAY, asIfUtc + DAY].map((probe) => DateTime.fromMillis(probe, { zone: LONDON }).offset),
  );
  const matches = [...offsets]
    .map((offsetMinutes) => asIfUtc - offsetMinutes * MINUTE)
    .filter((ms) => {
      const back = londonWallClockOf(ms);
      return back.date === wallClock.date && back.time === wallClock.time;
    })
    .sort((first, second) => first - second);
  if (matches.length === 0) return { kind: 'skipped' };
  if (matches.length === 1) return { kind: 'exact', ms: matches[0]! };
  return { kind: 'repeated', earlierMs: matches[0]!, laterMs: matches[1]! };
}
