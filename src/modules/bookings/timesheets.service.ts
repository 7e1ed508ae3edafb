import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversTrust, type Principal } from '../../core/auth/principal.js';
import { fromShiftMinutesColumns } from '../shifts/index.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { ReferenceService } from '../reference/index.js';
import { Shift } from '../shifts/index.js';
import { markForRecheck } from '../shifts/index.js';
import { effectiveHourlyRatePence } from '../time-bands/index.js';
import { shiftTiming } from '../shifts/index.js';
import { Booking } from './booking.entity.js';
import type { PutTimesheetDto, TimesheetView } from './bookings.dto.js';
import { Timesheet } from './timesheet.entity.js';

export const timesheetView = (timesheet: Timesheet): TimesheetView => ({
  id: timesheet.id,
  shiftId: timesheet.shiftId,
  bookingId: timesheet.bookingId,
  startedAt: timesheet.startedAt,
  endedAt: timesheet.endedAt,
  breakMinutes: timesheet.breakMinutes,
  localStartDate: timesheet.localStartDate,
  elapsedMinutes: timesheet.minutes.elapsedMinutes,
  paidMinutes: timesheet.minutes.paidMinutes,
  bandMinutes: fromShiftMinutesColumns(timesheet.minutes) as Record<string, number>,
  amountPence: timesheet.amountPence,
  effectiveHourlyRatePence: effectiveHourlyRatePence(timesheet.amountPence, timesheet.minutes.paidMinutes),
  updatedAt: timesheet.updatedAt,
});

export const NO_TIMESHEET_YET =
  'Only a shift with a confirmed booking takes a timesheet (a booking awaiting sign-off must be approved first)';

/** A shift takes a timesheet once booked (or worked, to correct it) with a confirmed booking: API and import alike. */
export const takesTimesheet = (shiftStatus: string, hasConfirmedBooking: boolean): boolean =>
  hasConfirmedBooking && (shiftStatus === 'booked' || shiftStatus === 'worked');

/** The timesheet of a booked shift: actual times (band minutes split again) and the amount. */
@Injectable()
export class TimesheetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async put(shiftId: string, input: PutTimesheetDto, actor: Principal): Promise<TimesheetView> {
    try {
      const recorded = await this.record(shiftId, input, actor);
      await this.signals.recheckSoon();
      return recorded;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23P01') {
        throw new ConflictError('The worked times overlap another booking of the same worker');
      }
      throw error;
    }
  }

  private async record(shiftId: string, input: PutTimesheetDto, actor: Principal): Promise<TimesheetView> {
    const shape = await this.dataSource.manager.findOneBy(Shift, { id: shiftId });
    if (!shape || !coversTrust(actor, shape.trustId)) throw NotFoundError.of('shift', shiftId);
    const timing = shiftTiming(
      {
        staffGroup: shape.staffGroup,
        grade: shape.grade,
        startsAt: input.startedAt,
        endsAt: input.endedAt,
        breakMinutes: input.breakMinutes,
      },
      await this.reference.calendar(),
      { startsAt: 'startedAt', endsAt: 'endedAt' },
    );
    return this.dataSource.transaction(async (manager) => {
      const shift = await manager.findOneOrFail(Shift, { where: { id: shiftId }, lock: { mode: 'pessimistic_write' } });
      const booking = await manager.findOneBy(Booking, { shiftId, status: 'confirmed' });
      if (!booking || !takesTimesheet(shift.status, true)) throw new ConflictError(NO_TIMESHEET_YET);
      const existing = await manager.findOneBy(Timesheet, { shiftId });
      const fields: Partial<Timesheet> = {
        shiftId,
        bookingId: booking.id,
        startedAt: timing.startsAt,
        endedAt: timing.endsAt,
        breakMinutes: input.breakMinutes,
        localStartDate: timing.localStartDate,
        minutes: timing.minutes,
        amountPence: input.amountPence,
        recordedByKeyId: actor.keyId,
      };
      const saved = await manager.save(
        Timesheet,
        existing ? manager.merge(Timesheet, existing, fields) : manager.create(Timesheet, fields),
      );
      // The actual times replace the booked ones in every check (docs/rules.md section 7): the
      // worker's overlap, rest and weekly hours now count what was worked.
      await manager.update(
        Booking,
        { id: booking.id },
        {
          startsAt: timing.startsAt,
          endsAt: timing.endsAt,
          paidMinutes: timing.minutes.paidMinutes,
        },
      );
      await manager.update(Shift, { id: shiftId }, { status: 'worked' });
      await markForRecheck(manager, [shiftId]);
      const after = timesheetView(await manager.findOneByOrFail(Timesheet, { id: saved.id }));
      await this.audit.record(
        manager,
        actor,
        existing ? 'timesheet.update' : 'timesheet.create',
        'timesheet',
        saved.id,
        existing ? timesheetView(existing) : null,
        after,
      );
      return after;
    });
  }

  /** The timesheets of some shifts, by shift id. */
  async forShifts(manager: EntityManager, shiftIds: string[]): Promise<Map<string, TimesheetView>> {
    if (shiftIds.length === 0) return new Map();
    const timesheets = await manager.findBy(Timesheet, { shiftId: In(shiftIds) });
    return new Map(timesheets.map((timesheet) => [timesheet.shiftId, timesheetView(timesheet)]));
  }
}
