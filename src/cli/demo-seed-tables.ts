import type { BulkColumn } from '../core/database/bulk-insert.js';
import { BANK_WORKER_COLUMNS, CLEARANCE_COLUMNS } from '../modules/workforce/index.js';
import { bandMinutesColumn } from '../modules/shifts/index.js';
import { ALL_BANDS, type BandValues } from '../modules/time-bands/index.js';
import type { BookingPlan, BookingRow, TimesheetRow } from './demo-bookings.js';
import type { DemoPlan, ShiftRow } from './demo-plan.js';
import {
  historySuggestions,
  RELEASE_BULK_COLUMNS,
  releaseValues,
  SUGGESTION_BULK_COLUMNS,
} from './demo-suggestions.js';

/** One table of the demo as the seeder writes it: its columns, and one array of values per row. */
export interface DemoTable {
  table: string;
  columns: readonly BulkColumn[];
  rows: unknown[][];
}

/** Every table of a planned demo, parents before children, as demo-seed.ts writes them. */
export function demoTables(plan: DemoPlan, filled: readonly BookingPlan[], seed: number): DemoTable[] {
  return [
    ...organisationTables(plan),
    ...cardTables(plan),
    ...agencyTables(plan),
    ...workforceTables(plan),
    ...workTables(plan, filled),
    { table: 'fill_suggestions', columns: SUGGESTION_BULK_COLUMNS, rows: historySuggestions(plan, filled, seed) },
  ];
}

/** Systems, their trusts and wards. */
function organisationTables(plan: DemoPlan): DemoTable[] {
  const trusts = plan.systems.flatMap((system) => system.trusts.map((trust) => ({ ...trust, systemId: system.id })));
  return [
    {
      table: 'systems',
      columns: [
        ['id', 'uuid'],
        ['code', 'text'],
        ['name', 'text'],
      ],
      rows: plan.systems.map((system) => [system.id, system.definition.code, system.definition.name]),
    },
    {
      table: 'trusts',
      columns: [
        ['id', 'uuid'],
        ['system_id', 'uuid'],
        ['ods_code', 'text'],
        ['name', 'text'],
      ],
      rows: trusts.map((trust) => [trust.id, trust.systemId, trust.odsCode, trust.name]),
    },
    {
      table: 'wards',
      columns: [
        ['id', 'uuid'],
        ['trust_id', 'uuid'],
        ['code', 'text'],
        ['name', 'text'],
      ],
      rows: trusts.flatMap((trust) => trust.wards.map((ward) => [ward.id, trust.id, ward.code, ward.name])),
    },
  ];
}

/** The published rate cards and their lines. */
function cardTables(plan: DemoPlan): DemoTable[] {
  return [
    {
      table: 'rate_cards',
      columns: [
        ['id', 'uuid'],
        ['scope', 'text'],
        ['system_id', 'uuid'],
        ['name', 'text'],
        ['status', 'text'],
        ['effective_from', 'date'],
        ['published_at', 'timestamptz'],
      ],
      rows: plan.cards.map((card) => [
        card.id,
        card.scope,
        card.systemId,
        card.name,
        'published',
        card.effectiveFrom,
        `${card.effectiveFrom}T09:00:00Z`,
      ]),
    },
    {
      table: 'rate_card_lines',
      columns: [
        ['card_id', 'uuid'],
        ['staff_group', 'text'],
        ['grade', 'text'],
        ['band', 'text'],
        ['agency_cap_pence', 'bigint'],
        ['bank_rate_pence', 'bigint'],
      ],
      rows: plan.cardLines.map((line) => [
        line.cardId,
        line.staffGroup,
        line.grade,
        line.band,
        line.agencyCapPence,
        line.bankRatePence,
      ]),
    },
  ];
}

/** The agencies, their contracts with each system, and the contracts' lines. */
function agencyTables(plan: DemoPlan): DemoTable[] {
  return [
    {
      table: 'agencies',
      columns: [
        ['id', 'uuid'],
        ['name', 'text'],
      ],
      rows: plan.agencies.map((agency) => [agency.id, agency.name]),
    },
    {
      table: 'agency_contracts',
      columns: [
        ['id', 'uuid'],
        ['agency_id', 'uuid'],
        ['system_id', 'uuid'],
        ['framework', 'text'],
        ['tier', 'smallint'],
        ['valid_from', 'date'],
      ],
      rows: plan.systems.flatMap((system) =>
        system.contracts.map((contract) => [
          contract.id,
          contract.agencyId,
          contract.systemId,
          contract.framework,
          contract.tier,
          contract.validFrom,
        ]),
      ),
    },
    {
      table: 'agency_contract_lines',
      columns: [
        ['contract_id', 'uuid'],
        ['staff_group', 'text'],
        ['grade', 'text'],
        ['band', 'text'],
        ['charge_rate_pence', 'bigint'],
        ['worker_pay_pence', 'bigint'],
      ],
      rows: plan.contractLines.map((line) => [
        line.contractId,
        line.staffGroup,
        line.grade,
        line.band,
        line.chargeRatePence,
        line.workerPayPence,
      ]),
    },
  ];
}

/** The bank workers and the trusts they are cleared for. */
function workforceTables(plan: DemoPlan): DemoTable[] {
  const workers = plan.systems.flatMap((system) => system.workers);
  return [
    {
      table: 'bank_workers',
      columns: BANK_WORKER_COLUMNS,
      rows: workers.map((worker) => [
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
    },
    {
      table: 'bank_worker_clearances',
      columns: CLEARANCE_COLUMNS,
      rows: workers.flatMap((worker) => [...worker.clearedFor].map((trustId) => [worker.id, trustId])),
    },
  ];
}

/** The shifts, their bookings and timesheets. */
function workTables(plan: DemoPlan, filled: readonly BookingPlan[]): DemoTable[] {
  // Released and announced up to the demo's today; the worker announces what has come since.
  const now = plan.cutoffMs;
  return [
    {
      table: 'shifts',
      columns: [...SHIFT_COLUMNS, ...BAND_MINUTE_BULK_COLUMNS, ...RELEASE_BULK_COLUMNS],
      rows: plan.systems.flatMap((system) =>
        system.shifts.map((shift) => [...shiftValues(shift), ...releaseValues(shift, now)]),
      ),
    },
    {
      table: 'bookings',
      columns: BOOKING_COLUMNS,
      rows: filled.flatMap((system) => system.bookings.map(bookingValues)),
    },
    {
      table: 'timesheets',
      columns: [...TIMESHEET_COLUMNS, ...BAND_MINUTE_BULK_COLUMNS],
      rows: filled.flatMap((system) => system.timesheets.map(timesheetValues)),
    },
  ];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const BAND_MINUTE_BULK_COLUMNS: BulkColumn[] = [
  ['elapsed_minutes', 'integer'],
  ['paid_minutes', 'integer'],
  ...ALL_BANDS.map((band): BulkColumn => [bandMinutesColumn(band), 'integer']),
];
const minutesValues = (elapsed: number, paid: number, minutes: BandValues): number[] => [
  elapsed,
  paid,
  ...ALL_BANDS.map((band) => minutes[band] ?? 0),
];

export const SHIFT_COLUMNS: BulkColumn[] = [
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
export const shiftValues = (shift: ShiftRow): unknown[] => [
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

export const BOOKING_COLUMNS: BulkColumn[] = [
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
export const bookingValues = (booking: BookingRow): unknown[] => [
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

export const TIMESHEET_COLUMNS: BulkColumn[] = [
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
export const timesheetValues = (timesheet: TimesheetRow): unknown[] => [
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
