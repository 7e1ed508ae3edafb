import type { EntityManager } from 'typeorm';

/**
 * Marks shifts whose compliance must be re-checked (a booking, approval, cancellation or
 * timesheet changed them), inside the caller's transaction; the compliance worker checks and
 * clears them. Send `WorkerSignals.recheckSoon()` after the commit.
 */
export async function markForRecheck(manager: EntityManager, shiftIds: string[]): Promise<void> {
  if (shiftIds.length === 0) return;
  await manager.query(`UPDATE shifts SET recheck_requested_at = now() WHERE id = ANY($1::uuid[])`, [shiftIds]);
}
