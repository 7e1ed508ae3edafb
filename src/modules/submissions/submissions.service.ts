import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversTrust, isAdmin, type Principal } from '../../core/auth/principal.js';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { agencyWorkerOf, normaliseRegistration, recordSubmissionEvent, Submission } from '../agencies/index.js';
import {
  BOOKED_IN_THE_API,
  bookingConflicts,
  BookingsService,
  type BookingView,
  decideBooking,
  PRICED_FOR_SUBMISSION,
} from '../bookings/index.js';
import { FillService, type Ladder, refuseSupportWorkerAgency } from '../fill/index.js';
import { Shift } from '../shifts/index.js';
import type { StaffGroup } from '../time-bands/index.js';
import { agencyOptionOf, capPosition, submittedRates } from './agency-option.js';
import type {
  AcceptSubmissionDto,
  AgencySubmissionsQuery,
  CreateSubmissionDto,
  SubmissionReasonDto,
  SubmissionView,
} from './submissions.dto.js';

const VIEW_SQL = `
  SELECT s.id, s.shift_id AS "shiftId", s.agency_id AS "agencyId", a.name AS "agencyName",
         s.agency_contract_id AS "agencyContractId",
         json_build_object('agencyWorkerId', w.id, 'displayName', w.display_name, 'registration', w.registration) AS candidate,
         s.status, s.rates_pence AS "ratesPence", s.worker_pay_rates_pence AS "workerPayRatesPence",
         s.agency_fee_rates_pence AS "agencyFeeRatesPence", s.cost_pence::int AS "costPence",
         s.agency_fee_pence::int AS "agencyFeePence", s.cap_cost_pence::int AS "capCostPence",
         s.system_cap_cost_pence::int AS "systemCapCostPence", s.cap_position AS "capPosition",
         s.signoff_level AS "signoffLevel", s.booking_id AS "bookingId", s.reason,
         s.submitted_at AS "submittedAt", s.decided_at AS "decidedAt"
    FROM submissions s
    JOIN agencies a ON a.id = s.agency_id
    JOIN agency_workers w ON w.id = s.agency_worker_id`;

/**
 * Agencies' submissions (docs/rules.md section 14): a candidate put forward for a shift released to
 * the agency, priced and checked at once by the rules its booking would be; accepted by a rota
 * manager through the one booking function, declined with a reason, or withdrawn by the agency.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
    private readonly bookings: BookingsService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async submit(shiftId: string, input: CreateSubmissionDto, actor: Principal): Promise<SubmissionView> {
    const agencyId = actor.agencyId;
    if (!agencyId) throw new NotFoundError('Only an agency puts candidates forward');
    return this.dataSource.transaction(async (manager) => {
      const ladder = await this.fill.ladder(manager, shiftId, actor);
      const option = agencyOptionOf(ladder, agencyId);
      if (!option) {
        // Released to the agency but for the support-worker ban: the ban's refusal, not "no such shift".
        if (ladder.withheldAgency.some((withheld) => withheld.agencyId === agencyId && withheld.released))
          refuseSupportWorkerAgency(ladder.system, ladder.shift);
        throw NotFoundError.of('shift', shiftId);
      }
      refuseClosed(ladder);
      // Bad input before the rules: a registered group's candidate needs their registration.
      normaliseRegistration(ladder.shift.staffGroup as StaffGroup, input.candidate.registration);
      if (option.refused)
        throw new RuleViolationError('OFF_FRAMEWORK_REFUSED', 'Off-framework agency is refused for this staff group');
      const rates = submittedRates(ladder, ladder.agencyRates.get(option.agencyContractId!)!, input.ratesPence);
      const split = { workerPayPence: input.workerPayPence, agencyFeePence: input.agencyFeePence };
      const decision = decideBooking(
        ladder,
        { type: 'agency', agencyContractId: option.agencyContractId!, ratesPence: rates, split },
        PRICED_FOR_SUBMISSION,
      );
      const worker = await agencyWorkerOf(manager, agencyId, ladder.shift.staffGroup as StaffGroup, input.candidate);
      await refuseBookedElsewhere(manager, worker.id, ladder.shift);
      const saved = await insertOnce(
        manager,
        manager.create(Submission, {
          shiftId,
          agencyId,
          agencyContractId: option.agencyContractId!,
          agencyWorkerId: worker.id,
          ratesPence: decision.ratesPence as Record<string, number>,
          workerPayRatesPence: decision.workerPayRatesPence as Record<string, number> | null,
          agencyFeeRatesPence: decision.agencyFeeRatesPence as Record<string, number> | null,
          costPence: decision.costPence,
          agencyFeePence: decision.agencyFeePence,
          capCostPence: ladder.capCostPence,
          systemCapCostPence: ladder.systemCapCostPence,
          capPosition: capPosition(ladder, option.framework === null, decision.costPence),
          signoffLevel: decision.requiredSignoff,
          submittedByKeyId: actor.keyId,
          submittedByUserId: actor.userId,
        }),
      );
      const view = await this.view(manager, saved.id);
      await this.audit.record(manager, actor, 'submission.create', 'submission', saved.id, null, view);
      return view;
    });
  }

  /** The shift's submissions: a rota manager's (staff in scope) all of them; an agency's its own. */
  async listForShift(shiftId: string, actor: Principal): Promise<SubmissionView[]> {
    const shift = await this.dataSource.manager.findOneBy(Shift, { id: shiftId });
    if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', shiftId);
    const agency = actor.agencyId ?? null;
    const rows = (await this.dataSource.query(
      `${VIEW_SQL} WHERE s.shift_id = $1 AND ($2::uuid IS NULL OR s.agency_id = $2) ORDER BY s.submitted_at, s.id`,
      [shiftId, agency],
    )) as SubmissionView[];
    if (agency && rows.length === 0) {
      const ladder = await this.fill.ladder(this.dataSource.manager, shiftId, actor);
      if (!agencyOptionOf(ladder, agency)) throw NotFoundError.of('shift', shiftId);
    }
    return rows;
  }

  /** The agency's own submissions, newest first; `status` keeps one kind. */
  async listForAgency(query: AgencySubmissionsQuery, actor: Principal): Promise<Page<SubmissionView>> {
    if (!actor.agencyId) throw new NotFoundError('These are an agency’s own submissions: call with an agency’s key');
    const submissions = this.dataSource
      .getRepository(Submission)
      .createQueryBuilder('submission')
      .where('submission.agency_id = :agencyId', { agencyId: actor.agencyId });
    if (query.status) submissions.andWhere('submission.status = :status', { status: query.status });
    const page = await paginate(submissions, query, 'submittedAt', 'descending');
    const rows = (await this.dataSource.query(`${VIEW_SQL} WHERE s.id = ANY($1::uuid[])`, [
      page.items.map((submission) => submission.id),
    ])) as SubmissionView[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { items: page.items.map((submission) => byId.get(submission.id)!), nextCursor: page.nextCursor };
  }

  async get(id: string, actor: Principal): Promise<SubmissionView> {
    return this.view(this.dataSource.manager, (await this.find(this.dataSource.manager, id, actor, false)).id);
  }

  /**
   * Books the submission through the one booking function (the shift locked first, as every booking
   * takes it): its rates, split and candidate, the bank-first rule (`bypassReason`) and the sign-off
   * its charge needs; the booking accepts it and declines the shift's other submissions.
   */
  async accept(id: string, input: AcceptSubmissionDto, actor: Principal): Promise<BookingView> {
    const booking = await bookingConflicts(
      this.dataSource.transaction(async (manager) => {
        const submission = await this.find(manager, id, actor, true);
        refuseDecided(submission);
        return this.bookings.bookLocked(
          manager,
          submission.shiftId,
          {
            type: 'agency',
            agencyContractId: submission.agencyContractId,
            agencyWorkerId: submission.agencyWorkerId,
            ratesPence: submission.ratesPence,
            split: { workerPayPence: submission.workerPayRatesPence, agencyFeePence: submission.agencyFeeRatesPence },
            bypassReason: input.bypassReason ?? null,
          },
          actor,
          BOOKED_IN_THE_API,
        );
      }),
    );
    await this.signals.recheckSoon();
    await this.signals.dispatchAlerts();
    return booking;
  }

  /** A rota manager declines it, with a reason the agency hears (`submission.declined`). */
  decline(id: string, input: SubmissionReasonDto, actor: Principal): Promise<SubmissionView> {
    return this.close(id, 'declined', input.reason, actor);
  }

  /** The agency withdraws its own, before it is decided. */
  withdraw(id: string, input: SubmissionReasonDto, actor: Principal): Promise<SubmissionView> {
    return this.close(id, 'withdrawn', input.reason, actor);
  }

  private async close(
    id: string,
    status: 'declined' | 'withdrawn',
    reason: string,
    actor: Principal,
  ): Promise<SubmissionView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const submission = await this.find(manager, id, actor, true);
      refuseDecided(submission);
      const before = await this.view(manager, id);
      await manager.update(
        Submission,
        { id },
        { status, reason, decidedAt: new Date(), decidedByKeyId: actor.keyId, decidedByUserId: actor.userId },
      );
      if (status === 'declined') {
        const [shift] = (await manager.query(
          `SELECT s.trust_id AS "trustId", t.system_id AS "systemId" FROM shifts s JOIN trusts t ON t.id = s.trust_id WHERE s.id = $1`,
          [submission.shiftId],
        )) as [{ trustId: string; systemId: string }];
        await recordSubmissionEvent(manager, 'submission.declined', {
          submissionId: id,
          shiftId: submission.shiftId,
          ...shift,
          agencyId: submission.agencyId,
          bookingId: null,
          reason,
        });
      }
      const after = await this.view(manager, id);
      await this.audit.record(
        manager,
        actor,
        `submission.${status === 'declined' ? 'decline' : 'withdraw'}`,
        'submission',
        id,
        before,
        after,
      );
      return after;
    });
    if (status === 'declined') await this.signals.dispatchAlerts();
    return view;
  }

  /**
   * The submission, 404 outside scope: an agency's own only; staff's where their scope covers its
   * shift's trust. With `lock`, the shift first and then the submission, the order bookings take.
   */
  private async find(manager: EntityManager, id: string, actor: Principal, lock: boolean): Promise<Submission> {
    const found = await manager.findOneBy(Submission, { id });
    const shift = found ? await manager.findOneBy(Shift, { id: found.shiftId }) : null;
    const visible =
      found &&
      shift &&
      (actor.role === 'agency'
        ? found.agencyId === actor.agencyId
        : isAdmin(actor) || coversTrust(actor, shift.trustId));
    if (!visible) throw NotFoundError.of('submission', id);
    if (!lock) return found;
    await manager.query(`SELECT 1 FROM shifts WHERE id = $1 FOR UPDATE`, [found.shiftId]);
    return manager.findOneOrFail(Submission, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  private async view(manager: EntityManager, id: string): Promise<SubmissionView> {
    const [row] = (await manager.query(`${VIEW_SQL} WHERE s.id = $1`, [id])) as SubmissionView[];
    return row!;
  }
}

function refuseClosed(ladder: Ladder): void {
  if (ladder.shift.status !== 'open')
    throw new ConflictError(`The shift is ${ladder.shift.status}: it is no longer open`);
  if (ladder.shift.startsAt.getTime() <= Date.now()) throw new ConflictError('The shift has started');
}

function refuseDecided(submission: Submission): void {
  if (submission.status !== 'submitted')
    throw new ConflictError(`The submission is ${submission.status}: only a submitted one can be decided or withdrawn`);
}

/** 409 when the candidate holds an active booking overlapping the shift, at any trust, through any agency. */
async function refuseBookedElsewhere(manager: EntityManager, agencyWorkerId: string, shift: Shift): Promise<void> {
  const clashes = (await manager.query(
    `SELECT 1 FROM bookings
      WHERE agency_worker_id = $1 AND status IN ('pending_approval', 'confirmed')
        AND tstzrange(starts_at, ends_at) && tstzrange($2, $3) LIMIT 1`,
    [agencyWorkerId, shift.startsAt, shift.endsAt],
  )) as unknown[];
  if (clashes.length > 0) throw new ConflictError('The candidate is booked elsewhere at that time');
}

/** Saves the submission; the same candidate already put forward for the shift answers 409. */
async function insertOnce(manager: EntityManager, submission: Submission): Promise<Submission> {
  try {
    return await manager.save(submission);
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
      throw new ConflictError('The candidate has already been put forward for this shift');
    throw error;
  }
}
