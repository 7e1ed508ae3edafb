import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const ALERT_EVENT_TYPES = [
  'breach.opened',
  'breach.resolved',
  'booking.pending_approval',
  'digest.daily',
  'shift.released',
  'fill.suggested',
  'fill.suggestion_closed',
  'booking.cancelled',
  'booking.approval_overdue',
  'shift.offered',
  'submission.accepted',
  'submission.declined',
] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** The events an agency's own webhooks may hear: about its submissions and its bookings. */
export const AGENCY_EVENT_TYPES: readonly AlertEventType[] = [
  'submission.accepted',
  'submission.declined',
  'booking.cancelled',
];

/**
 * The outbox: an event written in the same transaction as the change that causes it, so it exists
 * if and only if the change committed. The alerts worker fans it out to webhook deliveries
 * (`dispatchedAt`) and it is the in-app feed.
 */
@Entity({ name: 'alert_events' })
@Unique('uq_alert_events_dedupe', ['dedupeKey'])
@Index('ix_alert_events_trust_occurred', ['trustId', 'occurredAt'])
@Index('ix_alert_events_system_occurred', ['systemId', 'occurredAt'])
@Index('ix_alert_events_undispatched', ['occurredAt'], { where: `"dispatched_at" IS NULL` })
@Check(
  'ck_alert_events_type',
  `"type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed', 'booking.cancelled', 'booking.approval_overdue', 'shift.offered', 'submission.accepted', 'submission.declined')`,
)
export class AlertEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_alert_events' })
  id!: string;

  @Column({ type: 'text' })
  type!: AlertEventType;

  @Column({ type: 'uuid' })
  systemId!: string;

  @Column({ type: 'uuid', nullable: true })
  trustId!: string | null;

  /** The agency an event is for (a submission decided, its booking cancelled): its own webhooks hear it. */
  @Column({ type: 'uuid', nullable: true })
  agencyId!: string | null;

  /** The breach, booking or shift the event is about (the trust, for a digest). */
  @Column({ type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** Makes an event that may be produced twice (a digest) unique. */
  @Column({ type: 'text', nullable: true })
  dedupeKey!: string | null;

  /** Milliseconds only, so the newest-first feed pages on it exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
}
