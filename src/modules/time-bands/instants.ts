/** ISO 8601 instant with an explicit offset (Z or ±hh:mm): local times without one are ambiguous. */
const INSTANT_WITH_OFFSET =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export const hasOffset = (value: string): boolean => INSTANT_WITH_OFFSET.test(value);

/** Epoch milliseconds of an ISO instant with an offset, or null when it is not one (or names a date that does not exist). */
export function parseInstant(value: string): number | null {
  if (!hasOffset(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2025-02-30 over to March: refuse dates that do not exist.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const offsetMatch = /(Z|[+-]\d{2}:\d{2})$/.exec(value)![1]!;
  const offsetMinutes =
    offsetMatch === 'Z'
      ? 0
      : (offsetMatch.startsWith('-') ? -1 : 1) *
        (Number(offsetMatch.slice(1, 3)) * 60 + Number(offsetMatch.slice(4, 6)));
  const local = new Date(ms + offsetMinutes * 60_000);
  if (local.getUTCFullYear() !== year || local.getUTCMonth() + 1 !== month || local.getUTCDate() !== day) return null;
  return ms;
}
