import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/domain-errors.js';
import { BookingsService } from '../bookings/index.js';
import { bankOptionOf, FillService, OffersService, type ShiftOfferView } from '../fill/index.js';
import { Shift, shiftPlaces } from '../shifts/index.js';
import { addDays, daysBetween, londonDate } from '../time-bands/index.js';
import type { AvailableShiftsQuery, AvailableShiftView, MeView, MyBookingView, MyTimesheetView } from './me.dto.js';

/** The shift a bank worker tried to take is no longer open: someone else took it, or it was filled or cancelled. */
export class ShiftGone extends ConflictError {
  constructor() {
    super('This shift has gone: someone else took it, or it was filled or cancelled');
  }
}

/** The longest window of shifts a bank worker may ask for at once, in days. */
export const AVAILABLE_WINDOW_DAYS = 62;
/** The window when none is asked for, in days from today. */
export const DEFAULT_WINDOW_DAYS = 28;
/** Open shifts looked at per request, soonest first: each is a ladder of one worker. */
const AVAILABLE_LIMIT = 300;

interface BookingRow {
  id: string;
  shift_id: string;
  trust_name: string;
  ward_name: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  cost_pence: string;
  cancellable_until: Date | null;
}

/**
 * A bank worker's own view (docs/rules.md section 10c): the shifts they may take now, taking one
 * through the one booking function, their bookings, cancelling within the system's notice, and
 * their timesheets. It answers for the caller's bank worker record only, and shows nothing of
 * other workers or of agencies.
 */
@Injectable()
export class MeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
    private readonly offers: OffersService,
    private readonly bookings: BookingsService,
  ) {}

  async me(actor: Principal): Promise<MeView> {
    const bankWorkerId = workerOf(actor);
    const [row] = (await this.dataSource.query(
      `SELECT w.id AS "bankWorkerId", w.display_name AS "displayName", w.home_trust_id AS "homeTrustId",
              t.name AS "homeTrustName", w.staff_group AS "staffGroup", w.grade,
              array(SELECT ct.name FROM bank_worker_clearances c JOIN trusts ct ON ct.id = c.trust_id
                     WHERE c.bank_worker_id = w.id ORDER BY ct.name) AS "clearedTrustNames"
         FROM bank_workers w JOIN trusts t ON t.id = w.home_trust_id WHERE w.id = $1`,
      [bankWorkerId],
    )) as MeView[];
    if (!row) throw NotFoundError.of('bank worker', bankWorkerId);
    return row;
  }

  /**
   * Open shifts of the worker's staff group at their home trust or a trust they are cleared for,
   * whose stage is released to them and for which the ladder finds them eligible now (grade,
   * overlap, 11 hours' rest, the 48-hour average), soonest first, with their pay at the card rate:
   * those starting in the window (from today), and those offered to them whatever their date.
   */
  async available(query: AvailableShiftsQuery, actor: Principal): Promise<AvailableShiftView[]> {
    const bankWorkerId = workerOf(actor);
    if (query.from && query.to && query.to <= query.from)
      throw new InvalidInputError('to must be after from', [{ field: 'to', message: 'after from' }]);
    const today = londonDate();
    const asked = query.from ?? today;
    const to = query.to ?? addDays(asked, DEFAULT_WINDOW_DAYS);
    if (daysBetween(asked, to) > AVAILABLE_WINDOW_DAYS)
      throw new InvalidInputError(`Ask for at most ${AVAILABLE_WINDOW_DAYS} days at once`, [
        { field: 'to', message: `at most ${AVAILABLE_WINDOW_DAYS} days after from` },
      ]);
    // Nothing before today can be taken: a window in the past is empty, not wrong.
    const from = asked > today ? asked : today;
    const now = new Date();
    const offers = await this.offers.openFor(bankWorkerId, null);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const inWindow =
        to > from
          ? await this.openShifts(manager, actor, now)
              .andWhere('shift.local_start_date >= :from AND shift.local_start_date < :to', { from, to })
              .andWhere('shift.staff_group = (SELECT w.staff_group FROM bank_workers w WHERE w.id = :bankWorkerId)', {
                bankWorkerId,
              })
              .limit(AVAILABLE_LIMIT)
              .getMany()
          : [];
      const listed = new Set(inWindow.map((shift) => shift.id));
      const elsewhere = [...offers.keys()].filter((id) => !listed.has(id));
      const offered = elsewhere.length
        ? await this.openShifts(manager, actor, now).andWhere('shift.id IN (:...elsewhere)', { elsewhere }).getMany()
        : [];
      const shifts = [...inWindow, ...offered].sort(
        (one, other) => one.startsAt.getTime() - other.startsAt.getTime() || one.id.localeCompare(other.id),
      );
      return this.takeable(manager, shifts, bankWorkerId, now, offers);
    });
  }

  /** One shift the caller may take now (an offer's e-mail link), or null when it is not one. */
  async availableShift(shiftId: string, actor: Principal): Promise<AvailableShiftView | null> {
    const bankWorkerId = workerOf(actor);
    const now = new Date();
    const offers = await this.offers.openFor(bankWorkerId, [shiftId]);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const shifts = await this.openShifts(manager, actor, now).andWhere('shift.id = :shiftId', { shiftId }).getMany();
      return (await this.takeable(manager, shifts, bankWorkerId, now, offers))[0] ?? null;
    });
  }

  /** Open shifts not yet started at the caller's trusts, soonest first. */
  private openShifts(manager: EntityManager, actor: Principal, now: Date) {
    return manager
      .getRepository(Shift)
      .createQueryBuilder('shift')
      .where(`shift.status = 'open' AND shift.starts_at > :now`, { now })
      .andWhere('shift.trust_id = ANY(:trusts)', { trusts: [...actor.trustIds] })
      .orderBy('shift.starts_at')
      .addOrderBy('shift.id');
  }

  /** Of `shifts`, those whose ladder, for this worker alone, lists them in a released bank tier: with pay and offer. */
  private async takeable(
    manager: EntityManager,
    shifts: Shift[],
    bankWorkerId: string,
    now: Date,
    offers: Map<string, ShiftOfferView>,
  ): Promise<AvailableShiftView[]> {
    const ladders = await this.fill.ladders(manager, shifts, now, bankWorkerId);
    const open = ladders.flatMap((ladder) => {
      const option = bankOptionOf(ladder, bankWorkerId);
      return option?.released ? [{ shift: ladder.shift, payPence: option.costPence }] : [];
    });
    const places = await shiftPlaces(
      manager,
      open.map(({ shift }) => shift),
    );
    return open.map(({ shift, payPence }) => {
      const offer = offers.get(shift.id);
      return {
        shiftId: shift.id,
        ...places.get(shift.id)!,
        payPence,
        offer: offer ? { id: offer.id, expiresAt: offer.expiresAt } : null,
      };
    });
  }

  /**
   * Takes a shift: a bank booking of the caller through the one booking function, first come first
   * served (the shift's row lock queues a second taker, who finds it booked). The one who loses is
   * told that it has gone; a rule that refuses the worker answers 422 as any booking does.
   */
  async take(shiftId: string, actor: Principal): Promise<MyBookingView> {
    const bankWorkerId = workerOf(actor);
    let bookingId: string;
    try {
      bookingId = (await this.bookings.create(shiftId, { type: 'bank', bankWorkerId }, actor)).id;
    } catch (error) {
      if (error instanceof ConflictError) {
        // Taken already, by the caller (a second tap): that booking; by someone else: gone.
        const [mine] = (await this.dataSource.query(
          `SELECT id FROM bookings WHERE shift_id = $1 AND bank_worker_id = $2 AND status IN ('pending_approval', 'confirmed')`,
          [shiftId, bankWorkerId],
        )) as { id: string }[];
        if (mine) return (await this.myBookings(bankWorkerId, { bookingId: mine.id }))[0]!;
        const shift = await this.dataSource.manager.findOneBy(Shift, { id: shiftId });
        if (shift && shift.status !== 'open') throw new ShiftGone();
      }
      throw error;
    }
    return (await this.myBookings(bankWorkerId, { bookingId }))[0]!;
  }

  /** Whether the shift is in the caller's trusts and still open (for saying why it is not listed). */
  async isOpen(shiftId: string, actor: Principal): Promise<boolean> {
    workerOf(actor);
    const shift = await this.dataSource.manager.findOneBy(Shift, { id: shiftId });
    return Boolean(
      shift && actor.trustIds.has(shift.trustId) && shift.status === 'open' && shift.startsAt > new Date(),
    );
  }

  async bookingsOf(actor: Principal, when: 'upcoming' | 'past' = 'upcoming'): Promise<MyBookingView[]> {
    return this.myBookings(workerOf(actor), { when });
  }

  /**
   * Cancels the caller's own active booking while its start is more than the system's
   * `bankCancelNoticeHours` away (422 `WITHIN_CANCEL_NOTICE` after that: the rota manager must be
   * asked), through the bookings' own cancellation: the shift is open again.
   */
  async cancel(bookingId: string, reason: string | undefined, actor: Principal): Promise<MyBookingView> {
    const booking = await this.booking(bookingId, actor);
    if (booking.status !== 'confirmed' && booking.status !== 'pending_approval')
      throw new ConflictError(`The booking is already ${booking.status}`);
    if (!booking.cancellableUntil || booking.cancellableUntil.getTime() <= Date.now())
      throw new RuleViolationError(
        'WITHIN_CANCEL_NOTICE',
        'The shift starts too soon to cancel here: call the bank office or the ward',
        undefined,
        { startsAt: booking.startsAt, cancellableUntil: booking.cancellableUntil },
      );
    await this.bookings.cancel(bookingId, { reason: reason ?? 'Cancelled by the bank worker' }, actor);
    return this.booking(bookingId, actor);
  }

  /** One of the caller's own bookings; 404 for anyone else's. */
  async booking(bookingId: string, actor: Principal): Promise<MyBookingView> {
    const [booking] = await this.myBookings(workerOf(actor), { bookingId });
    if (!booking) throw NotFoundError.of('booking', bookingId);
    return booking;
  }

  async timesheets(actor: Principal): Promise<MyTimesheetView[]> {
    const rows = (await this.dataSource.query(
      `SELECT ts.id, ts.booking_id AS "bookingId", t.name AS "trustName", w.name AS "wardName",
              ts.started_at AS "startedAt", ts.ended_at AS "endedAt", ts.break_minutes AS "breakMinutes",
              ts.paid_minutes AS "paidMinutes", ts.amount_pence::bigint AS "amountPence"
         FROM timesheets ts
         JOIN bookings b ON b.id = ts.booking_id
         JOIN shifts s ON s.id = ts.shift_id JOIN trusts t ON t.id = s.trust_id JOIN wards w ON w.id = s.ward_id
        WHERE b.bank_worker_id = $1
        ORDER BY ts.started_at DESC LIMIT 100`,
      [workerOf(actor)],
    )) as (MyTimesheetView & { amountPence: string })[];
    return rows.map((row) => ({ ...row, amountPence: Number(row.amountPence) }));
  }

  private async myBookings(
    bankWorkerId: string,
    filter: { bookingId: string } | { when: 'upcoming' | 'past' },
  ): Promise<MyBookingView[]> {
    const which =
      'bookingId' in filter
        ? 'b.id = $2::uuid'
        : filter.when === 'upcoming'
          ? `b.ends_at > now() AND b.status IN ('pending_approval', 'confirmed') AND $2::uuid IS NULL`
          : `b.ends_at <= now() AND $2::uuid IS NULL`;
    const rows = (await this.dataSource.query(
      `SELECT b.id, b.shift_id, t.name AS trust_name, w.name AS ward_name, s.starts_at, s.ends_at, b.status, b.cost_pence,
              CASE WHEN b.status IN ('pending_approval', 'confirmed')
                   THEN s.starts_at - y.bank_cancel_notice_hours * interval '1 hour' END AS cancellable_until
         FROM bookings b
         JOIN shifts s ON s.id = b.shift_id JOIN trusts t ON t.id = s.trust_id JOIN systems y ON y.id = t.system_id
         JOIN wards w ON w.id = s.ward_id
        WHERE b.bank_worker_id = $1 AND ${which}
        ORDER BY s.starts_at ${'when' in filter && filter.when === 'past' ? 'DESC' : 'ASC'}, b.id
        LIMIT 200`,
      [bankWorkerId, 'bookingId' in filter ? filter.bookingId : null],
    )) as BookingRow[];
    return rows.map((row) => ({
      id: row.id,
      shiftId: row.shift_id,
      trustName: row.trust_name,
      wardName: row.ward_name,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      status: row.status,
      payPence: Number(row.cost_pence),
      cancellableUntil: row.cancellable_until,
    }));
  }
}

/** The caller's bank worker record; /me answers bank workers only (an admin has none). */
function workerOf(actor: Principal): string {
  if (!actor.bankWorkerId) throw new ForbiddenError('Only a bank worker has their own shifts: /me is for bank workers');
  return actor.bankWorkerId;
}
