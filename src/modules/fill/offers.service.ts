import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Principal } from '../../core/auth/principal.js';
import { ConflictError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { storedInstants } from '../shifts/index.js';
import { nextRelease } from '../time-bands/index.js';
import { FillService } from './fill.service.js';
import type { ShiftOfferView } from './offers.dto.js';
import { bankOptionOf, closePassedOffers } from './offers.js';

interface OfferRow {
  id: string;
  shift_id: string;
  bank_worker_id: string;
  display_name: string;
  status: string;
  close_reason: string | null;
  expires_at: Date;
  pay_pence: string | null;
  offered_at: Date;
  closed_at: Date | null;
}

const offerView = (row: OfferRow, now: Date): ShiftOfferView => {
  // An offer past its instant has lapsed, whether or not the sweep has closed it yet.
  const lapsed = row.status === 'open' && row.expires_at.getTime() <= now.getTime();
  return {
    id: row.id,
    shiftId: row.shift_id,
    bankWorkerId: row.bank_worker_id,
    displayName: row.display_name,
    status: lapsed ? 'closed' : row.status,
    closeReason: lapsed ? 'lapsed' : row.close_reason,
    expiresAt: row.expires_at,
    payPence: row.pay_pence === null ? null : Number(row.pay_pence),
    offeredAt: row.offered_at,
    closedAt: lapsed ? row.expires_at : row.closed_at,
  };
};

const OFFER_COLUMNS = `o.id, o.shift_id, o.bank_worker_id, w.display_name, o.status, o.close_reason, o.expires_at,
  o.pay_pence, o.offered_at, o.closed_at`;

/**
 * Offers of a shift to bank workers (docs/rules.md section 10c): a rota manager names eligible
 * bank workers whose stage is released; each is told by e-mail and a `shift.offered` event; the
 * first to take the shift books it (through the one booking function) and the rest close.
 */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async offer(shiftId: string, bankWorkerIds: string[], actor: Principal): Promise<ShiftOfferView[]> {
    const now = new Date();
    const offers = await this.dataSource.transaction(async (manager) => {
      // The shift's row lock first, as a booking takes it: no booking commits between the ladder
      // read here and the offers written. Then the ladder of every bank worker, judged now.
      await manager.query(`SELECT 1 FROM shifts WHERE id = $1 FOR UPDATE`, [shiftId]);
      const ladder = await this.fill.ladder(manager, shiftId, actor);
      const { shift, system } = ladder;
      if (shift.status !== 'open')
        throw new ConflictError(`The shift is ${shift.status}: only an open shift is offered`);
      if (shift.startsAt.getTime() <= now.getTime()) throw new ConflictError('The shift has started');
      const refused = bankWorkerIds.flatMap((id, index) => {
        const option = bankOptionOf(ladder, id);
        const field = `bankWorkerIds[${index}]`;
        if (!option)
          return [{ field, message: 'not eligible for this shift (or not one of its system’s bank workers)' }];
        if (!option.released)
          return [{ field, message: `not released to them until ${option.releaseAt.toISOString()}` }];
        return [];
      });
      if (refused.length > 0)
        throw new RuleViolationError(
          'NOT_OFFERABLE',
          'Only an eligible bank worker it is released to can be offered a shift',
          refused,
        );
      const expiresAt = nextRelease(storedInstants(shift), now)?.releaseAt ?? shift.startsAt;
      // An offer past its instant that the sweep has not closed yet does not stand in the way.
      await closePassedOffers(manager, now, shift.id);
      const rows = (await manager.query(
        `WITH made AS (
           INSERT INTO shift_offers (shift_id, bank_worker_id, trust_id, system_id, expires_at, pay_pence,
                                     offered_by_key_id, offered_by_user_id)
           SELECT $1, w, $2, $3, $4, $5, $6, $7 FROM unnest($8::uuid[]) w
           ON CONFLICT (shift_id, bank_worker_id) WHERE status = 'open' DO NOTHING
           RETURNING *)
         SELECT ${OFFER_COLUMNS} FROM made o JOIN bank_workers w ON w.id = o.bank_worker_id ORDER BY w.display_name, o.id`,
        [shift.id, shift.trustId, system.id, expiresAt, ladder.cardCostPence, actor.keyId, actor.userId, bankWorkerIds],
      )) as OfferRow[];
      for (const row of rows) {
        await recordEvent(manager, {
          type: 'shift.offered',
          systemId: system.id,
          trustId: shift.trustId,
          subjectId: shift.id,
          data: {
            offerId: row.id,
            shiftId: shift.id,
            bankWorkerId: row.bank_worker_id,
            wardId: shift.wardId,
            staffGroup: shift.staffGroup,
            grade: shift.grade,
            startsAt: shift.startsAt,
            endsAt: shift.endsAt,
            payPence: ladder.cardCostPence,
            expiresAt,
          },
          dedupeKey: `shift.offered:${row.id}`,
        });
      }
      const made = rows.map((row) => offerView(row, now));
      await this.audit.record(manager, actor, 'shift.offer', 'shift', shift.id, null, { offers: made });
      return made;
    });
    await this.signals.dispatchAlerts();
    return offers;
  }

  /** The shift's offers, newest first (404 outside the caller's scope). */
  async forShift(shiftId: string, actor: Principal): Promise<ShiftOfferView[]> {
    await this.fill.shiftInScope(shiftId, actor);
    const rows = (await this.dataSource.query(
      `SELECT ${OFFER_COLUMNS} FROM shift_offers o JOIN bank_workers w ON w.id = o.bank_worker_id
        WHERE o.shift_id = $1 ORDER BY o.offered_at DESC, o.id`,
      [shiftId],
    )) as OfferRow[];
    const now = new Date();
    return rows.map((row) => offerView(row, now));
  }

  /** A bank worker's open offers by shift id: of `shiftIds`, or all of them (null). */
  async openFor(bankWorkerId: string, shiftIds: string[] | null): Promise<Map<string, ShiftOfferView>> {
    const rows = (await this.dataSource.query(
      `SELECT ${OFFER_COLUMNS} FROM shift_offers o JOIN bank_workers w ON w.id = o.bank_worker_id
        WHERE o.bank_worker_id = $1 AND ($2::uuid[] IS NULL OR o.shift_id = ANY($2::uuid[]))
          AND o.status = 'open' AND o.expires_at > now()`,
      [bankWorkerId, shiftIds],
    )) as OfferRow[];
    const now = new Date();
    return new Map(rows.map((row) => [row.shift_id, offerView(row, now)]));
  }
}
