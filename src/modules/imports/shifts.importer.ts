import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { ConflictError, DomainError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { CreateBookingDto } from '../bookings/bookings.dto.js';
import { shiftTiming, type ShiftTiming } from '../shifts/shift-timing.js';
import { CreateShiftDto } from '../shifts/shifts.dto.js';
import { ALL_BANDS, type BandValues } from '../time-bands/band-schemes.js';
import { type ImportContext, type Importer, type ImportOutcome, inScope, OUTSIDE_SCOPE } from './import-context.js';
import { MINUTES_COLUMNS, TIMING_NAMES, TIMING_TYPES, timingParameters, unnestParameters } from './import-sql.js';
import { type CsvRecord, ImportRejected, integerCell, type RowErrors, validateRow } from './import-csv.js';

const RATE_COLUMNS = ALL_BANDS.map((band) => `ratesPence.${band}`);
const BOOKING_COLUMNS = ['bookingType', 'bankWorkerExternalRef', 'agencyContractId', 'bypassReason', ...RATE_COLUMNS];
/** Rows validated, and written, at a time. */
const BATCH = 5_000;
// Bank bookings are validated before their worker is looked up by reference; this stands in for the id.
const PENDING_WORKER_ID = '00000000-0000-4000-8000-000000000000';

interface ShiftRow {
  row: number;
  id: string;
  input: CreateShiftDto;
  timing: ShiftTiming;
  booking: BookingInput | null;
  existing: StoredShift | null;
}

interface BookingInput {
  type: 'bank' | 'agency';
  bankWorkerExternalRef: string | null;
  agencyContractId: string | null;
  ratesPence: BandValues | null;
  bypassReason: string | null;
}

interface StoredShift {
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

interface WorkerRef {
  id: string;
  externalRef: string;
  systemId: string;
  staffGroup: string;
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
    // Every look-up first, from the raw cells: afterwards each batch's writes run in PostgreSQL
    // while this process validates the next batch, rather than one after the other.
    const cells = (name: string) =>
      records.map((record) => record.values[name]).filter((value): value is string => !!value && isUUID(value));
    const trustSystems = await lookUp<{ id: string; systemId: string }>(
      manager,
      `SELECT id, system_id AS "systemId" FROM trusts WHERE id = ANY($1::uuid[])`,
      cells('trustId'),
    );
    const wardTrusts = await lookUp<{ id: string; trustId: string }>(
      manager,
      `SELECT id, trust_id AS "trustId" FROM wards WHERE id = ANY($1::uuid[])`,
      cells('wardId'),
    );
    const stored = await storedShifts(manager, records);
    const refs = new Map<string, number>();
    const toBook: ShiftRow[] = [];
    let created = 0;
    let unchanged = 0;
    let rowCount = 0;
    // One statement at a time on the transaction's connection, chained, so this process goes on
    // validating while PostgreSQL writes.
    let writes = Promise.resolve();
    let writeFailure: unknown = null;
    const write = (statement: () => Promise<unknown>) => {
      writes = writes
        .then(async () => {
          if (writeFailure === null) await statement();
        })
        .catch((error: unknown) => {
          writeFailure ??= error;
        });
    };
    for (let offset = 0; offset < records.length; offset += BATCH) {
      const rows = validate(records.slice(offset, offset + BATCH), context, errors, refs);
      rowCount += rows.length;
      const toCreate: ShiftRow[] = [];
      const toUpdate: ShiftRow[] = [];
      for (const row of rows) {
        if (!trustSystems.has(row.input.trustId)) {
          errors.add(row.row, 'trustId', OUTSIDE_SCOPE);
          continue;
        }
        if (wardTrusts.get(row.input.wardId)?.trustId !== row.input.trustId) {
          errors.add(row.row, 'wardId', 'not a ward of the trust');
          continue;
        }
        const existing = row.input.externalRef
          ? stored.get(`${row.input.trustId}|${row.input.externalRef}`)
          : undefined;
        if (!existing) {
          toCreate.push(row);
          if (row.booking) toBook.push(row);
          continue;
        }
        row.existing = existing;
        row.id = existing.id;
        if (existing.staffGroup !== row.input.staffGroup || existing.grade !== row.input.grade) {
          errors.add(
            row.row,
            existing.staffGroup !== row.input.staffGroup ? 'staffGroup' : 'grade',
            'an existing shift’s staff group and grade do not change',
          );
          continue;
        }
        const same = sameShift(existing, row);
        if (existing.status !== 'open') {
          if (same && (!row.booking || sameBooking(existing, row.booking))) unchanged += 1;
          else errors.add(row.row, 'externalRef', `the shift is ${existing.status}: only an open shift changes`);
          continue;
        }
        if (!same) toUpdate.push(row);
        if (row.booking) toBook.push(row);
        if (same && !row.booking) unchanged += 1;
      }
      created += toCreate.length;
      // Once a row is refused nothing more is written (the transaction rolls back anyway); the
      // rest of the file is still checked, so every refusal is reported at once.
      if (!errors.empty) continue;
      if (toCreate.length > 0) write(() => insertShifts(manager, toCreate, context));
      if (toUpdate.length > 0) write(() => updateShifts(manager, toUpdate));
      // Let the connection send what is chained (and hear back) before the next batch's checks.
      await yieldToEventLoop();
    }
    await writes;
    if (writeFailure) throw writeFailure;
    // Shifts first, then their bookings: a refused shift row leaves nothing to book.
    if (!errors.empty) throw new ImportRejected(errors);
    const bookings = await bookRows(manager, toBook, trustSystems, context, errors);
    if (!errors.empty) throw new ImportRejected(errors);
    return {
      created,
      updated: rowCount - created - unchanged,
      unchanged,
      recheck: bookings.booked > 0,
      alerts: bookings.pendingApproval > 0,
    };
  },
};

/** Each record through the API's DTOs and time rules; in scope; no shift twice in one file. */
function validate(
  records: CsvRecord[],
  context: ImportContext,
  errors: RowErrors,
  refs: Map<string, number>,
): ShiftRow[] {
  const rows: ShiftRow[] = [];
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

async function lookUp<T extends { id: string }>(
  manager: EntityManager,
  sql: string,
  ids: string[],
): Promise<Map<string, T>> {
  const rows = (await manager.query(sql, [[...new Set(ids)]])) as T[];
  return new Map(rows.map((row) => [row.id, row]));
}

/** The trusts' shifts the file names by externalRef, locked, with their active booking. */
async function storedShifts(manager: EntityManager, records: CsvRecord[]): Promise<Map<string, StoredShift>> {
  const withRefs = records.filter(({ values }) => values.externalRef && values.trustId && isUUID(values.trustId));
  if (withRefs.length === 0) return new Map();
  const found = (await manager.query(
    `SELECT s.id, s.trust_id AS "trustId", s.external_ref AS "externalRef", s.ward_id AS "wardId", s.staff_group AS "staffGroup",
            s.grade, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.break_minutes AS "breakMinutes", s.reason,
            s.exemption_ref AS "exemptionRef", s.status, worker.external_ref AS "bankWorkerExternalRef",
            b.agency_contract_id AS "agencyContractId"
       FROM shifts s
       JOIN unnest($1::uuid[], $2::text[]) AS wanted(trust_id, external_ref)
         ON wanted.trust_id = s.trust_id AND wanted.external_ref = s.external_ref
       LEFT JOIN bookings b ON b.shift_id = s.id AND b.status IN ('pending_approval', 'confirmed')
       LEFT JOIN bank_workers worker ON worker.id = b.bank_worker_id
        FOR UPDATE OF s`,
    [withRefs.map(({ values }) => values.trustId), withRefs.map(({ values }) => values.externalRef)],
  )) as StoredShift[];
  return new Map(found.map((shift) => [`${shift.trustId}|${shift.externalRef}`, shift]));
}

const sameShift = (stored: StoredShift, row: ShiftRow): boolean =>
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

/** The bank workers the file names, by system and reference, locked (the booking locks them again). */
async function workersByRef(manager: EntityManager, rows: ShiftRow[]): Promise<Map<string, WorkerRef[]>> {
  const refs = rows.map((row) => row.booking!.bankWorkerExternalRef).filter((ref): ref is string => ref !== null);
  if (refs.length === 0) return new Map();
  const workers = (await manager.query(
    `SELECT w.id, w.external_ref AS "externalRef", home.system_id AS "systemId", w.staff_group AS "staffGroup"
       FROM bank_workers w JOIN trusts home ON home.id = w.home_trust_id
      WHERE w.external_ref = ANY($1::text[])
      ORDER BY w.id`,
    [[...new Set(refs)]],
  )) as WorkerRef[];
  const byRef = new Map<string, WorkerRef[]>();
  for (const worker of workers) {
    const key = `${worker.systemId}|${worker.externalRef}`;
    byRef.set(key, [...(byRef.get(key) ?? []), worker]);
  }
  return byRef;
}

/** Which column a refusal of the booking rules belongs to. */
function refusedField(error: DomainError): string {
  const rule = error instanceof RuleViolationError ? error.rule : null;
  if (rule === 'NO_RATE_DEFINED') return 'ratesPence';
  if (rule === 'AGENCY_NOT_OFFERED' || rule === 'OFF_FRAMEWORK_REFUSED') return 'agencyContractId';
  if (rule === null && error instanceof ConflictError && !/bank worker/.test(error.detail)) return 'externalRef';
  return 'bankWorkerExternalRef';
}

/**
 * Each booking through the one way to book (`BookingsService.book`, by `context.book`), in start
 * order, so each is checked against the stored bookings and the file's earlier ones: eligibility
 * (overlap, 11-hour rest, 48-hour limit), agency rules, cost, sign-off, ladder snapshot, events.
 * A refusal is the row's error; the rest of the file's bookings are still checked.
 */
async function bookRows(
  manager: EntityManager,
  rows: ShiftRow[],
  trustSystems: Map<string, { systemId: string }>,
  context: ImportContext,
  errors: RowErrors,
): Promise<{ booked: number; pendingApproval: number }> {
  const workers = await workersByRef(manager, rows);
  const ordered = [...rows].sort((a, b) => a.timing.startsAt.getTime() - b.timing.startsAt.getTime() || a.row - b.row);
  let booked = 0;
  let pendingApproval = 0;
  for (const row of ordered) {
    const booking = row.booking!;
    let bankWorkerId: string | null = null;
    if (booking.type === 'bank') {
      const systemId = trustSystems.get(row.input.trustId)?.systemId;
      const candidates = workers.get(`${systemId}|${booking.bankWorkerExternalRef}`) ?? [];
      const worker = candidates.filter((candidate) => candidate.staffGroup === row.input.staffGroup);
      if (worker.length !== 1) {
        const problem =
          worker.length > 1
            ? 'several bank workers of the system have this reference'
            : 'not a bank worker of this system and staff group';
        errors.add(row.row, 'bankWorkerExternalRef', problem);
        continue;
      }
      bankWorkerId = worker[0]!.id;
    }
    try {
      const made = await context.book(manager, row.id, {
        type: booking.type,
        bankWorkerId,
        agencyContractId: booking.agencyContractId,
        ratesPence: booking.ratesPence,
        bypassReason: booking.bypassReason,
        exemptionRef: row.input.exemptionRef ?? null,
      });
      booked += 1;
      if (made.status === 'pending_approval') pendingApproval += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.add(row.row, refusedField(error), error.detail);
    }
  }
  return { booked, pendingApproval };
}

async function insertShifts(manager: EntityManager, batch: ShiftRow[], context: ImportContext): Promise<void> {
  await manager.query(
    `INSERT INTO shifts (id, trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                         ${MINUTES_COLUMNS.join(', ')}, status, reason, exemption_ref, external_ref, created_by_key_id)
     SELECT id, trust_id, ward_id, staff_group, grade, ${TIMING_NAMES.join(', ')}, 'open', reason, exemption_ref,
            external_ref, $22::uuid
       FROM unnest(${unnestParameters(['uuid', 'uuid', 'uuid', 'text', 'text'], 1)}, ${unnestParameters(TIMING_TYPES, 6)},
                   ${unnestParameters(['text', 'text', 'text'], 19)})
            AS row(id, trust_id, ward_id, staff_group, grade, ${TIMING_NAMES.join(', ')}, reason, exemption_ref, external_ref)`,
    [
      batch.map((row) => row.id),
      batch.map((row) => row.input.trustId),
      batch.map((row) => row.input.wardId),
      batch.map((row) => row.input.staffGroup),
      batch.map((row) => row.input.grade),
      ...timingParameters(batch.map((row) => ({ timing: row.timing, breakMinutes: row.input.breakMinutes }))),
      batch.map((row) => row.input.reason ?? null),
      batch.map((row) => row.input.exemptionRef ?? null),
      batch.map((row) => row.input.externalRef ?? null),
      context.keyId,
    ],
  );
}

/** What `PATCH /shifts/{id}` may change on an open shift: ward, times, break, reason (and the exemption). */
async function updateShifts(manager: EntityManager, batch: ShiftRow[]): Promise<void> {
  const minutes = MINUTES_COLUMNS.map((column, index) => `${column} = row.${TIMING_NAMES[index + 4]}`).join(', ');
  await manager.query(
    `UPDATE shifts s SET ward_id = row.ward_id, starts_at = row.starts_at, ends_at = row.ends_at,
            break_minutes = row.break_minutes, local_start_date = row.local_start_date, ${minutes},
            reason = row.reason, exemption_ref = row.exemption_ref, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], ${unnestParameters(TIMING_TYPES, 3)}, $16::text[], $17::text[])
            AS row(id, ward_id, ${TIMING_NAMES.join(', ')}, reason, exemption_ref)
      WHERE s.id = row.id AND s.status = 'open'`,
    [
      batch.map((row) => row.id),
      batch.map((row) => row.input.wardId),
      ...timingParameters(batch.map((row) => ({ timing: row.timing, breakMinutes: row.input.breakMinutes }))),
      batch.map((row) => row.input.reason ?? null),
      batch.map((row) => row.input.exemptionRef ?? null),
    ],
  );
}
