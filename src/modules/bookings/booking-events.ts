import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../core/outbox/outbox.js';
import type { Shift } from '../shifts/index.js';
import type { Booking } from './booking.entity.js';
import type { BookingView } from './bookings.dto.js';

/** What the API answers for a booking. */
export const bookingView = (booking: Booking): BookingView => ({
  id: booking.id,
  shiftId: booking.shiftId,
  wardId: booking.wardId,
  startsAt: booking.startsAt,
  endsAt: booking.endsAt,
  type: booking.type,
  bankWorkerId: booking.bankWorkerId,
  agencyContractId: booking.agencyContractId,
  agencyWorkerId: booking.agencyWorkerId,
  status: booking.status,
  requiredSignoff: booking.requiredSignoff,
  costPence: booking.costPence,
  ratesPence: booking.ratesPence,
  workerPayRatesPence: booking.workerPayRatesPence,
  agencyFeeRatesPence: booking.agencyFeeRatesPence,
  agencyFeePence: booking.agencyFeePence,
  bypassReason: booking.bypassReason,
  exemptionRef: booking.exemptionRef,
  ladder: booking.ladder,
  eligibleBankCount: booking.eligibleBankCount,
  bestBankCostPence: booking.bestBankCostPence,
  decidedBy: booking.decidedByKeyId ?? booking.decidedByUserId,
  decidedAt: booking.decidedAt,
  decisionReason: booking.decisionReason,
  createdAt: booking.createdAt,
});

export const pendingApprovalEvent = (booking: BookingView, shift: Shift, systemId: string) => ({
  type: 'booking.pending_approval' as const,
  systemId,
  trustId: shift.trustId,
  subjectId: booking.id,
  data: {
    bookingId: booking.id,
    shiftId: shift.id,
    trustId: shift.trustId,
    wardId: shift.wardId,
    type: booking.type,
    costPence: booking.costPence,
    requiredSignoff: booking.requiredSignoff,
    startsAt: shift.startsAt,
    endsAt: shift.endsAt,
  },
});

/**
 * `booking.cancelled`, in the cancelling transaction: whoever holds the booking (the agency, through
 * the webhooks of its system or trust; a bank worker's app) hears that it is off.
 */
export async function recordCancelledEvent(
  manager: EntityManager,
  booking: BookingView,
  reason: string | null | undefined,
) {
  const [shift] = (await manager.query(
    `SELECT s.trust_id AS "trustId", t.system_id AS "systemId", c.agency_id AS "agencyId"
       FROM shifts s JOIN trusts t ON t.id = s.trust_id
       LEFT JOIN agency_contracts c ON c.id = $2
      WHERE s.id = $1`,
    [booking.shiftId, booking.agencyContractId],
  )) as [{ trustId: string; systemId: string; agencyId: string | null }];
  await recordEvent(manager, {
    type: 'booking.cancelled',
    systemId: shift.systemId,
    trustId: shift.trustId,
    agencyId: shift.agencyId,
    subjectId: booking.id,
    data: {
      bookingId: booking.id,
      shiftId: booking.shiftId,
      trustId: shift.trustId,
      wardId: booking.wardId,
      type: booking.type,
      bankWorkerId: booking.bankWorkerId,
      agencyId: shift.agencyId,
      agencyContractId: booking.agencyContractId,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      reason: reason ?? null,
    },
  });
}
