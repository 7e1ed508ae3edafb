import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { validateSync } from 'class-validator';
import { type FieldError, InvalidInputError } from '../../core/errors/domain-errors.js';
import { toInvalidInput } from '../../core/errors/validation.js';
import { type ImportRowError, MAX_IMPORT_ERRORS } from './import.entity.js';

/** The columns of one kind of file: names are the API's JSON field names. */
export interface ImportColumns {
  required: readonly string[];
  optional: readonly string[];
}

/** One data record: its line in the file (the header is line 1) and its non-empty cells by column. */
export interface CsvRecord {
  row: number;
  values: Record<string, string>;
}

/** Row errors of one import: every one counted, the first MAX_IMPORT_ERRORS kept. */
export class RowErrors {
  readonly kept: ImportRowError[] = [];
  count = 0;

  add(row: number, field: string | null, message: string): void {
    this.count += 1;
    if (this.kept.length < MAX_IMPORT_ERRORS) this.kept.push({ row, field, message });
  }

  addAll(row: number, errors: readonly FieldError[]): void {
    for (const error of errors) this.add(row, error.field, error.message);
  }

  /** Runs a check that throws the API's InvalidInputError; its field errors become the row's. */
  catch<T>(row: number, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      this.addAll(row, error.errors ?? [{ field: '', message: error.detail }]);
      return undefined;
    }
  }

  /** False, with an error, when an earlier line of the file already named `key` (one record, one line). */
  firstTime(seen: Map<string, number>, key: string, row: number, field: string, what: string): boolean {
    const first = seen.get(key);
    if (first !== undefined) {
      this.add(row, field, `the file already has this ${what} on line ${first}`);
      return false;
    }
    seen.set(key, row);
    return true;
  }

  get empty(): boolean {
    return this.count === 0;
  }
}

/** Thrown by an applier when a row is refused: the transaction rolls back and the import fails. */
export class ImportRejected extends Error {
  constructor(readonly errors: RowErrors) {
    super(`${errors.count} row error(s)`);
  }
}

/**
 * Reads a CSV body with the streaming csv-parse parser, checking the header against the kind's
 * columns. A file with a bad header, bad quoting or invalid UTF-8 yields errors and no records
 * worth applying; every record is returned with its line so that later checks can name it.
 */
export async function readCsv(body: Buffer, columns: ImportColumns, errors: RowErrors): Promise<CsvRecord[]> {
  const validUtf8 = isValidUtf8(body);
  const records: CsvRecord[] = [];
  let header: string[] | null = null;
  const parser = Readable.from(chunks(body)).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, encoding: 'utf8' }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = record.map((cell) => cell.trim());
      if (header === null) {
        header = cells;
        if (!checkHeader(header, columns, errors)) return [];
        continue;
      }
      const row = info.lines;
      if (!validUtf8 && cells.some((cell) => cell.includes('\uFFFD'))) {
        errors.add(row, null, 'the row is not valid UTF-8');
        continue;
      }
      if (cells.length !== header.length) {
        errors.add(row, null, `the row has ${cells.length} fields; the header has ${header.length}`);
        continue;
      }
      const values: Record<string, string> = {};
      header.forEach((column, index) => {
        if (cells[index] !== '') values[column] = cells[index]!;
      });
      records.push({ row, values });
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    errors.add(
      (error as CsvError & { lines?: number }).lines ?? 0,
      null,
      `the file is not valid CSV: ${error.message}`,
    );
    return records;
  }
  if (header === null) errors.add(0, null, 'the file is empty: it needs a header and at least one row');
  else if (!validUtf8 && errors.empty) errors.add(0, null, 'the file is not valid UTF-8');
  return records;
}

/** Unknown, repeated and missing columns are errors of line 1. */
function checkHeader(header: string[], columns: ImportColumns, errors: RowErrors): boolean {
  const known = new Set([...columns.required, ...columns.optional]);
  const before = errors.count;
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) errors.add(1, column, `column ${column} appears twice`);
    else if (!known.has(column)) errors.add(1, column, `unknown column ${column}`);
    seen.add(column);
  }
  for (const column of columns.required) if (!seen.has(column)) errors.add(1, column, `missing column ${column}`);
  return errors.count === before;
}

/** Checked in place: no copy of a file of up to IMPORT_MAX_BYTES as a string. */
const isValidUtf8 = (body: Buffer): boolean => isUtf8(body);

/** The body in 64 KiB slices, so the parser streams through it rather than taking one huge string. */
function* chunks(body: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < body.length; offset += 65_536) yield body.subarray(offset, offset + 65_536);
}

const VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

const WHOLE_NUMBER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A whole number where the cell is one; otherwise the text, which the DTO then refuses by name. */
export const integerCell = (value: string | undefined): unknown =>
  value !== undefined && WHOLE_NUMBER.test(value) ? Number(value) : value;

export const decimalCell = (value: string | undefined): unknown =>
  value !== undefined && DECIMAL.test(value) ? Number(value) : value;

export const booleanCell = (value: string | undefined): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A list cell: items separated by `;`. */
export const listCell = (value: string | undefined): unknown =>
  value === undefined
    ? undefined
    : value
        .split(';')
        .map((item) => item.trim())
        .filter((item) => item !== '');

/**
 * Validates a row against an API DTO with the global ValidationPipe's class-validator options
 * (whitelist, forbidNonWhitelisted), synchronously: the field errors, or the instance. The import
 * DTOs carry no class-transformer decorators, so assigning the cells is what plainToInstance
 * would do, at a fifth of the cost over 100,000 rows.
 */
export function validateRow<T extends object>(
  type: new () => T,
  plain: object,
): { value: T; errors: null } | { value: null; errors: FieldError[] } {
  const instance = Object.assign(new type(), plain);
  const failures = validateSync(instance, VALIDATION);
  if (failures.length === 0) return { value: instance, errors: null };
  return { value: null, errors: toInvalidInput(failures).errors ?? [] };
}
