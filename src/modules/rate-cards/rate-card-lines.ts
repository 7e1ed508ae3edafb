import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldError } from '../../core/errors/domain-errors.js';
import { ALL_BANDS, type Band } from '../time-bands/index.js';
import { bandLineErrors, gradeRank, STAFF_GROUP_KEYS, type StaffGroup } from '../time-bands/index.js';
import type { RateCardScope } from './rate-card.entity.js';

/** A line as the API shows it and as the CSV holds it. */
export interface Line {
  staffGroup: string;
  grade: string;
  band: string;
  agencyCapPence: number;
  bankRatePence: number | null;
}

export const CSV_COLUMNS = ['staffGroup', 'grade', 'band', 'agencyCapPence', 'bankRatePence'] as const;

const lineKey = (line: Pick<Line, 'staffGroup' | 'grade' | 'band'>) => `${line.staffGroup}|${line.grade}|${line.band}`;

/** The rules that need more than one field (docs/rules.md section 6): the shared band-line rules, and the bank rate on system cards only. */
export function lineErrors(scope: RateCardScope, lines: readonly Line[]): FieldError[] {
  const errors: FieldError[] = bandLineErrors(lines);
  lines.forEach((line, index) => {
    const field = `lines[${index}].bankRatePence`;
    if (scope === 'national' && line.bankRatePence !== null) {
      errors.push({ field, message: 'a national card holds agency caps only' });
    }
    if (scope === 'system' && line.bankRatePence === null) {
      errors.push({ field, message: 'a system card line needs the agreed bank rate' });
    }
  });
  // In line order, as a reader of the file would fix them.
  return errors.sort((a, b) => lineIndex(a.field) - lineIndex(b.field));
}

const lineIndex = (field: string): number => Number(/^lines\[(\d+)\]/.exec(field)?.[1] ?? -1);

/** Staff group, then grade rank, then band precedence: the order of every listing and export. */
export function sortLines<T extends Line>(lines: T[]): T[] {
  const groupOrder = (line: Line) => STAFF_GROUP_KEYS.indexOf(line.staffGroup as StaffGroup);
  return [...lines].sort(
    (a, b) =>
      groupOrder(a) - groupOrder(b) ||
      gradeRank(a.staffGroup as StaffGroup, a.grade) - gradeRank(b.staffGroup as StaffGroup, b.grade) ||
      ALL_BANDS.indexOf(a.band as Band) - ALL_BANDS.indexOf(b.band as Band),
  );
}

export function linesToCsv(lines: Line[]): string {
  return stringify(
    sortLines(lines).map((line) => [
      line.staffGroup,
      line.grade,
      line.band,
      line.agencyCapPence,
      line.bankRatePence ?? '',
    ]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: '\r\n' },
  );
}

export class CsvError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
  }
}

const PENCE = /^\d{1,6}$/;

/**
 * Lines from CSV with the header `staffGroup,grade,band,agencyCapPence,bankRatePence` (the last
 * column may be left out or empty on national cards). Rows are reported as `lines[i]`, the first
 * data row being `lines[0]`; other checks are left to the same validation as JSON input.
 */
export function linesFromCsv(csv: string): Record<string, unknown>[] {
  let rows: string[][];
  try {
    rows = parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new CsvError([{ field: 'csv', message: (error as Error).message }]);
  }
  const [header, ...data] = rows;
  if (!header) throw new CsvError([{ field: 'csv', message: 'the file is empty' }]);
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  if (repeated.length > 0) {
    throw new CsvError(repeated.map((column) => ({ field: 'csv', message: `column ${column} appears twice` })));
  }
  const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  const missing = CSV_COLUMNS.slice(0, 4).filter((column) => !header.includes(column));
  if (unknown.length > 0 || missing.length > 0) {
    throw new CsvError([
      ...unknown.map((column) => ({ field: 'csv', message: `unknown column ${column}` })),
      ...missing.map((column) => ({ field: 'csv', message: `missing column ${column}` })),
    ]);
  }
  return data.map((row) => {
    const cell = (column: string) => row[header.indexOf(column)] ?? '';
    const pence = (column: string) => {
      const value = cell(column);
      if (value === '') return undefined;
      return PENCE.test(value) ? Number(value) : value;
    };
    const line: Record<string, unknown> = {
      staffGroup: cell('staffGroup'),
      grade: cell('grade'),
      band: cell('band'),
      agencyCapPence: pence('agencyCapPence'),
    };
    const bank = pence('bankRatePence');
    if (bank !== undefined) line.bankRatePence = bank;
    return line;
  });
}

export interface LineDiff {
  added: Line[];
  removed: Line[];
  changed: { staffGroup: string; grade: string; band: string; before: Line; after: Line }[];
}

/** What changed from `before` to `after`, line by line. */
export function diffLines(before: Line[], after: Line[]): LineDiff {
  const beforeByKey = new Map(before.map((line) => [lineKey(line), line]));
  const afterByKey = new Map(after.map((line) => [lineKey(line), line]));
  const changed: LineDiff['changed'] = [];
  for (const line of sortLines(after)) {
    const old = beforeByKey.get(lineKey(line));
    if (old && (old.agencyCapPence !== line.agencyCapPence || old.bankRatePence !== line.bankRatePence)) {
      changed.push({ staffGroup: line.staffGroup, grade: line.grade, band: line.band, before: old, after: line });
    }
  }
  return {
    added: sortLines(after.filter((line) => !beforeByKey.has(lineKey(line)))),
    removed: sortLines(before.filter((line) => !afterByKey.has(lineKey(line)))),
    changed,
  };
}
