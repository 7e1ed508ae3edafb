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

export interface SortKey<T> {
  /** Property of the query's main entity, e.g. `code` or `createdAt`. */
  property: keyof T & string;
  /** Its column name and PostgreSQL type, to compare the cursor in the column's own order. */
  column: string;
  type: 'text' | 'uuid' | 'date' | 'timestamptz';
  key: (item: T) => string;
  /** Newest (largest) first. A timestamptz sort column must hold milliseconds only, as the cursor does. */
  descending?: boolean;
}

/** Keyset pagination over (sort column, id), ascending unless `descending`; `nextCursor` is null on the last page. */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageQuery,
  sort: SortKey<T>,
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const alias = query.alias;
  if (page.cursor) {
    const [value, id] = decodeCursor(page.cursor);
    query.andWhere(
      `("${alias}"."${sort.column}", "${alias}"."id") ${sort.descending ? '<' : '>'} (CAST(:cursorValue AS ${sort.type}), CAST(:cursorId AS uuid))`,
      { cursorValue: value, cursorId: id },
    );
  }
  const rows = await query
    .orderBy(`${alias}.${sort.property}`, sort.descending ? 'DESC' : 'ASC')
    .addOrderBy(`${alias}.id`, sort.descending ? 'DESC' : 'ASC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([sort.key(last), last.id]), 'utf8').toString('base64url')
      : null;
  return { items, nextCursor };
}
