import type pg from 'pg';
import { bulkInsert } from '../core/database/bulk-insert.js';
import { BandCalendar } from '../modules/time-bands/index.js';
import { planBookings } from './demo-bookings.js';
import { type DemoOptions, planDemo } from './demo-plan.js';
import { DEMO_SYSTEMS } from './demo-region.js';
import { seedInvoices } from './demo-invoices.js';
import { demoTables } from './demo-seed-tables.js';

/**
 * Seeds the demo region once per database: plans everything in memory from the seed
 * (demo-plan.ts, demo-bookings.ts), then writes it in one transaction, a few thousand rows per
 * statement (bulkInsert: INSERT … SELECT FROM unnest of one array per column; demo-seed-tables.ts).
 */

export interface DemoSystemRef {
  id: string;
  code: string;
  name: string;
}

export interface SeedResult {
  /** False when the database already held the demo: nothing was written. */
  seeded: boolean;
  systems: DemoSystemRef[];
  /** First local date of the history and first date after the open shifts. */
  from: string;
  to: string;
}

export const DEFAULT_DEMO_OPTIONS = { historyDays: 182, futureDays: 14, scale: 1 } as const;

const DEMO_ODS_CODES = DEMO_SYSTEMS.flatMap((system) => system.trusts.map((trust) => trust.odsCode));
const BATCH = 4_000;

export async function seedDemo(client: pg.Client, options: DemoOptions): Promise<SeedResult> {
  const existing = await existingDemo(client);
  if (existing) return existing;
  const holidays = (
    await client.query<{ date: string }>(`SELECT date::text AS date FROM bank_holidays ORDER BY date`)
  ).rows.map((row) => row.date);
  const calendar = new BandCalendar(holidays);
  const plan = planDemo(options, holidays);
  const filled = plan.systems.map((system) => planBookings(plan, system, options.seed, calendar));

  await client.query('BEGIN');
  try {
    for (const { table, columns, rows } of demoTables(plan, filled, options.seed)) {
      await bulkInsert(client, table, columns, rows, { batchSize: BATCH });
    }
    await seedInvoices(client, options.seed, options.today);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('ANALYZE');
  return { seeded: true, systems: await demoSystems(client), from: plan.from, to: plan.to };
}

const demoSystems = async (client: pg.Client): Promise<DemoSystemRef[]> =>
  (
    await client.query<DemoSystemRef>(`SELECT id, code, name FROM systems WHERE code = ANY($1) ORDER BY code`, [
      DEMO_SYSTEMS.map((system) => system.code),
    ])
  ).rows;

/** The demo already in the database, undefined when there is none; refuses a partial one. */
async function existingDemo(client: pg.Client): Promise<SeedResult | undefined> {
  const found = await client.query<{ ods_code: string }>(`SELECT ods_code FROM trusts WHERE ods_code = ANY($1)`, [
    DEMO_ODS_CODES,
  ]);
  if (found.rowCount === DEMO_ODS_CODES.length) {
    const [window] = (
      await client.query<{ from: string; to: string }>(
        `SELECT min(s.local_start_date)::text AS from, (max(s.local_start_date) + 1)::text AS to
           FROM shifts s JOIN trusts t ON t.id = s.trust_id WHERE t.ods_code = ANY($1)`,
        [DEMO_ODS_CODES],
      )
    ).rows;
    return { seeded: false, systems: await demoSystems(client), from: window!.from, to: window!.to };
  }
  if (found.rowCount !== 0) {
    throw new Error(
      `This database holds some of the demo's trusts (${found.rows.map((row) => row.ods_code).join(', ')}) but not all: ` +
        'it was seeded by an earlier version of the demo. Drop it (or point DATABASE_URL at a new one) and run the demo again.',
    );
  }
  return undefined;
}

/** Key figures of the seeded demo: what it holds, and the sums a change of seed would move. */
export interface DemoFigures {
  trusts: number;
  wards: number;
  bankWorkers: number;
  agencies: number;
  contracts: number;
  shifts: number;
  openShifts: number;
  bookings: number;
  agencyBookings: number;
  pendingApproval: number;
  timesheets: number;
  costPence: number;
  timesheetPence: number;
  invoices: number;
  invoiceLines: number;
  disputedLines: number;
  invoicedPence: number;
  validatedPence: number;
}

export async function demoFigures(client: pg.Client): Promise<DemoFigures> {
  const [row] = (
    await client.query(
      `SELECT (SELECT count(*) FROM trusts WHERE ods_code = ANY($1))::int AS trusts,
              (SELECT count(*) FROM wards w JOIN trusts t ON t.id = w.trust_id WHERE t.ods_code = ANY($1))::int AS wards,
              (SELECT count(*) FROM bank_workers w JOIN trusts t ON t.id = w.home_trust_id WHERE t.ods_code = ANY($1))::int AS "bankWorkers",
              (SELECT count(DISTINCT agency_id) FROM agency_contracts c JOIN systems s ON s.id = c.system_id WHERE s.code = ANY($2))::int AS agencies,
              (SELECT count(*) FROM agency_contracts c JOIN systems s ON s.id = c.system_id WHERE s.code = ANY($2))::int AS contracts,
              count(DISTINCT s.id)::int AS shifts,
              count(DISTINCT s.id) FILTER (WHERE s.status = 'open')::int AS "openShifts",
              count(b.id)::int AS bookings,
              count(b.id) FILTER (WHERE b.type = 'agency')::int AS "agencyBookings",
              count(b.id) FILTER (WHERE b.status = 'pending_approval')::int AS "pendingApproval",
              count(ts.id)::int AS timesheets,
              coalesce(sum(b.cost_pence), 0)::bigint AS "costPence",
              coalesce(sum(ts.amount_pence), 0)::bigint AS "timesheetPence",
              (SELECT count(*) FROM invoices i JOIN systems sy ON sy.id = i.system_id WHERE sy.code = ANY($2))::int AS invoices,
              (SELECT count(*) FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id JOIN systems sy ON sy.id = i.system_id
                WHERE sy.code = ANY($2))::int AS "invoiceLines",
              (SELECT count(*) FILTER (WHERE il.status <> 'matched') FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
                 JOIN systems sy ON sy.id = i.system_id WHERE sy.code = ANY($2))::int AS "disputedLines",
              (SELECT coalesce(sum(il.amount_pence), 0) FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
                 JOIN systems sy ON sy.id = i.system_id WHERE sy.code = ANY($2))::bigint AS "invoicedPence",
              (SELECT coalesce(sum(il.validated_pence), 0) FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
                 JOIN systems sy ON sy.id = i.system_id WHERE sy.code = ANY($2))::bigint AS "validatedPence"
         FROM shifts s
         JOIN trusts t ON t.id = s.trust_id AND t.ods_code = ANY($1)
         LEFT JOIN bookings b ON b.shift_id = s.id
         LEFT JOIN timesheets ts ON ts.booking_id = b.id`,
      [DEMO_ODS_CODES, DEMO_SYSTEMS.map((system) => system.code)],
    )
  ).rows as Record<string, string | number>[];
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)])) as unknown as DemoFigures;
}
