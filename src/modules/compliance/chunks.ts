import { addDays, daysBetween, weekdayOf } from '../time-bands/index.js';

/** A piece of a run: one trust's bookings whose shifts start in `[from, to)`, at most a week. */
export interface RunChunk {
  key: string;
  trustId: string;
  from: string;
  to: string;
}

/** The local dates of `[from, to)` cut at Mondays: the weeks a run is split into. */
export function weeksOf(from: string, to: string): { from: string; to: string }[] {
  const weeks: { from: string; to: string }[] = [];
  let start = from;
  while (daysBetween(start, to) > 0) {
    const monday = addDays(start, 7 - weekdayOf(start));
    const next = daysBetween(monday, to) > 0 ? monday : to;
    weeks.push({ from: start, to: next });
    start = next;
  }
  return weeks;
}

/** Every (trust, week) of a run's window; the key is stable, so a re-planned run finds its chunks. */
export function planChunks(trustIds: readonly string[], from: string, to: string): RunChunk[] {
  const weeks = weeksOf(from, to);
  return trustIds.flatMap((trustId) =>
    weeks.map((week) => ({ key: `${trustId}_${week.from}`, trustId, from: week.from, to: week.to })),
  );
}
