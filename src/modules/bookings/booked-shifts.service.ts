import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { type CancelShiftDto, type ShiftView, shiftView, ShiftsService } from '../shifts/index.js';
import { closeSubmissionsOfShift } from '../agencies/index.js';
import { BookingsService } from './bookings.service.js';
import type { ShiftDetailView } from './bookings.dto.js';
import { TimesheetsService } from './timesheets.service.js';

/**
 * A shift together with what was booked and worked on it: its detail view, and cancelling it with
 * its booking. Here rather than in shifts so that bookings depends on shifts and never the reverse.
 */
@Injectable()
export class BookedShiftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shifts: ShiftsService,
    private readonly bookings: BookingsService,
    private readonly timesheets: TimesheetsService,
    private readonly signals: WorkerSignals,
  ) {}

  async get(id: string, actor: Principal): Promise<ShiftDetailView> {
    const manager = this.dataSource.manager;
    const shift = await this.shifts.find(manager, id, actor);
    const [bookings, timesheets] = await Promise.all([
      this.bookings.activeForShifts(manager, [id]),
      this.timesheets.forShifts(manager, [id]),
    ]);
    return { ...shiftView(shift), booking: bookings.get(id) ?? null, timesheet: timesheets.get(id) ?? null };
  }

  /** Cancels an open or booked shift; a booked shift's booking is cancelled with it. */
  async cancel(id: string, input: CancelShiftDto, actor: Principal): Promise<ShiftView> {
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const shift = await this.shifts.lock(manager, id, actor);
      if (shift.status === 'booked') await this.bookings.cancelActiveOf(manager, id, actor, input.reason);
      await closeSubmissionsOfShift(manager, id, null);
      return this.shifts.cancelLocked(manager, shift, input.reason, actor);
    });
    // A cancelled booking's breaches are cleared by the re-check cancelActiveOf asked for.
    await this.signals.recheckSoon();
    await this.signals.dispatchAlerts();
    return cancelled;
  }
}
