import { describe, expect, it } from '@jest/globals';
import { londonInstantOf, londonIso, londonWallClockOf } from './london-times.js';

describe('London wall-clock times and instants', () => {
  it('reads a summer time as BST and a winter time as GMT', () => {
    expect(londonInstantOf({ date: '2025-10-25', time: '19:00' })).toEqual({
      kind: 'exact',
      ms: Date.parse('2025-10-25T18:00:00Z'),
    });
    expect(londonInstantOf({ date: '2025-11-01', time: '19:00' })).toEqual({
      kind: 'exact',
      ms: Date.parse('2025-11-01T19:00:00Z'),
    });
  });

  it('finds no instant in the hour the clocks skip (Sunday 29 March 2026, 01:00 to 02:00)', () => {
    expect(londonInstantOf({ date: '2026-03-29', time: '01:30' })).toEqual({ kind: 'skipped' });
    expect(londonInstantOf({ date: '2026-03-29', time: '02:00' })).toEqual({
      kind: 'exact',
      ms: Date.parse('2026-03-29T01:00:00Z'),
    });
  });

  it('finds two instants an hour apart in the hour the clocks repeat (Sunday 25 October 2026)', () => {
    expect(londonInstantOf({ date: '2026-10-25', time: '01:30' })).toEqual({
      kind: 'repeated',
      earlierMs: Date.parse('2026-10-25T00:30:00Z'),
      laterMs: Date.parse('2026-10-25T01:30:00Z'),
    });
  });

  it('reads an instant back as the London date and time, with its offset', () => {
    expect(londonWallClockOf(Date.parse('2025-10-25T23:30:00Z'))).toEqual({ date: '2025-10-26', time: '00:30' });
    expect(londonIso(Date.parse('2025-10-25T18:00:00Z'))).toBe('2025-10-25T19:00:00+01:00');
    expect(londonIso(Date.parse('2025-10-26T07:30:00Z'))).toBe('2025-10-26T07:30:00+00:00');
  });
});
