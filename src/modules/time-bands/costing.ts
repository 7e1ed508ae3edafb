import type { Band, BandValues } from './band-schemes.js';

/** Shortest and longest shift (docs/rules.md section 5). */
export const MIN_SHIFT_MINUTES = 15;
export const MAX_SHIFT_MINUTES = 24 * 60;

/**
 * n ÷ d rounded half up, exactly, for a non-negative numerator and positive denominator. Uses
 * plain numbers while they are exact and BigInt beyond 2^53.
 */
export function divideHalfUp(numerator: number | bigint, denominator: number | bigint): number {
  if (typeof numerator === 'number' && typeof denominator === 'number' && Number.isSafeInteger(numerator)) {
    const quotient = Math.floor(numerator / denominator);
    const remainder = numerator - quotient * denominator;
    return 2 * remainder >= denominator ? quotient + 1 : quotient;
  }
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const quotient = n / d;
  const result = 2n * (n - quotient * d) >= d ? quotient + 1n : quotient;
  return Number(result);
}

export interface PaidMinutes {
  elapsed: number;
  paid: number;
}

/** Elapsed and paid minutes; refuses shifts shorter than 15 minutes, longer than 24 hours, or all break. */
export function paidMinutes(startMs: number, endMs: number, breakMinutes: number): PaidMinutes {
  const elapsed = (endMs - startMs) / 60_000;
  if (!Number.isInteger(elapsed)) throw new RangeError('shift instants must fall on whole minutes');
  if (elapsed < MIN_SHIFT_MINUTES) throw new RangeError(`a shift lasts at least ${MIN_SHIFT_MINUTES} minutes`);
  if (elapsed > MAX_SHIFT_MINUTES) throw new RangeError('a shift lasts at most 24 hours');
  if (!Number.isInteger(breakMinutes) || breakMinutes < 0 || breakMinutes >= elapsed) {
    throw new RangeError('the unpaid break must be whole minutes, at least 0 and shorter than the shift');
  }
  return { elapsed, paid: elapsed - breakMinutes };
}

/** The bands the shift touches that have no rate. */
export function missingRates(bandMinutes: BandValues, rates: BandValues): Band[] {
  return (Object.keys(bandMinutes) as Band[]).filter(
    (band) => (bandMinutes[band] ?? 0) > 0 && rates[band] === undefined,
  );
}

/**
 * Cost in pence at hourly rates (pence per hour), the unpaid break taken from every band in
 * proportion to its minutes:
 *
 *   cost = Σ rate[band] × minutes[band] × paid ÷ (elapsed × 60)
 *
 * computed exactly and rounded once, half up. Null when a band the shift touches has no rate.
 */
export function costPence(bandMinutes: BandValues, rates: BandValues, minutes: PaidMinutes): number | null {
  let weighted = 0;
  // for…in rather than Object.keys: no array per call on this hot path.
  for (const key in bandMinutes) {
    const band = key as Band;
    const bandMinutesValue = bandMinutes[band] ?? 0;
    if (bandMinutesValue === 0) continue;
    const rate = rates[band];
    if (rate === undefined) return null;
    weighted += rate * bandMinutesValue;
  }
  const numerator = weighted * minutes.paid;
  const denominator = minutes.elapsed * 60;
  if (Number.isSafeInteger(numerator)) return divideHalfUp(numerator, denominator);
  // Beyond 2^53 the float sum may be inexact: start again in BigInt.
  let exact = 0n;
  for (const band of Object.keys(bandMinutes) as Band[]) {
    exact += BigInt(rates[band] ?? 0) * BigInt(bandMinutes[band] ?? 0);
  }
  return divideHalfUp(exact * BigInt(minutes.paid), BigInt(denominator));
}

/** The effective hourly rate of an amount over the paid minutes: amount × 60 ÷ paid, half up. */
export function effectiveHourlyRatePence(amountPence: number, paid: number): number {
  const numerator = amountPence * 60;
  return divideHalfUp(Number.isSafeInteger(numerator) ? numerator : BigInt(amountPence) * 60n, paid);
}
