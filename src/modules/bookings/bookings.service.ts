import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { type SignoffLevel, signoffRank, signoffRankSql } from '../../core/auth/api-key.entity.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { coversTrust, isAdmin, isSameActor, type Principal, trustScope } from '../../core/auth/principal.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/domain-errors.js';
import { closeOffersOnBooking, closeSuggestionsOnBooking, FillService } from '../fill/index.js';
import { signoffCovers } from '../fill/index.js';
import { markForRecheck } from '../shifts/index.js';
import { agencyWorkerOf, type Candidate, closeSubmissionsOfShift } from '../agencies/index.js';
import type { StaffGroup } from '../time-bands/index.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { Shift } from '../shifts/index.js';
import { ACTIVE_BOOKING_STATUSES, Booking } from './booking.entity.js';
import { BOOKED_IN_THE_API, type BookingPolicy, type BookingRequest, decideBooking } from './booking-rules.js';
import { bookingView, pendingApprovalEvent, recordCancelledEvent } from './booking-events.js';
import type {
  BookingDecisionDto,
  BookingView,
  CreateBookingDto,
  ListBookingsQuery,
  SwapToBankDto,
} from './bookings.dto.js';

/** What booking a shift takes: the request, and an exemption reference or an agency worker named by the booker. */
export type BookRequest = BookingRequest & { exemptionRef?: string | null; agencyWorker?: Candidate | null };

/** A booking's transaction, with the database's refusals of a double booking said as 409s. */
export async function bookingConflicts<T>(transaction: Promise<T>): Promise<T> {
  try {
    return await transaction;
  } catch (error) {
    const { code, constraint } =
      error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : {};
    if (code === '23P01' && constraint === 'ex_bookings_agency_worker_overlap')
      throw new ConflictError('The agency worker is booked elsewhere at that time');
    if (code === '23P01') throw new ConflictError('The bank worker is booked elsewhere at that time');
    if (code === '23505') throw new ConflictError('The shift already has an active booking');
    throw error;
  }
}

/** Booking a shift, signing off above-cap bookings, rejecting and cancelling (docs/rules.md sections 7, 8 and 10). */
@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async create(shiftId: string, input: CreateBookingDto, actor: Principal): Promise<BookingView> {
    const created = await bookingConflicts(
      this.dataSource.transaction((manager) => this.bookLocked(manager, shiftId, input, actor, BOOKED_IN_THE_API)),
    );
    await this.signals.recheckSoon();
    if (created.status === 'pending_approval') await this.signals.dispatchAlerts();
    return created;
  }

  /**
   * Swaps an agency booking for a bank worker in one transaction: the agency booking is cancelled
   * (its `booking.cancelled` event tells the agency's subscribers) and the bank worker booked through
   * `book`, under the same rules as any booking, so the shift's suggestions are acted on. Refused
   * once the shift is inside the agency's notice (the system's `agencyNoticeHours`), when cancelling
   * would not save the charge.
   */
  async swapToBank(id: string, input: SwapToBankDto, actor: Principal): Promise<BookingView> {
    const created = await bookingConflicts(
      this.dataSource.transaction(async (manager) => {
        const agency = await this.find(manager, id, actor, true);
        if (agency.type !== 'agency')
          throw new ConflictError('The booking is a bank booking: there is nothing to swap');
        if (!(ACTIVE_BOOKING_STATUSES as readonly string[]).includes(agency.status))
          throw new ConflictError(`The booking is ${agency.status}: only an active agency booking can be swapped`);
        const shift = await manager.findOneByOrFail(Shift, { id: agency.shiftId });
        const [{ noticeEndsAt }] = (await manager.query(
          `SELECT $2::timestamptz + y.agency_notice_hours * interval '1 hour' AS "noticeEndsAt"
             FROM trusts t JOIN systems y ON y.id = t.system_id WHERE t.id = $1`,
          [shift.trustId, new Date()],
        )) as [{ noticeEndsAt: Date }];
        if (shift.startsAt <= noticeEndsAt) {
          throw new RuleViolationError(
            'WITHIN_AGENCY_NOTICE',
            `The shift starts within the agency's notice: cancelling it now would not save its charge`,
            undefined,
            { startsAt: shift.startsAt },
          );
        }
        await this.cancelLocked(manager, agency, actor, input.reason, 'booking.swap_to_bank');
        shift.status = 'open';
        await manager.update(Shift, { id: shift.id }, { status: 'open' });
        return this.book(manager, shift, { type: 'bank', bankWorkerId: input.bankWorkerId }, actor, BOOKED_IN_THE_API);
      }),
    );
    await this.signals.recheckSoon();
    await this.signals.dispatchAlerts();
    return created;
  }

  /** Locks the shift (404 outside the actor's scope), then books it: `book`. */
  async bookLocked(
    manager: EntityManager,
    shiftId: string,
    request: BookRequest,
    actor: Principal,
    policy: BookingPolicy,
  ): Promise<BookingView> {
    // The shift row lock queues concurrent bookings of one shift: the first books, the rest see it booked.
    const shift = await manager.findOne(Shift, { where: { id: shiftId }, lock: { mode: 'pessimistic_write' } });
    if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', shiftId);
    return this.book(manager, shift, request, actor, policy);
  }

  /**
   * The one way a booking is made: inside the caller's transaction, which holds `shift`'s row lock,
   * the ladder as it stands, the decision of `decideBooking`, and everything a booking records
   * (the booking, the shift booked, the re-check mark, the audit entry, its event). The caller
   * signals the worker once its transaction commits.
   */
  private async book(
    manager: EntityManager,
    shift: Shift,
    request: BookRequest,
    actor: Principal,
    policy: BookingPolicy,
  ): Promise<BookingView> {
    if (shift.status !== 'open')
      throw new ConflictError(`The shift is ${shift.status}: it has an active booking or is closed`);
    // The worker's row lock serialises their bookings, so two at once cannot both pass the rest
    // and 48-hour rules (the exclusion constraint alone only stops overlaps).
    if (request.type === 'bank') {
      await manager.query('SELECT 1 FROM bank_workers WHERE id = $1 FOR UPDATE', [request.bankWorkerId]);
    }
    const exemptionRef = request.exemptionRef ?? undefined;
    const ladder = await this.fill.ladder(manager, shift.id, actor, exemptionRef, request.bankWorkerId ?? undefined);
    const decision = decideBooking(ladder, request, policy);
    if (request.agencyWorker && decision.type === 'bank')
      throw new InvalidInputError('A bank booking names its bank worker, not an agency worker', [
        { field: 'agencyWorker', message: 'agency bookings only' },
      ]);
    if (request.agencyWorker) {
      const agencyId = ladder.tiers
        .flatMap((tier) => tier.options)
        .find((option) => option.agencyContractId === decision.agencyContractId)!.agencyId!;
      const worker = await agencyWorkerOf(
        manager,
        agencyId,
        shift.staffGroup as StaffGroup,
        request.agencyWorker,
        'agencyWorker.registration',
      );
      decision.agencyWorkerId = worker.id;
    }
    const booking = await manager.save(
      manager.create(Booking, {
        ...decision,
        shiftId: shift.id,
        wardId: shift.wardId,
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        ratesPence: decision.ratesPence as Record<string, number>,
        exemptionRef: exemptionRef ?? shift.exemptionRef,
        ladder: decision.ladder as unknown as Record<string, unknown>,
        createdByKeyId: actor.keyId,
        createdByUserId: actor.userId,
      }),
    );
    await manager.update(Shift, { id: shift.id }, { status: 'booked' });
    await markForRecheck(manager, [shift.id]);
    const created = bookingView(await manager.findOneByOrFail(Booking, { id: booking.id }));
    // The shift's fill suggestions: acted on when the bank fills it, expired when an agency does;
    // its offers to bank workers: accepted by the one booked, closed for the rest; its agencies'
    // submissions: accepted for the worker booked through that contract, declined for the rest.
    await closeSuggestionsOnBooking(manager, shift.id, created);
    await closeOffersOnBooking(manager, shift.id, created);
    await closeSubmissionsOfShift(manager, shift.id, created);
    await this.audit.record(manager, actor, 'booking.create', 'booking', booking.id, null, {
      ...created,
      ladder: undefined,
    });
    if (created.status === 'pending_approval')
      await recordEvent(manager, pendingApprovalEvent(created, shift, ladder.system.id));
    return created;
  }

  /** Cancels the shift's active booking, if any, inside the caller's transaction (which holds the shift lock). */
  async cancelActiveOf(manager: EntityManager, shiftId: string, actor: Principal, reason: string): Promise<void> {
    const active = await manager.findOne(Booking, {
      where: { shiftId, status: In([...ACTIVE_BOOKING_STATUSES]) },
      lock: { mode: 'pessimistic_write' },
    });
    if (active) await this.cancelLocked(manager, active, actor, reason, 'booking.cancel');
  }

  /**
   * Cancels a booking whose shift and row the caller's transaction has locked: the re-check mark,
   * the audit entry (`action`), and the `booking.cancelled` event that tells its agency (or its bank
   * worker's app). The caller reopens the shift or closes it.
   */
  private async cancelLocked(
    manager: EntityManager,
    booking: Booking,
    actor: Principal,
    reason: string | null,
    action: string,
  ): Promise<BookingView> {
    await markForRecheck(manager, [booking.shiftId]);
    const before = bookingView(booking);
    await manager.update(
      Booking,
      { id: booking.id },
      this.decision('cancelled', actor, null, { reason: reason ?? undefined }),
    );
    const after = bookingView(await manager.findOneByOrFail(Booking, { id: booking.id }));
    await this.audit.record(
      manager,
      actor,
      action,
      'booking',
      booking.id,
      { ...before, ladder: undefined },
      {
        ...after,
        ladder: undefined,
      },
    );
    await recordCancelledEvent(manager, after, reason);
    return after;
  }

  /** The active booking of some shifts, by shift id. */
  async activeForShifts(manager: EntityManager, shiftIds: string[]): Promise<Map<string, BookingView>> {
    if (shiftIds.length === 0) return new Map();
    const bookings = await manager.findBy(Booking, { shiftId: In(shiftIds), status: In([...ACTIVE_BOOKING_STATUSES]) });
    return new Map(bookings.map((booking) => [booking.shiftId, bookingView(booking)]));
  }

  /**
   * Bookings in scope, soonest shift first; `awaitingMyApproval` keeps those waiting for a sign-off the
   * actor's level covers (an approver's queue; everything waiting, for admin).
   */
  async list(query: ListBookingsQuery, actor: Principal): Promise<Page<BookingView>> {
    const bookings = this.dataSource
      .getRepository(Booking)
      .createQueryBuilder('booking')
      .innerJoin(Shift, 'shift', 'shift.id = booking.shift_id');
    const scope = trustScope(actor);
    if (scope) bookings.andWhere('shift.trust_id = ANY(:scope)', { scope });
    if (query.trustId) bookings.andWhere('shift.trust_id = :trustId', { trustId: query.trustId });
    if (query.from) bookings.andWhere('shift.local_start_date >= :from', { from: query.from });
    if (query.shiftId) bookings.andWhere('booking.shift_id = :shiftId', { shiftId: query.shiftId });
    if (query.awaitingMyApproval) {
      bookings.andWhere(`booking.status = 'pending_approval'`);
      if (!isAdmin(actor)) {
        bookings.andWhere(`${signoffRankSql('booking.required_signoff')} <= :rank`, {
          rank: signoffRank(actor.approvalLevel),
        });
      }
    } else if (query.status) bookings.andWhere('booking.status = :status', { status: query.status });
    const page = await paginate(bookings, query, 'startsAt');
    return { items: page.items.map(bookingView), nextCursor: page.nextCursor };
  }

  /** Who each booking is for, as people say it: the bank worker's name, or the agency's. */
  async whoIsBooked(bookings: BookingView[]): Promise<Map<string, string>> {
    if (bookings.length === 0) return new Map();
    const rows: { id: string; who: string }[] = await this.dataSource.query(
      `SELECT b.id, coalesce(w.display_name, a.name || ' (agency)') AS who
         FROM bookings b
         LEFT JOIN bank_workers w ON w.id = b.bank_worker_id
         LEFT JOIN agency_contracts c ON c.id = b.agency_contract_id
         LEFT JOIN agencies a ON a.id = c.agency_id
        WHERE b.id = ANY($1::uuid[])`,
      [bookings.map((booking) => booking.id)],
    );
    return new Map(rows.map((row) => [row.id, row.who]));
  }

  async get(id: string, actor: Principal): Promise<BookingView> {
    return bookingView(await this.find(this.dataSource.manager, id, actor, false));
  }

  async approve(id: string, input: BookingDecisionDto, actor: Principal): Promise<BookingView> {
    return this.decide(id, actor, 'approve', async (manager, booking) => {
      if (booking.status !== 'pending_approval')
        throw new ConflictError(`The booking is ${booking.status}, not waiting for sign-off`);
      const level = this.assertMayDecide(booking, actor);
      await manager.update(Booking, { id }, this.decision('confirmed', actor, level, input));
    });
  }

  async reject(id: string, input: BookingDecisionDto, actor: Principal): Promise<BookingView> {
    return this.decide(id, actor, 'reject', async (manager, booking) => {
      if (booking.status !== 'pending_approval')
        throw new ConflictError(`The booking is ${booking.status}, not waiting for sign-off`);
      const level = this.assertMayDecide(booking, actor);
      await manager.update(Booking, { id }, this.decision('rejected', actor, level, input));
      await manager.update(Shift, { id: booking.shiftId }, { status: 'open' });
    });
  }

  async cancel(id: string, input: BookingDecisionDto, actor: Principal): Promise<BookingView> {
    return this.decide(id, actor, 'cancel', async (manager, booking) => {
      if (booking.status !== 'pending_approval' && booking.status !== 'confirmed') {
        throw new ConflictError(`The booking is already ${booking.status}`);
      }
      const shift = await manager.findOneByOrFail(Shift, { id: booking.shiftId });
      if (shift.status === 'worked') throw new ConflictError('The shift has been worked: its timesheet stands');
      await manager.update(Booking, { id }, this.decision('cancelled', actor, null, input));
      await manager.update(Shift, { id: booking.shiftId }, { status: 'open' });
      await recordCancelledEvent(manager, bookingView(await manager.findOneByOrFail(Booking, { id })), input.reason);
    });
  }

  /** Approving or rejecting needs a level at or above the booking's, and never the key that booked. */
  private assertMayDecide(booking: Booking, actor: Principal): SignoffLevel {
    if (isSameActor(actor, { keyId: booking.createdByKeyId, userId: booking.createdByUserId })) {
      throw new ForbiddenError('No one may decide on a booking they made: another approver must');
    }
    const level: SignoffLevel | null = isAdmin(actor) ? 'chief_executive' : actor.approvalLevel;
    const required = booking.requiredSignoff as SignoffLevel | null;
    if (!level || (required && !signoffCovers(level, required))) {
      throw new ForbiddenError(
        `This booking needs ${required ?? 'an approver'} sign-off; this key decides up to ${level ?? 'nothing'}`,
      );
    }
    return level;
  }

  private decision(status: Booking['status'], actor: Principal, level: string | null, input: BookingDecisionDto) {
    return {
      status,
      decidedByKeyId: actor.keyId,
      decidedByUserId: actor.userId,
      decisionLevel: level,
      decidedAt: new Date(),
      decisionReason: input.reason ?? null,
    };
  }

  private async decide(
    id: string,
    actor: Principal,
    action: 'approve' | 'reject' | 'cancel',
    apply: (manager: EntityManager, booking: Booking) => Promise<void>,
  ): Promise<BookingView> {
    const decided = await this.dataSource.transaction(async (manager) => {
      const booking = await this.find(manager, id, actor, true);
      const before = bookingView(booking);
      await apply(manager, booking);
      await markForRecheck(manager, [booking.shiftId]);
      const after = bookingView(await manager.findOneByOrFail(Booking, { id }));
      await this.audit.record(
        manager,
        actor,
        `booking.${action}`,
        'booking',
        id,
        { ...before, ladder: undefined },
        { ...after, ladder: undefined },
      );
      return after;
    });
    await this.signals.recheckSoon();
    return decided;
  }

  /**
   * The booking, 404 outside scope. With `lock`, its shift and then the booking itself are locked:
   * always shift before booking, the order bookings and timesheets take them in too.
   */
  private async find(manager: EntityManager, id: string, actor: Principal, lock: boolean): Promise<Booking> {
    const found = await manager.findOneBy(Booking, { id });
    const shift = found
      ? await manager.findOne(Shift, {
          where: { id: found.shiftId },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!found || !shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('booking', id);
    return lock ? manager.findOneOrFail(Booking, { where: { id }, lock: { mode: 'pessimistic_write' } }) : found;
  }
}
