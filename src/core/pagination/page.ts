import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidInputError } from '../errors/domain-errors.js';

/** `limit` and `cursor`, accepted by every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      decoded.every((part) => typeof part === 'string' && !part.includes('\u0000'))
    ) {
      return decoded as [string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor is not a cursor this API returned', [
    { field: 'cursor', message: 'unknown cursor' },
  ]);
}

/** Which way a list runs by its sort property; ties break on `id`, the same way. */
export type SortDirection = 'ascending' | 'descending';

/** The cursor's text for a sort value: an instant in ISO form (milliseconds, as the column holds). */
function cursorText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Keyset pagination over (sort property, id), ascending unless `descending`; `nextCursor` is null
 * on the last page. The column and its PostgreSQL type come from the entity's TypeORM metadata, so
 * the cursor compares in the column's own order. A timestamptz sort column must hold milliseconds
 * only, as the cursor does.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageQuery,
  property: keyof T & string,
  direction: SortDirection = 'ascending',
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const alias = query.alias;
  const column = query.expressionMap.mainAlias!.metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`paginate: ${property} is not a column of ${alias}`);
  const descending = direction === 'descending';
  if (page.cursor) {
    const [value, id] = decodeCursor(page.cursor);
    const type = query.connection.driver.normalizeType(column);
    query.andWhere(
      `("${alias}"."${column.databaseName}", "${alias}"."id") ${descending ? '<' : '>'} (CAST(:cursorValue AS ${type}), CAST(:cursorId AS uuid))`,
      { cursorValue: value, cursorId: id },
    );
  }
  const rows = await query
    .orderBy(`${alias}.${property}`, descending ? 'DESC' : 'ASC')
    .addOrderBy(`${alias}.id`, descending ? 'DESC' : 'ASC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([cursorText(last[property]), last.id]), 'utf8').toString('base64url')
      : null;
  return { items, nextCursor };
}
