import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AlertEvent } from '../../core/outbox/alert-event.entity.js';
import { User } from '../../core/auth/user.entity.js';
import { System, Trust } from '../organisations/index.js';
import type { DeliveryStatus } from './webhook.entity.js';

/** An address that hears a system's or a trust's events by e-mail: the second channel beside webhooks. */
@Entity({ name: 'email_subscriptions' })
@Check('ck_email_subscriptions_scope', `("system_id" IS NULL) <> ("trust_id" IS NULL)`)
@Check('ck_email_subscriptions_address', `"address" = lower("address") AND length("address") <= 254`)
@Index('ix_email_subscriptions_system', ['systemId'])
@Index('ix_email_subscriptions_trust', ['trustId'])
export class EmailSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_email_subscriptions' })
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => System, { name: 'fk_email_subscriptions_system', onDelete: 'RESTRICT' })
  systemId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Trust, { name: 'fk_email_subscriptions_trust', onDelete: 'RESTRICT' })
  trustId!: string | null;

  /** Lower-cased, so one address is one mailbox however it was typed. */
  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * One event to one address: at least once, retried with backoff like a webhook delivery. The
 * address is a subscription's, or a person's whom the event is addressed to (the approvers of an
 * overdue sign-off), never both.
 */
@Entity({ name: 'email_deliveries' })
@Unique('uq_email_deliveries_event_subscription', ['eventId', 'subscriptionId'])
@Unique('uq_email_deliveries_event_user', ['eventId', 'userId'])
@Check('ck_email_deliveries_recipient', `("subscription_id" IS NULL) <> ("user_id" IS NULL)`)
@Index('ix_email_deliveries_subscription', ['subscriptionId', 'createdAt'])
@Index('ix_email_deliveries_pending', ['createdAt'], { where: `"status" = 'pending'` })
@Check('ck_email_deliveries_status', `"status" IN ('pending', 'delivered', 'failed')`)
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_email_deliveries' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => AlertEvent, { name: 'fk_email_deliveries_event', onDelete: 'CASCADE' })
  eventId!: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => EmailSubscription, { name: 'fk_email_deliveries_subscription', onDelete: 'CASCADE' })
  subscriptionId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_email_deliveries_user', onDelete: 'CASCADE' })
  userId!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The SMTP server's last reply code (250 accepted, 451 try later, 550 refused…). */
  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** The Message-ID the accepted mail carries, to find it in the mail server's logs. */
  @Column({ type: 'text', nullable: true })
  messageId!: string | null;

  /** Bumped by a resend, so its job id is new. */
  @Column({ type: 'integer', default: 0 })
  round!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
