import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { defaultWindow } from './dashboard.service.js';

describe('defaultWindow', () => {
  it('covers the last 3 months of London dates, today included', () => {
    expect(defaultWindow(DateTime.fromISO('2026-11-28T12:00:00Z'))).toEqual({ from: '2026-08-28', to: '2026-11-29' });
  });

  it('takes the London date, not the UTC one, in summer time', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    expect(defaultWindow(DateTime.fromISO('2026-06-30T23:30:00Z'))).toEqual({ from: '2026-04-01', to: '2026-07-02' });
  });

  it('ends 3 months back on the last day of a shorter month', () => {
    expect(defaultWindow(DateTime.fromISO('2026-05-31T12:00:00Z'))).toEqual({ from: '2026-02-28', to: '2026-06-01' });
  });
});
