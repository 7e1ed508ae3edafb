import { describe, expect, it } from '@jest/globals';
import { CsvError, diffLines, type Line, lineErrors, linesFromCsv, linesToCsv } from './rate-card-lines.js';

const line = (overrides: Partial<Line> = {}): Line => ({
  staffGroup: 'nursing',
  grade: 'band5',
  band: 'day',
  agencyCapPence: 2996,
  bankRatePence: null,
  ...overrides,
});

describe('lineErrors', () => {
  it('accepts the illustrative band 5 national caps', () => {
    const lines = [
      line(),
      line({ band: 'night', agencyCapPence: 3895 }),
      line({ band: 'sunday', agencyCapPence: 4794 }),
    ];
    expect(lineErrors('national', lines)).toEqual([]);
  });

  it('refuses a grade of another staff group and a band of the other scheme', () => {
    expect(
      lineErrors('national', [
        line({ grade: 'consultant' }),
        line({ staffGroup: 'medical', grade: 'consultant', band: 'night' }),
      ]),
    ).toEqual([
      { field: 'lines[0].grade', message: 'consultant is not a grade of nursing' },
      { field: 'lines[1].band', message: 'night is not a band of medical' },
    ]);
  });

  it('refuses the same staff group, grade and band twice', () => {
    expect(lineErrors('national', [line(), line({ agencyCapPence: 3000 })])).toEqual([
      { field: 'lines[1]', message: 'repeats lines[0] (nursing band5 day)' },
    ]);
  });

  it('wants a bank rate on system card lines and none on national ones', () => {
    expect(lineErrors('system', [line()])[0]?.field).toBe('lines[0].bankRatePence');
    expect(lineErrors('national', [line({ bankRatePence: 1636 })])[0]?.field).toBe('lines[0].bankRatePence');
    expect(lineErrors('system', [line({ bankRatePence: 1636 })])).toEqual([]);
  });
});

describe('CSV', () => {
  it('round-trips lines exactly, in a stable order', () => {
    const lines = [
      line({ band: 'night', agencyCapPence: 3895, bankRatePence: 2045 }),
      line({ staffGroup: 'medical', grade: 'consultant', band: 'core', agencyCapPence: 8061, bankRatePence: 7305 }),
      line({ bankRatePence: 1636 }),
    ];
    const csv = linesToCsv(lines);
    expect(csv.split('\r\n')[0]).toBe('staffGroup,grade,band,agencyCapPence,bankRatePence');
    const parsed = linesFromCsv(csv);
    expect(parsed).toEqual([
      { staffGroup: 'medical', grade: 'consultant', band: 'core', agencyCapPence: 8061, bankRatePence: 7305 },
      { staffGroup: 'nursing', grade: 'band5', band: 'night', agencyCapPence: 3895, bankRatePence: 2045 },
      { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2996, bankRatePence: 1636 },
    ]);
    expect(linesToCsv(parsed as unknown as Line[])).toBe(csv);
  });

  it('reads national lines without the bankRatePence column, with a BOM and blank lines', () => {
    expect(linesFromCsv('\uFEFFstaffGroup,grade,band,agencyCapPence\n\nnursing,band5,day,2996\n')).toEqual([
      { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2996 },
    ]);
  });

  it('names unknown and missing columns, and bad quoting', () => {
    expect(() => linesFromCsv('staffGroup,grade,colour\n')).toThrow(CsvError);
    try {
      linesFromCsv('staffGroup,grade,colour\n');
    } catch (error) {
      expect((error as CsvError).errors).toEqual([
        { field: 'csv', message: 'unknown column colour' },
        { field: 'csv', message: 'missing column band' },
        { field: 'csv', message: 'missing column agencyCapPence' },
      ]);
    }
    expect(() => linesFromCsv('staffGroup,grade,band,agencyCapPence\n"nursing,band5,day,1\n')).toThrow(CsvError);
    expect(() => linesFromCsv('staffGroup,grade,band,agencyCapPence,agencyCapPence\nnursing,band5,day,1,2\n')).toThrow(
      'column agencyCapPence appears twice',
    );
  });

  it('leaves a non-numeric rate as text for validation to name', () => {
    expect(linesFromCsv('staffGroup,grade,band,agencyCapPence\nnursing,band5,day,12.50\n')[0]?.agencyCapPence).toBe(
      '12.50',
    );
  });
});

describe('diffLines', () => {
  it('lists lines added, removed and changed with both values', () => {
    const before = [line(), line({ band: 'night', agencyCapPence: 3895 })];
    const after = [line({ agencyCapPence: 3100 }), line({ band: 'saturday', agencyCapPence: 3895 })];
    expect(diffLines(before, after)).toEqual({
      added: [line({ band: 'saturday', agencyCapPence: 3895 })],
      removed: [line({ band: 'night', agencyCapPence: 3895 })],
      changed: [
        { staffGroup: 'nursing', grade: 'band5', band: 'day', before: line(), after: line({ agencyCapPence: 3100 }) },
      ],
    });
  });
});
