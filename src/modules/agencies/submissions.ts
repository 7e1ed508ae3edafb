import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../core/outbox/outbox.js';

/** Why a rota manager's decline, or a booking by other means, closed a submission. */
export const FILLED_REASON = 'The shift has been filled';

/**
 * The shift's submissions when it is booked, in the booking's transaction (which holds the shift's
 * lock): the one of the booked agency worker through the booked contract is accepted (its booking
 * recorded); the rest are declined, each agency told by a `submission.declined` event.
 */
export async function closeSubmissionsOnBooking(
  manager: EntityManager,
  shiftId: string,
  booking: { id: string; type: string; agencyContractId: string | null; agencyWorkerId: string | null },
  systemId: string,
  trustId: string,
): Promise<void> {
  const closed = (await manager.query(
    `UPDATE submissions
        SET status = CASE WHEN agency_contract_id = $2 AND agency_worker_id = $3 THEN 'accepted' ELSE 'declined' END,
            booking_id = CASE WHEN agency_contract_id = $2 AND agency_worker_id = $3 THEN $4::uuid END,
            reason = CASE WHEN agency_contract_id = $2 AND agency_worker_id = $3 THEN reason ELSE $5 END,
            decided_at = now()
      WHERE shift_id = $1 AND status = 'submitted'
      RETURNING id, status, agency_id AS "agencyId", reason`,
    [shiftId, booking.agencyContractId, booking.agencyWorkerId, booking.id, FILLED_REASON],
  )) as [{ id: string; status: string; agencyId: string; reason: string | null }[], number];
  for (const submission of closed[0]) {
    await recordSubmissionEvent(
      manager,
      submission.status === 'accepted' ? 'submission.accepted' : 'submission.declined',
      {
        submissionId: submission.id,
        shiftId,
        systemId,
        trustId,
        agencyId: submission.agencyId,
        bookingId: submission.status === 'accepted' ? booking.id : null,
        reason: submission.reason,
      },
    );
  }
}

/** `submission.accepted` or `submission.declined`, addressed to the agency's own webhooks. */
export async function recordSubmissionEvent(
  manager: EntityManager,
  type: 'submission.accepted' | 'submission.declined',
  facts: {
    submissionId: string;
    shiftId: string;
    systemId: string;
    trustId: string;
    agencyId: string;
    bookingId: string | null;
    reason: string | null;
  },
): Promise<void> {
  await recordEvent(manager, {
    type,
    systemId: facts.systemId,
    trustId: facts.trustId,
    agencyId: facts.agencyId,
    subjectId: facts.submissionId,
    data: {
      submissionId: facts.submissionId,
      shiftId: facts.shiftId,
      trustId: facts.trustId,
      agencyId: facts.agencyId,
      bookingId: facts.bookingId,
      reason: facts.reason,
    },
  });
}
