import type { EntityManager } from 'typeorm';
import type { LadderOption, RankedLadder } from './fill-rules.js';

/**
 * Shifts offered to bank workers (docs/rules.md section 10c): what the booking's transaction and the
 * sweep do to offers. Who may be offered, and what, is OffersService's.
 */

/** The worker's option on the ladder's bank tiers (own bank first), or undefined when they are not eligible. */
export function bankOptionOf(ladder: Pick<RankedLadder, 'tiers'>, bankWorkerId: string): LadderOption | undefined {
  return ladder.tiers
    .filter((tier) => tier.tier === 'own_bank' || tier.tier === 'collaborative_bank')
    .flatMap((tier) => tier.options)
    .find((option) => option.bankWorkerId === bankWorkerId);
}

/**
 * Closes a shift's open offers once it is booked, in the booking's transaction: the offer of the
 * bank worker booked is `accepted`, every other closes as `taken`. Answers how many closed.
 */
export async function closeOffersOnBooking(
  manager: EntityManager,
  shiftId: string,
  booking: { type: string; bankWorkerId: string | null },
): Promise<number> {
  const [, count] = (await manager.query(
    `UPDATE shift_offers
        SET status = CASE WHEN bank_worker_id = $2 THEN 'accepted' ELSE 'closed' END,
            close_reason = CASE WHEN bank_worker_id = $2 THEN NULL ELSE 'taken' END, closed_at = now()
      WHERE shift_id = $1 AND status = 'open'`,
    [shiftId, booking.type === 'bank' ? booking.bankWorkerId : null],
  )) as [unknown, number];
  return count;
}

/**
 * Closes the open offers whose situation has passed: the shift is no longer open (`taken`, or
 * `cancelled`), has started, or its next release stage has come (`lapsed`). One statement, for
 * every shift (the sweep) or one (`shiftId`, before it is offered again).
 */
export async function closePassedOffers(
  manager: EntityManager,
  now: Date,
  shiftId: string | null = null,
): Promise<number> {
  const [, count] = (await manager.query(
    `UPDATE shift_offers o
        SET status = 'closed', closed_at = $1,
            close_reason = CASE WHEN s.status = 'cancelled' THEN 'cancelled'
                                WHEN s.status <> 'open' THEN 'taken' ELSE 'lapsed' END
       FROM shifts s
      WHERE s.id = o.shift_id AND o.status = 'open'
        AND (s.status <> 'open' OR o.expires_at <= $1 OR s.starts_at <= $1)
        AND ($2::uuid IS NULL OR o.shift_id = $2)`,
    [now, shiftId],
  )) as [unknown, number];
  return count;
}
