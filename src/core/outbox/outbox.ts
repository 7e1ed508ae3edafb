import type { EntityManager } from 'typeorm';
import type { AlertEventType } from './alert-event.entity.js';

export interface OutboxEvent {
  type: AlertEventType;
  systemId: string;
  trustId: string | null;
  /** The agency the event is for (its own webhooks hear it), where there is one. */
  agencyId?: string | null;
  subjectId: string;
  data: Record<string, unknown>;
  dedupeKey?: string;
}

/**
 * Records an alert event inside the caller's transaction (the outbox). Send
 * `WorkerSignals.dispatchAlerts()` after the commit; the alerts sweep finds it anyway.
 * Returns false when an event with the same dedupe key already exists.
 */
export async function recordEvent(manager: EntityManager, event: OutboxEvent): Promise<boolean> {
  const rows = (await manager.query(
    `INSERT INTO alert_events (type, system_id, trust_id, agency_id, subject_id, data, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      event.type,
      event.systemId,
      event.trustId,
      event.agencyId ?? null,
      event.subjectId,
      event.data,
      event.dedupeKey ?? null,
    ],
  )) as unknown[];
  return rows.length > 0;
}
