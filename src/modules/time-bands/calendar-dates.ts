/** Calendar dates written YYYY-MM-DD, counted in whole days of UTC so the clocks changing never shift them. */
const DAY_MS = 86_400_000;
const toMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** `date` plus `days` (negative to go back), as a date. */
export const addDays = (date: string, days: number): string => toDate(toMs(date) + days * DAY_MS);

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / DAY_MS);

/** The day of the week of a date: Monday 0 … Sunday 6. */
export const weekdayOf = (date: string): number => (new Date(toMs(date)).getUTCDay() + 6) % 7;
