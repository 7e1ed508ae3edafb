import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bandMinutesColumn } from '../../src/modules/shifts/band-minutes.columns.js';
import { capColumn, costSql } from '../../src/modules/compliance/compliance-sql.js';
import { ALL_BANDS, type BandValues } from '../../src/modules/time-bands/band-schemes.js';
import { costPence } from '../../src/modules/time-bands/costing.js';
import { seededRandom } from '../../src/bench/bench-support.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The compliance engine costs shifts in SQL; the ladder, bookings and quotes cost them in
 * TypeScript. Both must give the same pence for every shift, rounding included.
 */
describe('costing in SQL and in TypeScript', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('agrees on 5,000 generated shifts, including unrated bands and half-penny ties', async () => {
    const random = seededRandom(20251123);
    const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
    const cases = Array.from({ length: 5_000 }, (_, index) => {
      const elapsed = int(15, 1440);
      // Short breaks mostly, sometimes nearly the whole shift; a few shifts split into many bands.
      const paid = elapsed - (index % 7 === 0 ? int(0, elapsed - 1) : int(0, Math.min(90, elapsed - 1)));
      const minutes: BandValues = {};
      const rates: BandValues = {};
      let left = elapsed;
      const bands = [...ALL_BANDS].sort(() => random() - 0.5).slice(0, int(1, 4));
      bands.forEach((band, position) => {
        const share = position === bands.length - 1 ? left : int(0, left);
        left -= share;
        if (share > 0) minutes[band] = share;
        // One rate in twenty missing: the cost is then null on both sides.
        if (random() > 0.05) rates[band] = index % 11 === 0 ? int(1, 100_000) : int(900, 12_000);
      });
      // Rates for bands the shift does not touch change nothing.
      if (random() < 0.3) rates.core = int(1, 100_000);
      return { minutes, rates, elapsed, paid };
    });
    // Exactly half a penny, rounded up: 1p an hour × 60 minutes × 30 paid ÷ (60 × 60) = 0.5 → 1.
    cases.push({ minutes: { day: 60 }, rates: { day: 1 }, elapsed: 60, paid: 30 });

    await client.query(
      `CREATE TEMP TABLE parity (id int, elapsed int, paid int, ${ALL_BANDS.map((band) => `${bandMinutesColumn(band)} int, ${capColumn(band)} bigint`).join(', ')})`,
    );
    const columns = [
      'id',
      'elapsed',
      'paid',
      ...ALL_BANDS.flatMap((band) => [bandMinutesColumn(band), capColumn(band)]),
    ];
    const rows = cases.map((entry, id) => [
      id,
      entry.elapsed,
      entry.paid,
      ...ALL_BANDS.flatMap((band) => [entry.minutes[band] ?? 0, entry.rates[band] ?? null]),
    ]);
    await client.query(
      `INSERT INTO parity (${columns.join(', ')})
       SELECT * FROM unnest(${columns.map((_, i) => `$${i + 1}::${i < 3 || i % 2 === 1 ? 'int' : 'bigint'}[]`).join(', ')})`,
      columns.map((_, column) => rows.map((row) => row[column])),
    );
    const result = await client.query(
      `SELECT f.id, ${costSql('card', 'f', capColumn)} AS cost FROM parity f CROSS JOIN (SELECT 1 AS id) card ORDER BY f.id`,
    );
    const fromSql = result.rows.map((row: { cost: string | null }) => (row.cost === null ? null : Number(row.cost)));
    const fromTypeScript = cases.map((entry) =>
      costPence(entry.minutes, entry.rates, { elapsed: entry.elapsed, paid: entry.paid }),
    );
    const disagreements = fromTypeScript
      .map((expected, index) => ({ index, expected, actual: fromSql[index] }))
      .filter((entry) => entry.expected !== entry.actual);
    expect(disagreements).toEqual([]);
    expect(fromTypeScript.at(-1)).toBe(1);
    expect(fromTypeScript.filter((value) => value === null).length).toBeGreaterThan(100);
  });
});
