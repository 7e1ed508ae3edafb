import type pg from 'pg';
import { BandCalendar } from '../modules/time-bands/band-calendar.js';
import { ALL_BANDS, type BandValues } from '../modules/time-bands/band-schemes.js';
import { bandMinutesColumn } from '../modules/shifts/band-minutes.columns.js';
import { type BookingRow, planBookings, type TimesheetRow } from './demo-bookings.js';
import { type DemoOptions, planDemo, type ShiftRow } from './demo-plan.js';
import { DEMO_SYSTEMS } from './demo-region.js';

/**
 * Seeds the demo region once per database: plans everything in memory from the seed
 * (demo-plan.ts, demo-bookings.ts), then writes it in one transaction, a few thousand rows per
 * statement (INSERT … SELECT FROM unnest of one array per column).
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
  const found = await client.query<{ ods_code: string }>(`SELECT ods_code FROM trusts WHERE ods_code = ANY($1)`, [
    DEMO_ODS_CODES,
  ]);
  const systems = async () =>
    (
      await client.query<DemoSystemRef>(`SELECT id, code, name FROM systems WHERE code = ANY($1) ORDER BY code`, [
        DEMO_SYSTEMS.map((system) => system.code),
      ])
    ).rows;
  if (found.rowCount === DEMO_ODS_CODES.length) {
    const [window] = (
      await client.query<{ from: string; to: string }>(
        `SELECT min(s.local_start_date)::text AS from, (max(s.local_start_date) + 1)::text AS to
           FROM shifts s JOIN trusts t ON t.id = s.trust_id WHERE t.ods_code = ANY($1)`,
        [DEMO_ODS_CODES],
      )
    ).rows;
    return { seeded: false, systems: await systems(), from: window!.from, to: window!.to };
  }
  if (found.rowCount !== 0) {
    throw new Error(
      `This database holds some of the demo's trusts (${found.rows.map((row) => row.ods_code).join(', ')}) but not all: ` +
        'it was seeded by an earlier version of the demo. Drop it (or point DATABASE_URL at a new one) and run the demo again.',
    );
  }
  const holidays = (
    await client.query<{ date: string }>(`SELECT date::text AS date FROM bank_holidays ORDER BY date`)
  ).rows.map((row) => row.date);
  const calendar = new BandCalendar(holidays);
  const plan = planDemo(options, holidays);
  const filled = plan.systems.map((system) => planBookings(plan, system, options.seed, calendar));

  await client.query('BEGIN');
  try {
    const insert = (table: string, columns: Column[], rows: unknown[][]) => insertRows(client, table, columns, rows);
    await insert(
      'systems',
      [
        ['id', 'uuid'],
        ['code', 'text'],
        ['name', 'text'],
      ],
      plan.systems.map((system) => [system.id, system.definition.code, system.definition.name]),
    );
    const trusts = plan.systems.flatMap((system) => system.trusts.map((trust) => ({ ...trust, systemId: system.id })));
    await insert(
      'trusts',
      [
        ['id', 'uuid'],
        ['system_id', 'uuid'],
        ['ods_code', 'text'],
        ['name', 'text'],
      ],
      trusts.map((trust) => [trust.id, trust.systemId, trust.odsCode, trust.name]),
    );
    await insert(
      'wards',
      [
        ['id', 'uuid'],
        ['trust_id', 'uuid'],
        ['code', 'text'],
        ['name', 'text'],
      ],
      trusts.flatMap((trust) => trust.wards.map((ward) => [ward.id, trust.id, ward.code, ward.name])),
    );
    await insert(
      'rate_cards',
      [
        ['id', 'uuid'],
        ['scope', 'text'],
        ['system_id', 'uuid'],
        ['name', 'text'],
        ['status', 'text'],
        ['effective_from', 'date'],
        ['published_at', 'timestamptz'],
      ],
      plan.cards.map((card) => [
        card.id,
        card.scope,
        card.systemId,
        card.name,
        'published',
        card.effectiveFrom,
        `${card.effectiveFrom}T09:00:00Z`,
      ]),
    );
    await insert(
      'rate_card_lines',
      [
        ['card_id', 'uuid'],
        ['staff_group', 'text'],
        ['grade', 'text'],
        ['band', 'text'],
        ['agency_cap_pence', 'bigint'],
        ['bank_rate_pence', 'bigint'],
      ],
      plan.cardLines.map((line) => [
        line.cardId,
        line.staffGroup,
        line.grade,
        line.band,
        line.agencyCapPence,
        line.bankRatePence,
      ]),
    );
    await insert(
      'agencies',
      [
        ['id', 'uuid'],
        ['name', 'text'],
      ],
      plan.agencies.map((agency) => [agency.id, agency.name]),
    );
    await insert(
      'agency_contracts',
      [
        ['id', 'uuid'],
        ['agency_id', 'uuid'],
        ['system_id', 'uuid'],
        ['framework', 'text'],
        ['tier', 'smallint'],
        ['valid_from', 'date'],
      ],
      plan.systems.flatMap((system) =>
        system.contracts.map((contract) => [
          contract.id,
          contract.agencyId,
          contract.systemId,
          contract.framework,
          contract.tier,
          contract.validFrom,
        ]),
      ),
    );
    await insert(
      'agency_contract_lines',
      [
        ['contract_id', 'uuid'],
        ['staff_group', 'text'],
        ['grade', 'text'],
        ['band', 'text'],
        ['charge_rate_pence', 'bigint'],
        ['worker_pay_pence', 'bigint'],
      ],
      plan.contractLines.map((line) => [
        line.contractId,
        line.staffGroup,
        line.grade,
        line.band,
        line.chargeRatePence,
        line.workerPayPence,
      ]),
    );
    const workers = plan.systems.flatMap((system) => system.workers);
    await insert(
      'bank_workers',
      [
        ['id', 'uuid'],
        ['home_trust_id', 'uuid'],
        ['display_name', 'text'],
        ['staff_group', 'text'],
        ['grade', 'text'],
        ['opted_out_of_weekly_limit', 'boolean'],
        ['contracted_weekly_hours', 'numeric'],
        ['active', 'boolean'],
        ['external_ref', 'text'],
      ],
      workers.map((worker) => [
        worker.id,
        worker.homeTrustId,
        worker.displayName,
        worker.staffGroup,
        worker.grade,
        worker.optedOut,
        worker.contractedWeeklyHours,
        worker.active,
        worker.externalRef,
      ]),
    );
    await insert(
      'bank_worker_clearances',
      [
        ['bank_worker_id', 'uuid'],
        ['trust_id', 'uuid'],
      ],
      workers.flatMap((worker) => [...worker.clearedFor].map((trustId) => [worker.id, trustId])),
    );
    await insert(
      'shifts',
      [...SHIFT_COLUMNS, ...MINUTES_COLUMNS],
      plan.systems.flatMap((system) => system.shifts.map(shiftValues)),
    );
    await insert(
      'bookings',
      BOOKING_COLUMNS,
      filled.flatMap((system) => system.bookings.map(bookingValues)),
    );
    await insert(
      'timesheets',
      [...TIMESHEET_COLUMNS, ...MINUTES_COLUMNS],
      filled.flatMap((system) => system.timesheets.map(timesheetValues)),
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('ANALYZE');
  return { seeded: true, systems: await systems(), from: plan.from, to: plan.to };
}

type Column = [name: string, type: string];

/** Rows as one array per column: a few thousand rows a statement, no parameter limit. */
async function insertRows(client: pg.Client, table: string, columns: Column[], rows: unknown[][]): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  // A jsonb column goes as one JSON array: PostgreSQL parses it many times faster than an array
  // literal of escaped JSON strings.
  const arrays = columns
    .map(([, type], index) =>
      type === 'jsonb'
        ? `ARRAY(SELECT value FROM jsonb_array_elements($${index + 1}::jsonb) WITH ORDINALITY ORDER BY ordinality)`
        : `$${index + 1}::${type}[]`,
    )
    .join(', ');
  for (let first = 0; first < rows.length; first += BATCH) {
    const batch = rows.slice(first, first + BATCH);
    await client.query(
      `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`,
      columns.map(([, type], index) => {
        const values = batch.map((row) => row[index]);
        return type === 'jsonb' ? JSON.stringify(values) : values;
      }),
    );
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const MINUTES_COLUMNS: Column[] = [
  ['elapsed_minutes', 'integer'],
  ['paid_minutes', 'integer'],
  ...ALL_BANDS.map((band): Column => [bandMinutesColumn(band), 'integer']),
];
const minutesValues = (elapsed: number, paid: number, minutes: BandValues): number[] => [
  elapsed,
  paid,
  ...ALL_BANDS.map((band) => minutes[band] ?? 0),
];

const SHIFT_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['trust_id', 'uuid'],
  ['ward_id', 'uuid'],
  ['staff_group', 'text'],
  ['grade', 'text'],
  ['starts_at', 'timestamptz'],
  ['ends_at', 'timestamptz'],
  ['break_minutes', 'integer'],
  ['local_start_date', 'date'],
  ['status', 'text'],
  ['reason', 'text'],
  ['exemption_ref', 'text'],
  ['external_ref', 'text'],
  ['cancel_reason', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const shiftValues = (shift: ShiftRow): unknown[] => [
  shift.id,
  shift.trustId,
  shift.wardId,
  shift.staffGroup,
  shift.grade,
  iso(shift.startMs),
  iso(shift.endMs),
  shift.breakMinutes,
  shift.localStartDate,
  shift.status,
  shift.reason,
  shift.exemptionRef,
  shift.externalRef,
  shift.cancelReason,
  iso(shift.createdMs),
  iso(shift.createdMs),
  ...minutesValues(shift.elapsed, shift.paid, shift.bandMinutes),
];

const BOOKING_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['shift_id', 'uuid'],
  ['type', 'text'],
  ['bank_worker_id', 'uuid'],
  ['agency_contract_id', 'uuid'],
  ['status', 'text'],
  ['ward_id', 'uuid'],
  ['starts_at', 'timestamptz'],
  ['ends_at', 'timestamptz'],
  ['paid_minutes', 'integer'],
  ['rates_pence', 'jsonb'],
  ['cost_pence', 'bigint'],
  ['required_signoff', 'text'],
  ['bypass_reason', 'text'],
  ['exemption_ref', 'text'],
  ['ladder', 'jsonb'],
  ['eligible_bank_count', 'integer'],
  ['best_bank_cost_pence', 'bigint'],
  ['decision_level', 'text'],
  ['decided_at', 'timestamptz'],
  ['decision_reason', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const bookingValues = (booking: BookingRow): unknown[] => [
  booking.id,
  booking.shiftId,
  booking.type,
  booking.bankWorkerId,
  booking.agencyContractId,
  booking.status,
  booking.wardId,
  iso(booking.startMs),
  iso(booking.endMs),
  booking.paid,
  booking.rates,
  booking.costPence,
  booking.requiredSignoff,
  booking.bypassReason,
  booking.exemptionRef,
  booking.ladder,
  booking.eligibleBankCount,
  booking.bestBankCostPence,
  booking.decisionLevel,
  iso(booking.decidedMs),
  booking.decisionReason,
  iso(booking.createdMs),
  iso(booking.decidedMs ?? booking.createdMs),
];

const TIMESHEET_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['shift_id', 'uuid'],
  ['booking_id', 'uuid'],
  ['started_at', 'timestamptz'],
  ['ended_at', 'timestamptz'],
  ['break_minutes', 'integer'],
  ['local_start_date', 'date'],
  ['amount_pence', 'bigint'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const timesheetValues = (timesheet: TimesheetRow): unknown[] => [
  timesheet.id,
  timesheet.shiftId,
  timesheet.bookingId,
  iso(timesheet.startMs),
  iso(timesheet.endMs),
  timesheet.breakMinutes,
  timesheet.localStartDate,
  timesheet.amountPence,
  iso(timesheet.createdMs),
  iso(timesheet.createdMs),
  ...minutesValues(timesheet.elapsed, timesheet.paid, timesheet.bandMinutes),
];

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
              coalesce(sum(ts.amount_pence), 0)::bigint AS "timesheetPence"
         FROM shifts s
         JOIN trusts t ON t.id = s.trust_id AND t.ods_code = ANY($1)
         LEFT JOIN bookings b ON b.shift_id = s.id
         LEFT JOIN timesheets ts ON ts.booking_id = b.id`,
      [DEMO_ODS_CODES, DEMO_SYSTEMS.map((system) => system.code)],
    )
  ).rows as Record<string, string | number>[];
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)])) as unknown as DemoFigures;
}
