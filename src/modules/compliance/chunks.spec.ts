import { describe, expect, it } from '@jest/globals';
import { addDays, daysBetween } from '../time-bands/index.js';
import { planChunks, weeksOf } from './chunks.js';

describe('run chunks', () => {
  it('cuts a window at Mondays, keeping partial weeks at both ends', () => {
    // 2025-03-26 is a Wednesday; 2025-03-31 and 2025-04-07 are Mondays.
    expect(weeksOf('2025-03-26', '2025-04-09')).toEqual([
      { from: '2025-03-26', to: '2025-03-31' },
      { from: '2025-03-31', to: '2025-04-07' },
      { from: '2025-04-07', to: '2025-04-09' },
    ]);
  });

  it('counts days by calendar date, not by hours, across the clocks going forward', () => {
    expect(weeksOf('2025-03-30', '2025-03-31')).toEqual([{ from: '2025-03-30', to: '2025-03-31' }]);
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2025-01-01', -28)).toBe('2024-12-04');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('plans one chunk per trust and week, with stable keys', () => {
    const chunks = planChunks(['t1', 't2'], '2025-03-31', '2025-04-14');
    expect(chunks.map((chunk) => chunk.key)).toEqual([
      't1_2025-03-31',
      't1_2025-04-07',
      't2_2025-03-31',
      't2_2025-04-07',
    ]);
    expect(planChunks(['t1'], '2025-04-01', '2025-04-01')).toEqual([]);
  });
});
