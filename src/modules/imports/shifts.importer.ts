import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isUUID } from 'class-validator';
import { type EntityManager, In } from 'typeorm';
import { fromShiftMinutesColumns } from '../shifts/band-minutes.columns.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { CreateBookingDto } from '../bookings/bookings.dto.js';
import { agencyAllowed, ineligibility, offFrameworkRefused, requiredSignoff } from '../fill/fill-rules.js';
import { System } from '../organisations/system.entity.js';
import type { RatesInForce } from '../rate-cards/rate-cards.service.js';
import { gradeRank, staffGroup as staffGroupOf, type StaffGroup } from '../time-bands/staff-groups.js';
import { shiftTiming, type ShiftTiming } from '../shifts/shift-timing.js';
import { CreateShiftDto } from '../shifts/shifts.dto.js';
import { markForRecheck } from '../shifts/recheck.js';
import { ALL_BANDS, type BandValues } from '../time-bands/band-schemes.js';
import { costPence, missingRates } from '../time-bands/costing.js';
import {
  type ImportContext,
  type Importer,
  type ImportOutcome,
  inBatches,
  inScope,
  OUTSIDE_SCOPE,
} from './import-context.js';
import { MINUTES_COLUMNS, TIMING_NAMES, TIMING_TYPES, timingParameters, unnestParameters } from './import-sql.js';
import { type CsvRecord, ImportRejected, integerCell, type RowErrors, validateRow } from './import-csv.js';

const RATE_COLUMNS = ALL_BANDS.map((band) => `ratesPence.${band}`);
const BOOKING_COLUMNS = ['bookingType', 'bankWorkerExternalRef', 'agencyContractId', ...RATE_COLUMNS];
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

interface WorkerFacts {
  id: string;
  systemId: string;
  homeTrustId: string;
  staffGroup: string;
  grade: string;
  active: boolean;
  clearedTrustIds: string[];
}

interface ContractFacts {
  id: string;
  systemId: string;
  framework: string | null;
  validFrom: string;
  validTo: string | null;
  rates: Map<string, BandValues>;
}

interface BookingWrite {
  id: string;
  shiftId: string;
  trustId: string;
  systemId: string;
  wardId: string;
  type: 'bank' | 'agency';
  bankWorkerId: string | null;
  agencyContractId: string | null;
  status: 'confirmed' | 'pending_approval';
  startsAt: Date;
  endsAt: Date;
  paidMinutes: number;
  ratesPence: BandValues;
  costPence: number;
  requiredSignoff: string | null;
  exemptionRef: string | null;
  row: number;
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
    const bookings = await planBookings(manager, toBook, trustSystems, context, errors);
    if (!errors.empty) throw new ImportRejected(errors);
    await inBatches(bookings, 2_000, (batch) => insertBookings(manager, batch, context));
    const bookedShifts = bookings.map((booking) => booking.shiftId);
    await markForRecheck(manager, bookedShifts);
    for (const booking of bookings.filter((candidate) => candidate.status === 'pending_approval')) {
      await recordEvent(manager, {
        type: 'booking.pending_approval',
        systemId: booking.systemId,
        trustId: booking.trustId,
        subjectId: booking.id,
        data: {
          bookingId: booking.id,
          shiftId: booking.shiftId,
          trustId: booking.trustId,
          wardId: booking.wardId,
          type: booking.type,
          costPence: booking.costPence,
          requiredSignoff: booking.requiredSignoff,
          startsAt: booking.startsAt,
          endsAt: booking.endsAt,
        },
      });
    }
    return {
      created,
      updated: rowCount - created - unchanged,
      unchanged,
      recheck: bookings.length > 0,
      alerts: bookings.some((booking) => booking.status === 'pending_approval'),
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

/**
 * Each booking through the API's rules that do not depend on who else could have been offered the
 * shift then: the worker's static eligibility (active, grade, home trust or cleared) and no overlap
 * with another of their bookings; the contract in force for the system with a rate for every band;
 * off-framework and admin/estates refusals; cost and sign-off as `POST /shifts/{id}/bookings`.
 */
async function planBookings(
  manager: EntityManager,
  rows: ShiftRow[],
  trustSystems: Map<string, { systemId: string }>,
  context: ImportContext,
  errors: RowErrors,
): Promise<BookingWrite[]> {
  if (rows.length === 0) return [];
  const refs = rows.map((row) => row.booking!.bankWorkerExternalRef).filter((ref): ref is string => ref !== null);
  const workers = (await manager.query(
    `SELECT w.id, w.external_ref AS "externalRef", home.system_id AS "systemId", w.home_trust_id AS "homeTrustId",
            w.staff_group AS "staffGroup", w.grade, w.active,
            coalesce((SELECT array_agg(c.trust_id::text) FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id), '{}'::text[]) AS "clearedTrustIds"
       FROM bank_workers w JOIN trusts home ON home.id = w.home_trust_id
      WHERE w.external_ref = ANY($1::text[])
      ORDER BY w.id
        FOR UPDATE OF w`,
    [[...new Set(refs)]],
  )) as (WorkerFacts & { externalRef: string })[];
  const workersByRef = new Map<string, WorkerFacts[]>();
  for (const worker of workers) {
    const key = `${worker.systemId}|${worker.externalRef}`;
    workersByRef.set(key, [...(workersByRef.get(key) ?? []), worker]);
  }
  const contracts = await contractFacts(manager, rows);
  const systems = new Map(
    (
      await manager.findBy(System, { id: In([...new Set([...trustSystems.values()].map((trust) => trust.systemId))]) })
    ).map((system) => [system.id, system]),
  );
  const cards = new Map<string, Promise<RatesInForce>>();
  const bookings: BookingWrite[] = [];
  for (const row of rows) {
    const booking = row.booking!;
    const { input, timing } = row;
    const system = systems.get(trustSystems.get(input.trustId)?.systemId ?? '');
    if (!system) continue;
    const cardKey = `${system.id}|${timing.localStartDate}|${input.staffGroup}|${input.grade}`;
    if (!cards.has(cardKey))
      cards.set(
        cardKey,
        context.ratesInForce(system.id, timing.localStartDate, input.staffGroup, input.grade, manager),
      );
    const card = await cards.get(cardKey)!;
    const bandMinutes = fromShiftMinutesColumns(timing.minutes);
    const times = { elapsed: timing.minutes.elapsedMinutes, paid: timing.minutes.paidMinutes };
    const exemptionRef = input.exemptionRef ?? null;
    let rates: BandValues | null = booking.ratesPence;
    let bankWorkerId: string | null = null;
    let offFramework = false;
    if (booking.type === 'bank') {
      const candidates = workersByRef.get(`${system.id}|${booking.bankWorkerExternalRef}`) ?? [];
      const worker = candidates.find((candidate) => candidate.staffGroup === input.staffGroup);
      if (candidates.length > 1 && worker) {
        errors.add(row.row, 'bankWorkerExternalRef', 'several bank workers of the system have this reference');
        continue;
      }
      if (!worker) {
        errors.add(row.row, 'bankWorkerExternalRef', 'not a bank worker of this system and staff group');
        continue;
      }
      const group = staffGroupOf(input.staffGroup as StaffGroup);
      const reasons = ineligibility({
        active: worker.active,
        gradeRank: gradeRank(group.key, worker.grade),
        shiftGradeRank: gradeRank(group.key, input.grade),
        ownTrust: worker.homeTrustId === input.trustId,
        clearedForTrust: worker.clearedTrustIds.includes(input.trustId),
        // Overlaps are checked below over the whole file; the rest and 48-hour rules shape the
        // offer, and an import records a booking the source system has already made.
        overlaps: false,
        nearestGapMinutes: null,
        bookedMinutesInReferencePeriod: 0,
        shiftPaidMinutes: 0,
        contractedWeeklyHours: 0,
        optedOutOfWeeklyLimit: true,
      });
      if (reasons.length > 0) {
        errors.add(row.row, 'bankWorkerExternalRef', `the worker is not eligible: ${reasons.join(', ')}`);
        continue;
      }
      bankWorkerId = worker.id;
      rates ??= card.system.bankRate;
    } else {
      const contract = contracts.get(booking.agencyContractId!);
      if (
        !contract ||
        contract.systemId !== system.id ||
        contract.validFrom > timing.localStartDate ||
        (contract.validTo !== null && contract.validTo <= timing.localStartDate)
      ) {
        errors.add(row.row, 'agencyContractId', 'not a contract of the shift’s system in force on its date');
        continue;
      }
      if (!agencyAllowed(input.staffGroup, exemptionRef)) {
        errors.add(
          row.row,
          'exemptionRef',
          'an admin or estates shift takes an agency only with an exemption reference',
        );
        continue;
      }
      offFramework = contract.framework === null;
      if (offFramework && offFrameworkRefused(staffGroupOf(input.staffGroup as StaffGroup).ruleClass)) {
        errors.add(row.row, 'agencyContractId', 'off-framework agency is refused for this staff group');
        continue;
      }
      rates ??= contract.rates.get(`${input.staffGroup}|${input.grade}`) ?? {};
    }
    const cost = costPence(bandMinutes, rates, times);
    if (cost === null) {
      errors.add(row.row, 'ratesPence', `no rate for ${missingRates(bandMinutes, rates).join(', ')}`);
      continue;
    }
    const capCostPence = card.national.id ? costPence(bandMinutes, card.national.agencyCap, times) : null;
    const signoff = requiredSignoff(
      { type: booking.type, chargePence: cost, capCostPence, paidMinutes: times.paid, offFramework },
      system,
    );
    bookings.push({
      id: randomUUID(),
      shiftId: row.id,
      trustId: input.trustId,
      systemId: system.id,
      wardId: input.wardId,
      type: booking.type,
      bankWorkerId,
      agencyContractId: booking.type === 'agency' ? booking.agencyContractId : null,
      status: signoff ? 'pending_approval' : 'confirmed',
      startsAt: timing.startsAt,
      endsAt: timing.endsAt,
      paidMinutes: times.paid,
      ratesPence: rates,
      costPence: cost,
      requiredSignoff: signoff,
      exemptionRef,
      row: row.row,
    });
  }
  await checkOverlaps(manager, bookings, errors);
  return bookings;
}

async function contractFacts(manager: EntityManager, rows: ShiftRow[]): Promise<Map<string, ContractFacts>> {
  const ids = [...new Set(rows.map((row) => row.booking!.agencyContractId).filter((id): id is string => id !== null))];
  const lines = (await manager.query(
    `SELECT c.id, c.system_id AS "systemId", c.framework, c.valid_from::text AS "validFrom", c.valid_to::text AS "validTo",
            l.staff_group AS "staffGroup", l.grade, l.band, l.charge_rate_pence AS "chargeRatePence"
       FROM agency_contracts c LEFT JOIN agency_contract_lines l ON l.contract_id = c.id
      WHERE c.id = ANY($1::uuid[])`,
    [ids],
  )) as (Omit<ContractFacts, 'rates'> & { staffGroup: string; grade: string; band: string; chargeRatePence: string })[];
  const contracts = new Map<string, ContractFacts>();
  for (const line of lines) {
    const contract = contracts.get(line.id) ?? { ...line, rates: new Map<string, BandValues>() };
    contracts.set(line.id, contract);
    if (line.band === null) continue;
    const key = `${line.staffGroup}|${line.grade}`;
    const rates = contract.rates.get(key) ?? {};
    rates[line.band as keyof BandValues] = Number(line.chargeRatePence);
    contract.rates.set(key, rates);
  }
  return contracts;
}

/** A worker in one place at a time: against their other bookings, and between the file's rows. */
async function checkOverlaps(manager: EntityManager, bookings: BookingWrite[], errors: RowErrors): Promise<void> {
  const bank = bookings.filter((booking) => booking.bankWorkerId !== null);
  if (bank.length === 0) return;
  const clashes = (await manager.query(
    `SELECT DISTINCT wanted.row FROM unnest($1::int[], $2::uuid[], $3::timestamptz[], $4::timestamptz[])
            AS wanted(row, worker_id, starts_at, ends_at)
       JOIN bookings b ON b.bank_worker_id = wanted.worker_id AND b.status IN ('pending_approval', 'confirmed')
                      AND tstzrange(b.starts_at, b.ends_at) && tstzrange(wanted.starts_at, wanted.ends_at)`,
    [bank.map((b) => b.row), bank.map((b) => b.bankWorkerId), bank.map((b) => b.startsAt), bank.map((b) => b.endsAt)],
  )) as { row: number }[];
  for (const clash of clashes)
    errors.add(clash.row, 'bankWorkerExternalRef', 'the bank worker is booked elsewhere at that time');
  const byWorker = [...bank].sort(
    (a, b) => a.bankWorkerId!.localeCompare(b.bankWorkerId!) || a.startsAt.getTime() - b.startsAt.getTime(),
  );
  for (let index = 1; index < byWorker.length; index += 1) {
    const previous = byWorker[index - 1]!;
    const current = byWorker[index]!;
    if (previous.bankWorkerId === current.bankWorkerId && current.startsAt < previous.endsAt)
      errors.add(
        current.row,
        'bankWorkerExternalRef',
        `the bank worker is booked on line ${previous.row} at that time`,
      );
  }
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

/**
 * Imported bookings keep no fill-ladder snapshot (the source system chose the worker; who else
 * was available then is not known): `ladder` records the import, and no bank-first bypass is assumed.
 */
async function insertBookings(manager: EntityManager, batch: BookingWrite[], context: ImportContext): Promise<void> {
  await manager.query(
    `INSERT INTO bookings (id, shift_id, type, bank_worker_id, agency_contract_id, status, ward_id, starts_at, ends_at,
                           paid_minutes, rates_pence, cost_pence, required_signoff, exemption_ref, ladder,
                           eligible_bank_count, created_by_key_id)
     SELECT id, shift_id, type, bank_worker_id, agency_contract_id, status, ward_id, starts_at, ends_at, paid_minutes,
            rates_pence, cost_pence, required_signoff, exemption_ref, jsonb_build_object('importId', $15::uuid), 0, $16::uuid
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::timestamptz[],
                   $9::timestamptz[], $10::int[], $11::jsonb[], $12::bigint[], $13::text[], $14::text[])
            AS row(id, shift_id, type, bank_worker_id, agency_contract_id, status, ward_id, starts_at, ends_at, paid_minutes,
                   rates_pence, cost_pence, required_signoff, exemption_ref)`,
    [
      batch.map((booking) => booking.id),
      batch.map((booking) => booking.shiftId),
      batch.map((booking) => booking.type),
      batch.map((booking) => booking.bankWorkerId),
      batch.map((booking) => booking.agencyContractId),
      batch.map((booking) => booking.status),
      batch.map((booking) => booking.wardId),
      batch.map((booking) => booking.startsAt),
      batch.map((booking) => booking.endsAt),
      batch.map((booking) => booking.paidMinutes),
      batch.map((booking) => JSON.stringify(booking.ratesPence)),
      batch.map((booking) => booking.costPence),
      batch.map((booking) => booking.requiredSignoff),
      batch.map((booking) => booking.exemptionRef),
      context.importId,
      context.keyId,
    ],
  );
  await manager.query(`UPDATE shifts SET status = 'booked', updated_at = now() WHERE id = ANY($1::uuid[])`, [
    batch.map((booking) => booking.shiftId),
  ]);
}
