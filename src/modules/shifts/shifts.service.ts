import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversTrust, type Principal, trustScope } from '../../core/auth/principal.js';
import { fromShiftMinutesColumns } from './band-minutes.columns.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { OrganisationsService } from '../organisations/index.js';
import { System, Trust, Ward } from '../organisations/index.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import type { ReleaseStage } from '../time-bands/index.js';
import { ReferenceService } from '../reference/index.js';
import { weeklyShiftTimings } from './shift-repeat.js';
import { earlyReleaseOf, keepReleased, postingColumns, releaseColumns, releaseView } from './shift-releases.js';
import { shiftTiming } from './shift-timing.js';
import { Shift } from './shift.entity.js';
import type {
  CreatedShiftView,
  CreateShiftDto,
  ListShiftsQuery,
  ReleaseShiftDto,
  ShiftView,
  UpdateShiftDto,
} from './shifts.dto.js';

export const shiftView = (shift: Shift): ShiftView => ({
  id: shift.id,
  trustId: shift.trustId,
  wardId: shift.wardId,
  staffGroup: shift.staffGroup,
  grade: shift.grade,
  startsAt: shift.startsAt,
  endsAt: shift.endsAt,
  breakMinutes: shift.breakMinutes,
  localStartDate: shift.localStartDate,
  status: shift.status,
  elapsedMinutes: shift.minutes.elapsedMinutes,
  paidMinutes: shift.minutes.paidMinutes,
  bandMinutes: fromShiftMinutesColumns(shift.minutes) as Record<string, number>,
  reason: shift.reason,
  exemptionRef: shift.exemptionRef,
  externalRef: shift.externalRef,
  cancelReason: shift.cancelReason,
  ...releaseView(shift),
  createdAt: shift.createdAt,
  updatedAt: shift.updatedAt,
});

/** Shifts: posted open, edited while open, cancelled; band minutes split when written (docs/rules.md sections 4 and 7). */
@Injectable()
export class ShiftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  /**
   * Posts a shift, or with `repeatWeeks` that many weekly shifts at the same London wall-clock
   * times (shift-repeat.ts), in one transaction: every week is posted, or none.
   */
  async create(input: CreateShiftDto, actor: Principal): Promise<CreatedShiftView> {
    const weeks = input.repeatWeeks ?? 1;
    if (weeks > 1 && input.externalRef) {
      // An e-rostering id names one shift: the repeats would have none of their own.
      throw new InvalidInputError('A shift with an externalRef cannot be repeated', [
        {
          field: 'externalRef',
          message: 'names one shift: leave it out to repeat weekly, or post each week with its own',
        },
      ]);
    }
    const timings = weeklyShiftTimings(input, weeks, await this.reference.calendar());
    const created = await this.dataSource.transaction(async (manager) => {
      const trust = await this.organisations.findTrust(manager, input.trustId, actor);
      const { releaseCascade } = await manager.findOneByOrFail(System, { id: trust.systemId });
      const now = new Date();
      await this.checkWard(manager, input.trustId, input.wardId);
      if (
        input.externalRef &&
        (await manager.existsBy(Shift, { trustId: input.trustId, externalRef: input.externalRef }))
      ) {
        throw new ConflictError(`The trust already has a shift with externalRef ${input.externalRef}`);
      }
      const posted: ShiftView[] = [];
      for (const timing of timings) {
        const shift = await manager.save(
          manager.create(Shift, {
            trustId: input.trustId,
            wardId: input.wardId,
            staffGroup: input.staffGroup,
            grade: input.grade,
            breakMinutes: input.breakMinutes,
            ...timing,
            ...postingColumns(now, timing.startsAt, releaseCascade),
            status: 'open',
            reason: input.reason ?? null,
            exemptionRef: input.exemptionRef ?? null,
            externalRef: input.externalRef ?? null,
            createdByKeyId: actor.keyId,
          }),
        );
        const created = shiftView(await manager.findOneByOrFail(Shift, { id: shift.id }));
        await this.audit.record(manager, actor, 'shift.create', 'shift', shift.id, null, created);
        posted.push(created);
      }
      // Callers that did not ask to repeat get the answer they always had.
      return input.repeatWeeks === undefined ? posted[0]! : { ...posted[0]!, weeklyShifts: posted };
    });
    await this.signals.suggestionsSoon();
    return created;
  }

  async update(id: string, input: UpdateShiftDto, actor: Principal): Promise<ShiftView> {
    // Read before the transaction: loading it inside would want a second connection while holding the lock.
    const calendar = await this.reference.calendar();
    return this.dataSource.transaction(async (manager) => {
      const shift = await this.lock(manager, id, actor);
      if (shift.status !== 'open')
        throw new ConflictError(`Only an open shift can be changed; this one is ${shift.status}`);
      const before = shiftView(shift);
      if (input.wardId) await this.checkWard(manager, shift.trustId, input.wardId);
      const times = {
        staffGroup: shift.staffGroup,
        grade: shift.grade,
        startsAt: input.startsAt ?? shift.startsAt.toISOString(),
        endsAt: input.endsAt ?? shift.endsAt.toISOString(),
        breakMinutes: input.breakMinutes ?? shift.breakMinutes,
      };
      const timing = shiftTiming(times, calendar);
      const { releaseCascade } = await this.systemOf(manager, shift.trustId);
      await manager.update(
        Shift,
        { id },
        {
          wardId: input.wardId ?? shift.wardId,
          breakMinutes: times.breakMinutes,
          reason: input.reason ?? shift.reason,
          ...timing,
          // A new start moves the releases still to come; what was announced stays announced.
          ...keepReleased(
            releaseColumns(
              shift.postedAt,
              timing.startsAt,
              releaseCascade,
              earlyReleaseOf(shift),
              shift.announcedStage,
            ),
            shift,
            new Date(),
          ),
        },
      );
      const after = shiftView(await manager.findOneByOrFail(Shift, { id }));
      await this.audit.record(manager, actor, 'shift.update', 'shift', id, before, after);
      return after;
    });
  }

  /**
   * Marks a locked open or booked shift cancelled and audits it, inside the caller's transaction.
   * A booked shift's booking is the bookings module's to cancel first (BookedShiftsService.cancel).
   */
  async cancelLocked(manager: EntityManager, shift: Shift, reason: string, actor: Principal): Promise<ShiftView> {
    if (shift.status !== 'open' && shift.status !== 'booked') {
      throw new ConflictError(`Only an open or booked shift can be cancelled; this one is ${shift.status}`);
    }
    const before = shiftView(shift);
    await manager.update(Shift, { id: shift.id }, { status: 'cancelled', cancelReason: reason });
    const after = shiftView(await manager.findOneByOrFail(Shift, { id: shift.id }));
    await this.audit.record(manager, actor, 'shift.cancel', 'shift', shift.id, before, after);
    return after;
  }

  /** A shift the actor may see, or 404. */
  async find(manager: EntityManager, id: string, actor: Principal): Promise<Shift> {
    const shift = await manager.findOneBy(Shift, { id });
    if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', id);
    return shift;
  }

  async list(query: ListShiftsQuery, actor: Principal): Promise<Page<ShiftView>> {
    const shifts = this.dataSource.getRepository(Shift).createQueryBuilder('shift');
    const scope = trustScope(actor);
    if (scope) shifts.andWhere('shift.trust_id = ANY(:scope)', { scope });
    if (query.trustId) shifts.andWhere('shift.trust_id = :trustId', { trustId: query.trustId });
    if (query.status) shifts.andWhere('shift.status = :status', { status: query.status });
    if (query.from) shifts.andWhere('shift.local_start_date >= :from', { from: query.from });
    if (query.to) shifts.andWhere('shift.local_start_date < :to', { to: query.to });
    if (query.wardId) shifts.andWhere('shift.ward_id = :wardId', { wardId: query.wardId });
    if (query.staffGroup) shifts.andWhere('shift.staff_group = :staffGroup', { staffGroup: query.staffGroup });
    const page = await paginate(shifts, query, query.sort ?? 'id');
    return { items: page.items.map(shiftView), nextCursor: page.nextCursor };
  }

  /**
   * Releases `stage`, and those before it, of an open shift now, with a reason (docs/rules.md
   * section 10a), audited, and announced at once: a `shift.released` event in the same transaction.
   */
  async release(id: string, input: ReleaseShiftDto, actor: Principal): Promise<ShiftView> {
    const stage = input.stage as ReleaseStage;
    const released = await this.dataSource.transaction(async (manager) => {
      const shift = await this.lock(manager, id, actor);
      if (shift.status !== 'open')
        throw new ConflictError(`Only an open shift is released; this one is ${shift.status}`);
      const now = new Date();
      const before = shiftView(shift);
      const current = before.releases.find((release) => release.stage === stage)!;
      if (current.released) {
        throw new ConflictError(`The shift was already released to ${stage} at ${current.releaseAt.toISOString()}`);
      }
      // Not yet released, so no earlier early release reached this stage: this one is the latest.
      const early = { stage, at: now };
      const { releaseCascade, id: systemId } = await this.systemOf(manager, shift.trustId);
      await manager.update(
        Shift,
        { id },
        {
          earlyReleaseStage: early.stage,
          earlyReleasedAt: early.at,
          announcedStage: stage,
          // Stages released before (early or on time) keep the instant they were released at.
          ...keepReleased(releaseColumns(shift.postedAt, shift.startsAt, releaseCascade, early, stage), shift, now),
        },
      );
      const after = shiftView(await manager.findOneByOrFail(Shift, { id }));
      await this.audit.record(manager, actor, 'shift.release', 'shift', id, before, { ...after, reason: input.reason });
      await recordEvent(manager, {
        type: 'shift.released',
        systemId,
        trustId: shift.trustId,
        subjectId: id,
        data: {
          shiftId: id,
          trustId: shift.trustId,
          wardId: shift.wardId,
          staffGroup: shift.staffGroup,
          grade: shift.grade,
          startsAt: shift.startsAt,
          endsAt: shift.endsAt,
          stage,
          early: true,
          reason: input.reason,
          nextReleaseAt: after.nextReleaseAt,
          releases: after.releases,
        },
        dedupeKey: `shift.released:${id}:${stage}`,
      });
      return after;
    });
    await this.signals.dispatchAlerts();
    return released;
  }

  private async systemOf(manager: EntityManager, trustId: string): Promise<System> {
    const trust = await manager.findOneByOrFail(Trust, { id: trustId });
    return manager.findOneByOrFail(System, { id: trust.systemId });
  }

  private async checkWard(manager: EntityManager, trustId: string, wardId: string): Promise<void> {
    if (!(await manager.existsBy(Ward, { id: wardId, trustId }))) {
      throw new InvalidInputError('The ward is not a ward of the trust', [
        { field: 'wardId', message: 'not a ward of the trust' },
      ]);
    }
  }

  /** Locks a shift the actor may see for change, or 404. */
  async lock(manager: EntityManager, id: string, actor: Principal): Promise<Shift> {
    const shift = await manager.findOne(Shift, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', id);
    return shift;
  }
}
