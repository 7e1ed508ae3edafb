import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { BandValues } from './band-schemes.js';
import { costPence, divideHalfUp, effectiveHourlyRatePence, missingRates, paidMinutes } from './costing.js';

describe('costPence (docs/rules.md section 5)', () => {
  it('costs the worked example: Friday night with a 30-minute break at 3000/3900/3900 is 45936 pence', () => {
    const minutes = { day: 60, night: 240, saturday: 450 };
    expect(costPence(minutes, { day: 3000, night: 3900, saturday: 3900 }, { elapsed: 750, paid: 720 })).toBe(45936);
  });

  it('rounds once, half up: 12.5 pence becomes 13, 12.4999 becomes 12', () => {
    // 1 minute at 750 p/h = 12.5 p.
    expect(costPence({ day: 1 }, { day: 750 }, { elapsed: 1, paid: 1 })).toBe(13);
    expect(costPence({ day: 1 }, { day: 749 }, { elapsed: 1, paid: 1 })).toBe(12);
  });

  it('takes the unpaid break from every band in proportion', () => {
    // 12 hours, one hour break: 11/12 of 12 h × 3000 p/h.
    expect(costPence({ day: 360, night: 360 }, { day: 3000, night: 3000 }, { elapsed: 720, paid: 660 })).toBe(33000);
  });

  it('is null when a band the shift touches has no rate, and names the band', () => {
    expect(costPence({ day: 60, night: 60 }, { day: 3000 }, { elapsed: 120, paid: 120 })).toBeNull();
    expect(missingRates({ day: 60, night: 60 }, { day: 3000 })).toEqual(['night']);
  });

  it('stays exact beyond 2^53 by switching to BigInt', () => {
    const huge = 2 ** 40;
    const expected = Number((BigInt(huge) * 1440n * 1440n + 43_200n) / 86_400n);
    expect(costPence({ day: 1440 }, { day: huge }, { elapsed: 1440, paid: 1440 })).toBe(expected);
  });

  const bandMinutes = fc
    .record({ day: fc.integer({ min: 0, max: 720 }), night: fc.integer({ min: 0, max: 720 }) })
    .filter((minutes) => minutes.day + minutes.night >= 15);
  const rates = fc.record({ day: fc.integer({ min: 1, max: 100_000 }), night: fc.integer({ min: 1, max: 100_000 }) });

  it('equals the minute-by-minute sum, exact, rounded once half up', () => {
    fc.assert(
      fc.property(bandMinutes, rates, fc.integer({ min: 0, max: 1439 }), (minutes, rate, breakMinutes) => {
        const elapsed = minutes.day + minutes.night;
        fc.pre(breakMinutes < elapsed);
        const paid = elapsed - breakMinutes;
        // Each minute of a band is worth rate/60 × paid/elapsed pence: add them one by one as an
        // exact fraction numerator / (elapsed × 60), then round half up: floor((2n + d) / 2d).
        let numerator = 0n;
        for (const band of ['day', 'night'] as const) {
          for (let minute = 0; minute < minutes[band]; minute += 1) numerator += BigInt(rate[band]) * BigInt(paid);
        }
        const denominator = BigInt(elapsed * 60);
        const expected = Number((2n * numerator + denominator) / (2n * denominator));
        expect(costPence(minutes as BandValues, rate, { elapsed, paid })).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never falls when a rate rises', () => {
    fc.assert(
      fc.property(bandMinutes, rates, fc.integer({ min: 1, max: 5_000 }), (minutes, rate, rise) => {
        const elapsed = minutes.day + minutes.night;
        const times = { elapsed, paid: elapsed };
        const before = costPence(minutes, rate, times)!;
        expect(costPence(minutes, { ...rate, night: rate.night + rise }, times)!).toBeGreaterThanOrEqual(before);
        expect(costPence(minutes, { ...rate, day: rate.day + rise }, times)!).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('divideHalfUp', () => {
  it('rounds exact halves up and everything else to nearest', () => {
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(7, 4)).toBe(2);
    expect(divideHalfUp(5, 4)).toBe(1);
    expect(divideHalfUp(0, 9)).toBe(0);
    expect(divideHalfUp(5n, 2n)).toBe(3);
  });
});

describe('paidMinutes', () => {
  const hour = 3_600_000;
  it('takes the break from the elapsed minutes', () => {
    expect(paidMinutes(0, 12.5 * hour, 30)).toEqual({ elapsed: 750, paid: 720 });
  });

  it('refuses a shift under 15 minutes, over 24 hours, or with a break as long as the shift', () => {
    expect(() => paidMinutes(0, 14 * 60_000, 0)).toThrow(RangeError);
    expect(() => paidMinutes(0, 24 * hour + 60_000, 0)).toThrow(RangeError);
    expect(() => paidMinutes(0, hour, 60)).toThrow(RangeError);
    expect(() => paidMinutes(0, hour, -1)).toThrow(RangeError);
    expect(paidMinutes(0, 24 * hour, 0)).toEqual({ elapsed: 1440, paid: 1440 });
    expect(paidMinutes(0, 15 * 60_000, 14)).toEqual({ elapsed: 15, paid: 1 });
  });
});

describe('effectiveHourlyRatePence', () => {
  it('is the amount × 60 ÷ paid minutes, half up', () => {
    expect(effectiveHourlyRatePence(45936, 720)).toBe(3828);
    expect(effectiveHourlyRatePence(100, 7)).toBe(857);
    expect(effectiveHourlyRatePence(120_000, 720)).toBe(10_000);
  });
});
