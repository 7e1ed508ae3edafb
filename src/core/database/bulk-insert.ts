/**
 * Multi-row inserts as one array per column: `INSERT INTO table (…) SELECT * FROM unnest($1::type[], …)`.
 * Two parameters or two thousand, the statement has one parameter per column, so no batch meets
 * PostgreSQL's limit of 65,535 parameters, and the plan is the same for every batch.
 */

/** What runs a statement: a pg.Client or pg.Pool, or a TypeORM EntityManager or QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** A column of the table and its PostgreSQL type, without the `[]`. */
export type BulkColumn = readonly [name: string, type: string];

export interface BulkInsertOptions {
  /** Rows per statement; the default suits rows of twenty-odd columns. */
  batchSize?: number;
  /** Appended to each statement: `ON CONFLICT … DO UPDATE SET …`. */
  onConflict?: string;
}

export const DEFAULT_BATCH_SIZE = 4_000;

/**
 * The arguments of `unnest(…)` for these types, numbered from `$first`. A jsonb column goes as one
 * JSON array: PostgreSQL parses it many times faster than an array literal of escaped JSON strings.
 */
export function unnestArguments(types: readonly string[], first = 1): string {
  return types
    .map((type, index) =>
      type === 'jsonb'
        ? `ARRAY(SELECT value FROM jsonb_array_elements($${first + index}::jsonb) WITH ORDINALITY ORDER BY ordinality)`
        : `$${first + index}::${type}[]`,
    )
    .join(', ');
}

/** The parameters for unnestArguments: one array per column, a jsonb column as one JSON string. */
export function columnParameters(types: readonly string[], rows: readonly (readonly unknown[])[]): unknown[] {
  return types.map((type, index) => {
    const values = rows.map((row) => row[index]);
    return type === 'jsonb' ? JSON.stringify(values) : values;
  });
}

/** Inserts rows (one value per column, in the columns' order), `batchSize` rows a statement. */
export async function bulkInsert(
  database: Queryable,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  options: BulkInsertOptions = {},
): Promise<void> {
  // At least one row a statement, so a batch size of 0 cannot loop for ever.
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const types = columns.map(([, type]) => type);
  const sql =
    `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${unnestArguments(types)})` +
    (options.onConflict ? ` ${options.onConflict}` : '');
  for (let first = 0; first < rows.length; first += batchSize) {
    await database.query(sql, columnParameters(types, rows.slice(first, first + batchSize)));
  }
}
