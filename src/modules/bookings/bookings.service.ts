import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { SignoffLevel } from '../../core/auth/api-key.entity.js';
import { coversTrust, isAdmin, type Principal } from '../../core/auth/principal.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { FillService, type Ladder, ladderView } from '../fill/fill.service.js';
import { requiredSignoff, signoffCovers } from '../fill/fill-rules.js';
import { markForRecheck } from '../shifts/recheck.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { Shift } from '../shifts/shift.entity.js';
import type { BandValues } from '../time-bands/band-schemes.js';
import { costPence, missingRates } from '../time-bands/costing.js';
import { ACTIVE_BOOKING_STATUSES, Booking } from './booking.entity.js';
import type { BookingDecisionDto, BookingView, CreateBookingDto } from './bookings.dto.js';

const bookingView = (booking: Booking): BookingView => ({
  id: booking.id,
  shiftId: booking.shiftId,
  type: booking.type,
  bankWorkerId: booking.bankWorkerId,
  agencyContractId: booking.agencyContractId,
  status: booking.status,
  requiredSignoff: booking.requiredSignoff,
  costPence: booking.costPence,
  ratesPence: booking.ratesPence,
  bypassReason: booking.bypassReason,
  exemptionRef: booking.exemptionRef,
  ladder: booking.ladder,
  eligibleBankCount: booking.eligibleBankCount,
  bestBankCostPence: booking.bestBankCostPence,
  decidedBy: booking.decidedByKeyId,
  decidedAt: booking.decidedAt,
  decisionReason: booking.decisionReason,
  createdAt: booking.createdAt,
});

/** Booking a shift, signing off above-cap bookings, rejecting and cancelling (domain.md sections 7, 8 and 10). */
@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async create(shiftId: string, input: CreateBookingDto, actor: Principal): Promise<BookingView> {
    let created: BookingView;
    try {
      created = await this.dataSource.transaction(async (manager) => {
        // The shift row lock queues concurrent bookings of one shift: the first books, the rest see it booked.
        const shift = await manager.findOne(Shift, { where: { id: shiftId }, lock: { mode: 'pessimistic_write' } });
        if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', shiftId);
        if (shift.status !== 'open')
          throw new ConflictError(`The shift is ${shift.status}: it has an active booking or is closed`);
        // The worker's row lock serialises their bookings, so two at once cannot both pass the rest
        // and 48-hour rules (the exclusion constraint alone only stops overlaps).
        if (input.type === 'bank') {
          await manager.query('SELECT 1 FROM bank_workers WHERE id = $1 FOR UPDATE', [input.bankWorkerId]);
        }
        const ladder = await this.fill.ladder(manager, shiftId, actor, input.exemptionRef, input.bankWorkerId);
        const bankOptions = ladder.tiers.filter((tier) => tier.tier.endsWith('bank')).flatMap((tier) => tier.options);
        const times = { elapsed: shift.minutes.elapsedMinutes, paid: shift.minutes.paidMinutes };

        let rates: BandValues;
        let offFramework = false;
        if (input.type === 'bank') {
          const option = bankOptions.find((candidate) => candidate.bankWorkerId === input.bankWorkerId);
          if (!option) this.refuseWorker(ladder, input.bankWorkerId!);
          rates = input.ratesPence ?? ladder.bankRates;
        } else {
          const option = ladder.tiers
            .flatMap((tier) => tier.options)
            .find((candidate) => candidate.agencyContractId === input.agencyContractId);
          if (!option) {
            throw new RuleViolationError(
              'AGENCY_NOT_OFFERED',
              'The contract is not an option for this shift: not active for the system on its date, no rate for its grade and bands, or an admin or estates shift without an exemption reference',
            );
          }
          if (option.refused) {
            throw new RuleViolationError(
              'OFF_FRAMEWORK_REFUSED',
              'Off-framework agency is refused for this staff group',
            );
          }
          if (bankOptions.length > 0 && !input.bypassReason) {
            throw new RuleViolationError(
              'BANK_FIRST',
              `${bankOptions.length} eligible bank worker(s) could fill this shift: give a bypassReason to book an agency`,
              [{ field: 'bypassReason', message: 'required while a bank worker is eligible' }],
            );
          }
          offFramework = option.framework === null;
          rates = input.ratesPence ?? ladder.agencyRates.get(input.agencyContractId!)!;
        }
        const cost = costPence(ladder.bandMinutes, rates, times);
        if (cost === null) {
          throw new RuleViolationError(
            'NO_RATE_DEFINED',
            `No rate for ${missingRates(ladder.bandMinutes, rates).join(', ')}: give ratesPence for every band the shift touches`,
            [{ field: 'ratesPence', message: 'missing bands' }],
          );
        }
        const signoff = requiredSignoff(
          {
            type: input.type,
            chargePence: cost,
            capCostPence: ladder.capCostPence,
            paidMinutes: times.paid,
            offFramework,
          },
          ladder.system,
        );
        const booking = await manager.save(
          manager.create(Booking, {
            shiftId,
            type: input.type,
            bankWorkerId: input.type === 'bank' ? input.bankWorkerId! : null,
            agencyContractId: input.type === 'agency' ? input.agencyContractId! : null,
            status: signoff ? 'pending_approval' : 'confirmed',
            wardId: shift.wardId,
            startsAt: shift.startsAt,
            endsAt: shift.endsAt,
            paidMinutes: times.paid,
            ratesPence: rates as Record<string, number>,
            costPence: cost,
            requiredSignoff: signoff,
            bypassReason: input.bypassReason ?? null,
            exemptionRef: input.exemptionRef ?? shift.exemptionRef,
            // Enough to answer "was a bank worker available?" later; the count is eligibleBankCount.
            ladder: ladderView(ladder) as unknown as Record<string, unknown>,
            eligibleBankCount: bankOptions.length,
            bestBankCostPence: bankOptions[0]?.costPence ?? null,
            createdByKeyId: actor.keyId,
          }),
        );
        await manager.update(Shift, { id: shiftId }, { status: 'booked' });
        await markForRecheck(manager, [shiftId]);
        const created = bookingView(await manager.findOneByOrFail(Booking, { id: booking.id }));
        await this.audit.record(manager, actor, 'booking.create', 'booking', booking.id, null, {
          ...created,
          ladder: undefined,
        });
        if (created.status === 'pending_approval') {
          await recordEvent(manager, {
            type: 'booking.pending_approval',
            systemId: ladder.system.id,
            trustId: shift.trustId,
            subjectId: booking.id,
            data: {
              bookingId: booking.id,
              shiftId,
              trustId: shift.trustId,
              wardId: shift.wardId,
              type: created.type,
              costPence: created.costPence,
              requiredSignoff: created.requiredSignoff,
              startsAt: shift.startsAt,
              endsAt: shift.endsAt,
            },
          });
        }
        return created;
      });
    } catch (error) {
      const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
      if (code === '23P01') throw new ConflictError('The bank worker is booked elsewhere at that time');
      if (code === '23505') throw new ConflictError('The shift already has an active booking');
      throw error;
    }
    await this.signals.recheckSoon();
    if (created.status === 'pending_approval') await this.signals.dispatchAlerts();
    return created;
  }

  /** Cancels the shift's active booking, if any, inside the caller's transaction (which holds the shift lock). */
  async cancelActiveOf(manager: EntityManager, shiftId: string, actor: Principal, reason: string): Promise<void> {
    const active = await manager.findOne(Booking, {
      where: { shiftId, status: In([...ACTIVE_BOOKING_STATUSES]) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!active) return;
    await markForRecheck(manager, [shiftId]);
    const before = bookingView(active);
    await manager.update(Booking, { id: active.id }, this.decision('cancelled', actor, null, { reason }));
    const after = bookingView(await manager.findOneByOrFail(Booking, { id: active.id }));
    await this.audit.record(
      manager,
      actor,
      'booking.cancel',
      'booking',
      active.id,
      { ...before, ladder: undefined },
      { ...after, ladder: undefined },
    );
  }

  /** The active booking of some shifts, by shift id. */
  async activeForShifts(manager: EntityManager, shiftIds: string[]): Promise<Map<string, BookingView>> {
    if (shiftIds.length === 0) return new Map();
    const bookings = await manager.findBy(Booking, { shiftId: In(shiftIds), status: In([...ACTIVE_BOOKING_STATUSES]) });
    return new Map(bookings.map((booking) => [booking.shiftId, bookingView(booking)]));
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
    });
  }

  /** Approving or rejecting needs a level at or above the booking's, and never the key that booked. */
  private assertMayDecide(booking: Booking, actor: Principal): SignoffLevel {
    if (booking.createdByKeyId === actor.keyId) throw new ForbiddenError('A key may not decide on a booking it made');
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

  /** Why a bank worker is not on the ladder: 409 when only another booking is in the way, else 422 (or 404). */
  private refuseWorker(ladder: Ladder, bankWorkerId: string): never {
    const entry = ladder.ineligible.find((candidate) => candidate.bankWorkerId === bankWorkerId);
    if (!entry)
      throw new RuleViolationError(
        'BANK_WORKER_NOT_A_CANDIDATE',
        'The worker is not a bank worker of this system and staff group',
      );
    if (entry.reasons.length === 1 && entry.reasons[0] === 'OVERLAP') {
      throw new ConflictError('The bank worker is booked elsewhere at that time');
    }
    throw new RuleViolationError('BANK_WORKER_INELIGIBLE', `The worker is not eligible: ${entry.reasons.join(', ')}`, [
      { field: 'bankWorkerId', message: entry.reasons.join(', ') },
    ]);
  }
}
