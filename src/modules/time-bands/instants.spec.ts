import { describe, expect, it } from '@jest/globals';
import { parseInstant } from './instants.js';

describe('parseInstant', () => {
  it('reads instants with Z or a ±hh:mm offset', () => {
    expect(parseInstant('2025-04-04T19:00:00+01:00')).toBe(Date.UTC(2025, 3, 4, 18));
    expect(parseInstant('2025-04-04T18:00Z')).toBe(Date.UTC(2025, 3, 4, 18));
    expect(parseInstant('2025-04-04T13:00:00-05:00')).toBe(Date.UTC(2025, 3, 4, 18));
  });

  it('refuses a local time without an offset, a date alone, and nonsense', () => {
    expect(parseInstant('2025-04-04T19:00:00')).toBeNull();
    expect(parseInstant('2025-04-04')).toBeNull();
    expect(parseInstant('tomorrow')).toBeNull();
    // Fractions finer than a millisecond would be dropped silently by Date.parse.
    expect(parseInstant('2025-04-04T19:00:00.0009Z')).toBeNull();
    expect(parseInstant('2025-04-04T19:00:00.000Z')).toBe(Date.UTC(2025, 3, 4, 19));
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    expect(parseInstant('2025-02-29T10:00:00Z')).toBeNull();
    expect(parseInstant('2025-04-31T10:00:00+01:00')).toBeNull();
    expect(parseInstant('2024-02-29T23:30:00-01:00')).toBe(Date.UTC(2024, 2, 1, 0, 30));
  });
});
