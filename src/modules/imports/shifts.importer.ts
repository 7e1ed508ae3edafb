import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { CreateBookingDto } from '../bookings/index.js';
import { shiftTiming, type ShiftTiming } from '../shifts/index.js';
import { CreateShiftDto } from '../shifts/index.js';
import { ALL_BANDS, type BandValues } from '../time-bands/index.js';
import { type ImportContext, type Importer, type ImportOutcome, inScope, OUTSIDE_SCOPE } from './import-context.js';
import { type CsvRecord, ImportRejected, integerCell, type RowErrors, validateRow } from './import-csv.js';
import { bookRows } from './shifts-import.bookings.js';
import { insertShifts, lookUp, storedShifts, updateShifts } from './shifts-import.sql.js';

const RATE_COLUMNS = ALL_BANDS.map((band) => `ratesPence.${band}`);
const BOOKING_COLUMNS = ['bookingType', 'bankWorkerExternalRef', 'agencyContractId', 'bypassReason', ...RATE_COLUMNS];
/** Rows validated, and written, at a time. */
const BATCH = 5_000;
// Bank bookings are validated before their worker is looked up by reference; this stands in for the id.
const PENDING_WORKER_ID = '00000000-0000-4000-8000-000000000000';

export interface ShiftImportRow {
  row: number;
  id: string;
  input: CreateShiftDto;
  timing: ShiftTiming;
  booking: BookingInput | null;
  existing: StoredShift | null;
}

export interface BookingInput {
  type: 'bank' | 'agency';
  bankWorkerExternalRef: string | null;
  agencyContractId: string | null;
  ratesPence: BandValues | null;
  bypassReason: string | null;
}

export interface StoredShift {
  id: string;
  trustId: string;
  externalRef: string;
  wardId: string;
  staffGroup: string;
  grade: string;
  startsAt: Date;
  endsAt: Date;
  breakMinutes: number;
  reason: string | null;
  exemptionRef: string | null;
  status: string;
  bankWorkerExternalRef: string | null;
  agencyContractId: string | null;
}

/**
 * Shifts, with the fields of `POST /shifts`, optionally with the booking that filled each: a bank
 * worker by `bankWorkerExternalRef`, or an agency by `agencyContractId`, at the rates of the
 * `ratesPence.<band>` columns (else the card's bank rate or the contract's charge, as the API).
 * A row whose `externalRef` the trust already has updates that shift while it is open.
 */
export const shiftsImporter: Importer = {
  kind: 'shifts',
  columns: {
    required: ['trustId', 'wardId', 'staffGroup', 'grade', 'startsAt', 'endsAt', 'breakMinutes'],
    optional: ['reason', 'exemptionRef', 'externalRef', ...BOOKING_COLUMNS],
  },

  async apply(manager, records, context, errors): Promise<ImportOutcome> {
    const known = await knownRows(manager, records);
    const plan: ImportPlan = { toBook: [], created: 0, unchanged: 0, rows: 0 };
    const refs = new Map<string, number>();
    const writes = new ChainedWrites();
    for (let offset = 0; offset < records.length; offset += BATCH) {
      const rows = validate(records.slice(offset, offset + BATCH), context, errors, refs);
      const { toCreate, toUpdate } = planBatch(rows, known, plan, errors);
      // Once a row is refused nothing more is written (the transaction rolls back anyway); the
      // rest of the file is still checked, so every refusal is reported at once.
      if (!errors.empty) continue;
      if (toCreate.length > 0) writes.add(() => insertShifts(manager, toCreate, context));
      if (toUpdate.length > 0) writes.add(() => updateShifts(manager, toUpdate));
      // Let the connection send what is chained (and hear back) before the next batch's checks.
      await yieldToEventLoop();
    }
    await writes.done();
    // Shifts first, then their bookings: a refused shift row leaves nothing to book.
    if (!errors.empty) throw new ImportRejected(errors);
    const bookings = await bookRows(manager, plan.toBook, known.trustSystems, context, errors);
    if (!errors.empty) throw new ImportRejected(errors);
    return {
      created: plan.created,
      updated: plan.rows - plan.created - plan.unchanged,
      unchanged: plan.unchanged,
      recheck: bookings.booked > 0,
      alerts: bookings.pendingApproval > 0,
    };
  },
};

interface KnownRows {
  trustSystems: Map<string, { id: string; systemId: string }>;
  wardTrusts: Map<string, { id: string; trustId: string }>;
  stored: Map<string, StoredShift>;
}

interface ImportPlan {
  toBook: ShiftImportRow[];
  created: number;
  unchanged: number;
  rows: number;
}

/**
 * Every look-up first, from the raw cells: afterwards each batch's writes run in PostgreSQL while
 * this process validates the next batch, rather than one after the other.
 */
async function knownRows(manager: EntityManager, records: CsvRecord[]): Promise<KnownRows> {
  const cells = (name: string) =>
    records.map((record) => record.values[name]).filter((value): value is string => !!value && isUUID(value));
  return {
    trustSystems: await lookUp(
      manager,
      `SELECT id, system_id AS "systemId" FROM trusts WHERE id = ANY($1::uuid[])`,
      cells('trustId'),
    ),
    wardTrusts: await lookUp(
      manager,
      `SELECT id, trust_id AS "trustId" FROM wards WHERE id = ANY($1::uuid[])`,
      cells('wardId'),
    ),
    stored: await storedShifts(manager, records),
  };
}

/** One statement at a time on the transaction's connection, chained, so this process goes on validating while PostgreSQL writes. */
class ChainedWrites {
  private chain = Promise.resolve();
  private failure: unknown = null;

  add(statement: () => Promise<unknown>): void {
    this.chain = this.chain
      .then(async () => {
        if (this.failure === null) await statement();
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  async done(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}

/** Which of a batch's rows create a shift, update one, or are refused; bookings are made afterwards. */
function planBatch(rows: ShiftImportRow[], known: KnownRows, plan: ImportPlan, errors: RowErrors) {
  const toCreate: ShiftImportRow[] = [];
  const toUpdate: ShiftImportRow[] = [];
  plan.rows += rows.length;
  for (const row of rows) {
    if (!known.trustSystems.has(row.input.trustId)) {
      errors.add(row.row, 'trustId', OUTSIDE_SCOPE);
      continue;
    }
    if (known.wardTrusts.get(row.input.wardId)?.trustId !== row.input.trustId) {
      errors.add(row.row, 'wardId', 'not a ward of the trust');
      continue;
    }
    const existing = row.input.externalRef
      ? known.stored.get(`${row.input.trustId}|${row.input.externalRef}`)
      : undefined;
    if (!existing) {
      toCreate.push(row);
      if (row.booking) plan.toBook.push(row);
      continue;
    }
    row.existing = existing;
    row.id = existing.id;
    if (existing.staffGroup !== row.input.staffGroup || existing.grade !== row.input.grade) {
      const field = existing.staffGroup !== row.input.staffGroup ? 'staffGroup' : 'grade';
      errors.add(row.row, field, 'an existing shift’s staff group and grade do not change');
      continue;
    }
    const same = sameShift(existing, row);
    if (existing.status !== 'open') {
      if (same && (!row.booking || sameBooking(existing, row.booking))) plan.unchanged += 1;
      else errors.add(row.row, 'externalRef', `the shift is ${existing.status}: only an open shift changes`);
      continue;
    }
    if (!same) toUpdate.push(row);
    if (row.booking) plan.toBook.push(row);
    if (same && !row.booking) plan.unchanged += 1;
  }
  plan.created += toCreate.length;
  return { toCreate, toUpdate };
}

/** Each record through the API's DTOs and time rules; in scope; no shift twice in one file. */
function validate(
  records: CsvRecord[],
  context: ImportContext,
  errors: RowErrors,
  refs: Map<string, number>,
): ShiftImportRow[] {
  const rows: ShiftImportRow[] = [];
  for (const { row, values } of records) {
    const shiftFields: Record<string, unknown> = {};
    const bookingFields: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if (BOOKING_COLUMNS.includes(name)) bookingFields[name] = value;
      else shiftFields[name] = value;
    }
    shiftFields.breakMinutes = integerCell(values.breakMinutes);
    const checked = validateRow(CreateShiftDto, shiftFields);
    const booking = bookingInput(row, bookingFields, errors);
    if (checked.errors) {
      errors.addAll(row, checked.errors);
      continue;
    }
    const input = checked.value;
    if (!inScope(context, input.trustId)) {
      errors.add(row, 'trustId', OUTSIDE_SCOPE);
      continue;
    }
    const timing = errors.catch(row, () => shiftTiming(input, context.calendar));
    if (!timing || booking === undefined) continue;
    if (
      input.externalRef &&
      !errors.firstTime(refs, `${input.trustId}|${input.externalRef}`, row, 'externalRef', 'shift')
    )
      continue;
    rows.push({ row, id: randomUUID(), input, timing, booking, existing: null });
  }
  return rows;
}

/** The booking columns of a row: null when there are none, undefined when they are refused. */
function bookingInput(row: number, fields: Record<string, string>, errors: RowErrors): BookingInput | null | undefined {
  if (Object.keys(fields).length === 0) return null;
  const type = fields.bookingType;
  if (type === undefined) {
    errors.add(row, 'bookingType', 'bank or agency, when the row names a booking');
    return undefined;
  }
  const rates: Record<string, unknown> = {};
  for (const band of ALL_BANDS) {
    const value = fields[`ratesPence.${band}`];
    if (value !== undefined) rates[band] = integerCell(value);
  }
  const hasRates = Object.keys(rates).length > 0;
  const checked = validateRow(CreateBookingDto, {
    type,
    ...(type === 'bank' ? { bankWorkerId: PENDING_WORKER_ID } : {}),
    ...(fields.agencyContractId !== undefined ? { agencyContractId: fields.agencyContractId } : {}),
    ...(hasRates ? { ratesPence: rates } : {}),
    ...(fields.bypassReason !== undefined ? { bypassReason: fields.bypassReason } : {}),
  });
  const before = errors.count;
  if (checked.errors) {
    for (const error of checked.errors)
      errors.add(row, error.field === 'type' ? 'bookingType' : error.field, error.message);
  }
  if (type === 'bank' && fields.bankWorkerExternalRef === undefined)
    errors.add(row, 'bankWorkerExternalRef', 'required for a bank booking');
  if (type === 'bank' && fields.agencyContractId !== undefined)
    errors.add(row, 'agencyContractId', 'only for an agency booking');
  if (type === 'agency' && fields.bankWorkerExternalRef !== undefined)
    errors.add(row, 'bankWorkerExternalRef', 'only for a bank booking');
  if (errors.count > before) return undefined;
  return {
    type: type as 'bank' | 'agency',
    bankWorkerExternalRef: fields.bankWorkerExternalRef ?? null,
    agencyContractId: fields.agencyContractId ?? null,
    ratesPence: hasRates ? (rates as BandValues) : null,
    bypassReason: fields.bypassReason ?? null,
  };
}

const sameShift = (stored: StoredShift, row: ShiftImportRow): boolean =>
  stored.wardId === row.input.wardId &&
  new Date(stored.startsAt).getTime() === row.timing.startsAt.getTime() &&
  new Date(stored.endsAt).getTime() === row.timing.endsAt.getTime() &&
  stored.breakMinutes === row.input.breakMinutes &&
  stored.reason === (row.input.reason ?? null) &&
  stored.exemptionRef === (row.input.exemptionRef ?? null);

const sameBooking = (stored: StoredShift, booking: BookingInput): boolean =>
  booking.type === 'agency'
    ? stored.agencyContractId === booking.agencyContractId
    : stored.bankWorkerExternalRef !== null && stored.bankWorkerExternalRef === booking.bankWorkerExternalRef;
