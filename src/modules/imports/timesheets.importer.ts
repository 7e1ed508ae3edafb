import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { type BulkColumn, bulkInsert } from '../../core/database/bulk-insert.js';
import { PutTimesheetDto } from '../bookings/index.js';
import { NO_TIMESHEET_YET, takesTimesheet } from '../bookings/index.js';
import { shiftTiming, type ShiftTiming } from '../shifts/index.js';
import { markForRecheck } from '../shifts/index.js';
import {
  type ImportContext,
  type Importer,
  type ImportOutcome,
  inBatches,
  inScope,
  OUTSIDE_SCOPE,
} from './import-context.js';
import { type CsvRecord, ImportRejected, integerCell, validateRow } from './import-csv.js';
import { MINUTES_COLUMNS, timingColumns, timingValues } from './import-sql.js';

const BATCH = 5_000;
const TIMESHEET_COLUMNS: BulkColumn[] = [
  ['shift_id', 'uuid'],
  ['booking_id', 'uuid'],
  ...timingColumns('started_at', 'ended_at'),
  ['amount_pence', 'bigint'],
  ['recorded_by_key_id', 'uuid'],
];

interface StoredShift {
  id: string;
  trustId: string;
  externalRef: string | null;
  staffGroup: string;
  grade: string;
  status: string;
  bookingId: string | null;
  timesheet: { startedAt: Date; endedAt: Date; breakMinutes: number; amountPence: string } | null;
}

interface TimesheetRow {
  row: number;
  shift: StoredShift;
  timing: ShiftTiming;
  breakMinutes: number;
  amountPence: number;
}

/**
 * Timesheets, with the fields of `PUT /shifts/{id}/timesheet`, matched to their shift by `shiftId`
 * or by `shiftExternalRef` (with `trustId` where the reference is not unique among the key's trusts).
 * A shift's existing timesheet is replaced, as the API replaces it.
 */
export const timesheetsImporter: Importer = {
  kind: 'timesheets',
  columns: {
    required: ['startedAt', 'endedAt', 'breakMinutes', 'amountPence'],
    optional: ['shiftId', 'shiftExternalRef', 'trustId'],
  },

  async apply(manager, records, context, errors): Promise<ImportOutcome> {
    const shifts = await lockShifts(manager, records);
    const visible = shifts.filter((shift) => inScope(context, shift.trustId));
    const byId = new Map(visible.map((shift) => [shift.id, shift]));
    const byRef = new Map<string, StoredShift[]>();
    for (const shift of visible) {
      if (shift.externalRef) byRef.set(shift.externalRef, [...(byRef.get(shift.externalRef) ?? []), shift]);
    }

    const rows: TimesheetRow[] = [];
    const seen = new Map<string, number>();
    for (const { row, values } of records) {
      const { shiftId, shiftExternalRef, trustId, ...fields } = values;
      const checked = validateRow(PutTimesheetDto, {
        ...fields,
        breakMinutes: integerCell(fields.breakMinutes),
        amountPence: integerCell(fields.amountPence),
      });
      if (checked.errors) errors.addAll(row, checked.errors);
      if ((shiftId === undefined) === (shiftExternalRef === undefined)) {
        errors.add(row, 'shiftId', 'give either shiftId or shiftExternalRef');
        continue;
      }
      let shift: StoredShift | undefined;
      if (shiftId !== undefined) {
        shift = byId.get(shiftId);
        if (!shift) errors.add(row, 'shiftId', OUTSIDE_SCOPE);
      } else {
        const matches = (byRef.get(shiftExternalRef!) ?? []).filter((match) => !trustId || match.trustId === trustId);
        if (matches.length > 1)
          errors.add(row, 'trustId', 'the reference names shifts of several trusts: give trustId');
        else if (matches.length === 0) errors.add(row, 'shiftExternalRef', OUTSIDE_SCOPE);
        else shift = matches[0];
      }
      if (!shift || !checked.value) continue;
      if (!errors.firstTime(seen, shift.id, row, shiftId ? 'shiftId' : 'shiftExternalRef', 'shift')) continue;
      if (!takesTimesheet(shift.status, shift.bookingId !== null)) {
        errors.add(row, shiftId ? 'shiftId' : 'shiftExternalRef', NO_TIMESHEET_YET);
        continue;
      }
      const input = checked.value;
      const timing = errors.catch(row, () =>
        shiftTiming(
          {
            staffGroup: shift.staffGroup,
            grade: shift.grade,
            startsAt: input.startedAt,
            endsAt: input.endedAt,
            breakMinutes: input.breakMinutes,
          },
          context.calendar,
          { startsAt: 'startedAt', endsAt: 'endedAt' },
        ),
      );
      if (timing) rows.push({ row, shift, timing, breakMinutes: input.breakMinutes, amountPence: input.amountPence });
    }
    if (!errors.empty) throw new ImportRejected(errors);

    const changed = rows.filter((row) => !sameTimesheet(row));
    await inBatches(changed, BATCH, (batch) => writeTimesheets(manager, batch, context));
    const updated = changed.filter((row) => row.shift.timesheet !== null).length;
    return {
      created: changed.length - updated,
      updated,
      unchanged: rows.length - changed.length,
      recheck: changed.length > 0,
      alerts: false,
    };
  },
};

const sameTimesheet = ({ shift, timing, breakMinutes, amountPence }: TimesheetRow): boolean =>
  shift.timesheet !== null &&
  new Date(shift.timesheet.startedAt).getTime() === timing.startsAt.getTime() &&
  new Date(shift.timesheet.endedAt).getTime() === timing.endsAt.getTime() &&
  shift.timesheet.breakMinutes === breakMinutes &&
  Number(shift.timesheet.amountPence) === amountPence;

/** One batch of timesheets, created or updated; their bookings and shifts follow. */
async function writeTimesheets(manager: EntityManager, batch: TimesheetRow[], context: ImportContext): Promise<void> {
  const shiftIds = batch.map((row) => row.shift.id);
  await bulkInsert(
    manager,
    'timesheets',
    TIMESHEET_COLUMNS,
    batch.map((row) => [row.shift.id, row.shift.bookingId, ...timingValues(row), row.amountPence, context.keyId]),
    {
      batchSize: BATCH,
      onConflict: `ON CONFLICT ON CONSTRAINT uq_timesheets_shift DO UPDATE SET
       booking_id = excluded.booking_id, started_at = excluded.started_at, ended_at = excluded.ended_at,
       break_minutes = excluded.break_minutes, local_start_date = excluded.local_start_date,
       ${MINUTES_COLUMNS.map((name) => `${name} = excluded.${name}`).join(', ')},
       amount_pence = excluded.amount_pence, recorded_by_key_id = excluded.recorded_by_key_id, updated_at = now()`,
    },
  );
  // The worked times replace the booked ones in the worker's later checks, as the API does.
  await manager.query(
    `UPDATE bookings b SET starts_at = row.started_at, ends_at = row.ended_at, paid_minutes = row.paid, updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::int[]) AS row(booking_id, started_at, ended_at, paid)
      WHERE b.id = row.booking_id`,
    [
      batch.map((row) => row.shift.bookingId),
      batch.map((row) => row.timing.startsAt),
      batch.map((row) => row.timing.endsAt),
      batch.map((row) => row.timing.minutes.paidMinutes),
    ],
  );
  await manager.query(`UPDATE shifts SET status = 'worked', updated_at = now() WHERE id = ANY($1::uuid[])`, [shiftIds]);
  await markForRecheck(manager, shiftIds);
}

/** The shifts the records name, with their confirmed booking and timesheet, locked. */
async function lockShifts(manager: EntityManager, records: CsvRecord[]): Promise<StoredShift[]> {
  const ids = records.map((record) => record.values.shiftId).filter((id): id is string => !!id && isUUID(id));
  const refs = records.map((record) => record.values.shiftExternalRef).filter((ref): ref is string => !!ref);
  // Shift rows locked first, as the API's timesheet takes them: shift, then booking.
  return (await manager.query(
    `SELECT s.id, s.trust_id AS "trustId", s.external_ref AS "externalRef", s.staff_group AS "staffGroup", s.grade, s.status,
            b.id AS "bookingId",
            CASE WHEN t.id IS NOT NULL THEN jsonb_build_object('startedAt', t.started_at, 'endedAt', t.ended_at,
                 'breakMinutes', t.break_minutes, 'amountPence', t.amount_pence::text) END AS timesheet
       FROM shifts s
       LEFT JOIN bookings b ON b.shift_id = s.id AND b.status = 'confirmed'
       LEFT JOIN timesheets t ON t.shift_id = s.id
      WHERE s.id = ANY($1::uuid[]) OR s.external_ref = ANY($2::text[])
        FOR UPDATE OF s`,
    [ids, refs],
  )) as StoredShift[];
}
