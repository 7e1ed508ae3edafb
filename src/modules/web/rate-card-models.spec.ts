import { describe, expect, it } from '@jest/globals';
import { cardTables, difference, diffRows, standingOf } from './rate-card-models.js';

const line = (
  staffGroup: string,
  grade: string,
  band: string,
  agencyCapPence: number,
  bankRatePence: number | null,
) => ({
  staffGroup,
  grade,
  band,
  agencyCapPence,
  bankRatePence,
});

describe('standingOf', () => {
  const inForce = new Set(['now']);
  it('tells a draft, a card in force, one still to come and one that is over', () => {
    expect(standingOf({ id: 'd', status: 'draft', effectiveFrom: '2020-01-01' }, inForce, '2026-05-01')).toBe('draft');
    expect(standingOf({ id: 'now', status: 'published', effectiveFrom: '2025-01-01' }, inForce, '2026-05-01')).toBe(
      'in_force',
    );
    expect(standingOf({ id: 'next', status: 'published', effectiveFrom: '2026-06-01' }, inForce, '2026-05-01')).toBe(
      'scheduled',
    );
    expect(standingOf({ id: 'old', status: 'published', effectiveFrom: '2024-01-01' }, inForce, '2026-05-01')).toBe(
      'past',
    );
  });
});

describe('cardTables', () => {
  it('groups lines by staff group in the Data Dictionary’s order, grades lowest first, bands as a week reads', () => {
    const tables = cardTables(
      [
        line('nursing', 'band6', 'night', 4800, 2800),
        line('medical', 'consultant', 'core', 8061, 7305),
        line('nursing', 'band5', 'day', 2996, 1800),
        line('nursing', 'band5', 'bank_holiday', 4794, 2700),
      ],
      '/rate-cards/abc',
    );
    expect(tables.map((table) => table.name)).toEqual(['Medical and Dental', 'Nursing and Midwifery Registered']);
    const nursing = tables[1]!;
    expect(nursing.bands.map((band) => band.name)).toEqual([
      'Weekday days',
      'Weekday nights',
      'Saturdays',
      'Sundays',
      'Bank holidays',
    ]);
    expect(nursing.grades.map((grade) => grade.name)).toEqual(['Band 5', 'Band 6']);
    expect(nursing.grades[0]!.cells).toEqual([
      { agencyCapPence: 2996, bankRatePence: 1800 },
      null,
      null,
      null,
      { agencyCapPence: 4794, bankRatePence: 2700 },
    ]);
    expect(nursing.grades[0]!.editHref).toBe('/rate-cards/abc/lines/nursing/band5');
    expect(tables[0]!.grades[0]!.name).toBe('Consultant');
  });

  it('has no change links on a published card', () => {
    expect(cardTables([line('nursing', 'band5', 'day', 2996, 1800)], null)[0]!.grades[0]!.editHref).toBeNull();
  });
});

describe('difference', () => {
  it('gives the change in pounds and as a per cent of the old rate, to one decimal', () => {
    expect(difference(1800, 1950)).toEqual({ pounds: '+£1.50', percent: '+8.3%' });
    expect(difference(3000, 2970)).toEqual({ pounds: '-£0.30', percent: '-1.0%' });
    expect(difference(2000, 2001)).toEqual({ pounds: '+£0.01', percent: '+0.1%' });
    expect(difference(2000, 2000)).toEqual({ pounds: '£0.00', percent: '0.0%' });
  });
});

describe('diffRows', () => {
  it('lists each changed rate with old, new and the difference, then added and removed lines', () => {
    const before = line('nursing', 'band5', 'day', 2600, 1800);
    const rows = diffRows({
      changed: [
        { staffGroup: 'nursing', grade: 'band5', band: 'day', before, after: { ...before, bankRatePence: 1950 } },
      ],
      added: [line('nursing', 'band6', 'sunday', 5907, 3000)],
      removed: [line('medical', 'fy1', 'core', 3000, 2000)],
    });
    expect(rows.changes).toEqual([
      {
        where: 'Nursing and Midwifery Registered, Band 5',
        band: 'Weekday days',
        rate: 'Bank rate',
        before: '£18.00',
        after: '£19.50',
        difference: '+£1.50',
        percent: '+8.3%',
      },
    ]);
    expect(rows.added).toEqual([
      { where: 'Nursing and Midwifery Registered, Band 6', band: 'Sundays', bankRate: '£30.00', agencyCap: '£59.07' },
    ]);
    expect(rows.removed[0]).toMatchObject({ where: 'Medical and Dental, FY1 (foundation year 1)', band: 'Core hours' });
  });
});
