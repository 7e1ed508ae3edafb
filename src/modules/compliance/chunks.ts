/** A piece of a run: one trust's bookings whose shifts start in `[from, to)`, at most a week. */
export interface RunChunk {
  key: string;
  trustId: string;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const toDate = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The local dates of `[from, to)` cut at Mondays: the weeks a run is split into. */
export function weeksOf(from: string, to: string): { from: string; to: string }[] {
  const weeks: { from: string; to: string }[] = [];
  const end = toDate(to);
  let start = toDate(from);
  while (start < end) {
    const weekday = (new Date(start).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    const next = Math.min(start + (7 - weekday) * DAY_MS, end);
    weeks.push({ from: toIso(start), to: toIso(next) });
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

/** `date` plus `days` (negative to go back), as a date. */
export const addDays = (date: string, days: number): string => toIso(toDate(date) + days * DAY_MS);

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number => Math.round((toDate(to) - toDate(from)) / DAY_MS);
