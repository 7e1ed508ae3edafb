import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AlertEvent } from '../../core/outbox/alert-event.entity.js';
import { System } from '../organisations/index.js';
import { Trust } from '../organisations/index.js';

/** Where a system's, a trust's or an agency's own events are sent. The signing secret is stored encrypted. */
@Entity({ name: 'webhook_subscriptions' })
@Check('ck_webhook_subscriptions_scope', `num_nonnulls("system_id", "trust_id", "agency_id") = 1`)
@Index('ix_webhook_subscriptions_agency', ['agencyId'])
@Index('ix_webhook_subscriptions_system', ['systemId'])
@Index('ix_webhook_subscriptions_trust', ['trustId'])
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_subscriptions' })
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => System, { name: 'fk_webhook_subscriptions_system', onDelete: 'RESTRICT' })
  systemId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Trust, { name: 'fk_webhook_subscriptions_trust', onDelete: 'RESTRICT' })
  trustId!: string | null;

  /** An agency's own webhook: the events addressed to it (its submissions decided, its bookings cancelled). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Agency', { name: 'fk_webhook_subscriptions_agency', onDelete: 'CASCADE' })
  agencyId!: string | null;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  /** AES-256-GCM under ALERTS_SECRET_KEY: `iv.tag.ciphertext`, base64url. */
  @Column({ type: 'text' })
  secretEncrypted!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event to one subscription: at least once, the same event id on every attempt. */
@Entity({ name: 'webhook_deliveries' })
@Unique('uq_webhook_deliveries_event_subscription', ['eventId', 'subscriptionId'])
@Index('ix_webhook_deliveries_subscription', ['subscriptionId', 'createdAt'])
@Index('ix_webhook_deliveries_pending', ['createdAt'], { where: `"status" = 'pending'` })
@Check('ck_webhook_deliveries_status', `"status" IN ('pending', 'delivered', 'failed')`)
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => AlertEvent, { name: 'fk_webhook_deliveries_event', onDelete: 'CASCADE' })
  eventId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => WebhookSubscription, { name: 'fk_webhook_deliveries_subscription', onDelete: 'CASCADE' })
  subscriptionId!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** Bumped by a manual redeliver, so its job id is new. */
  @Column({ type: 'integer', default: 0 })
  round!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
