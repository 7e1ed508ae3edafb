import type { EntityManager } from 'typeorm';
import type { BookingRequest } from '../bookings/index.js';
import type { BookingView } from '../bookings/index.js';
import type { BandCalendar } from '../time-bands/index.js';
import type { ImportKind } from './import.entity.js';
import type { CsvRecord, ImportColumns, RowErrors } from './import-csv.js';

/** What an applier knows about the import it applies. */
export interface ImportContext {
  importId: string;
  keyId: string;
  requestId: string | null;
  /** The trusts rows may name; null for an admin key's import (every trust). */
  scopeTrustIds: ReadonlySet<string> | null;
  calendar: BandCalendar;
  /** Books an open shift the import wrote, as a booking recorded from another system (`BookingsService.book`). */
  book(
    manager: EntityManager,
    shiftId: string,
    request: BookingRequest & { exemptionRef: string | null },
  ): Promise<BookingView>;
}

export const inScope = (context: ImportContext, trustId: string): boolean =>
  context.scopeTrustIds === null || context.scopeTrustIds.has(trustId);

export const OUTSIDE_SCOPE = 'does not exist or is outside the key’s scope';

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Shifts whose compliance must be re-checked (already marked in the transaction). */
  recheck: boolean;
  /** Alert events were recorded in the transaction. */
  alerts: boolean;
}

/**
 * One kind of file. `apply` runs inside the import's transaction: it validates every record,
 * adds each refusal to `errors` and throws ImportRejected if there is any, else writes in batches.
 */
export interface Importer {
  kind: ImportKind;
  columns: ImportColumns;
  apply(
    manager: EntityManager,
    records: CsvRecord[],
    context: ImportContext,
    errors: RowErrors,
  ): Promise<ImportOutcome>;
}

/** Runs `statement` with `rows` split into batches, so no statement carries more than a few MB of parameters. */
export async function inBatches<T>(
  rows: T[],
  size: number,
  statement: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let offset = 0; offset < rows.length; offset += size) await statement(rows.slice(offset, offset + size));
}

/** The column of `rows` as an array parameter (for `unnest($1::type[], …)`). */
export const column = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((row) => row[key]);
