import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../core/outbox/outbox.js';

/** Why a booking by other means, or cancelling the shift, closed a submission. */
export const FILLED_REASON = 'The shift has been filled';
export const CANCELLED_REASON = 'The shift has been cancelled';

type BookedAs = { id: string; agencyContractId: string | null; agencyWorkerId: string | null };

/**
 * Closes the shift's open submissions, in the transaction that books or cancels it (which holds the
 * shift's lock): when it is booked, the one of the booked agency worker through the booked contract
 * is accepted (its booking recorded) and the rest are declined (`FILLED_REASON`); when it is
 * cancelled, all are declined. Each agency is told by a `submission.accepted` or
 * `submission.declined` event.
 */
export async function closeSubmissionsOfShift(
  manager: EntityManager,
  shiftId: string,
  booking: BookedAs | null,
): Promise<void> {
  const [closed] = (await manager.query(
    `UPDATE submissions s
        SET status = CASE WHEN s.agency_contract_id = $2 AND s.agency_worker_id = $3 THEN 'accepted' ELSE 'declined' END,
            booking_id = CASE WHEN s.agency_contract_id = $2 AND s.agency_worker_id = $3 THEN $4::uuid END,
            reason = CASE WHEN s.agency_contract_id = $2 AND s.agency_worker_id = $3 THEN s.reason ELSE $5 END,
            decided_at = now()
       FROM shifts sh JOIN trusts t ON t.id = sh.trust_id
      WHERE s.shift_id = $1 AND s.status = 'submitted' AND sh.id = s.shift_id
      RETURNING s.id, s.status, s.agency_id AS "agencyId", s.reason, sh.trust_id AS "trustId", t.system_id AS "systemId"`,
    [
      shiftId,
      booking?.agencyContractId ?? null,
      booking?.agencyWorkerId ?? null,
      booking?.id ?? null,
      booking ? FILLED_REASON : CANCELLED_REASON,
    ],
  )) as [
    { id: string; status: string; agencyId: string; reason: string | null; trustId: string; systemId: string }[],
    number,
  ];
  for (const submission of closed) {
    const accepted = submission.status === 'accepted';
    await recordSubmissionEvent(manager, accepted ? 'submission.accepted' : 'submission.declined', {
      submissionId: submission.id,
      shiftId,
      systemId: submission.systemId,
      trustId: submission.trustId,
      agencyId: submission.agencyId,
      bookingId: accepted ? booking!.id : null,
      reason: submission.reason,
    });
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
