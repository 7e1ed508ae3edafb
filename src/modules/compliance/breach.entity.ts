import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { Booking } from '../bookings/index.js';
import { System } from '../organisations/index.js';
import { Trust } from '../organisations/index.js';
import { Shift } from '../shifts/index.js';
import type { BreachResolution, BreachRule, BreachSeverity, BreachStatus } from './compliance-rules.js';

/**
 * A rule broken by a booking (docs/rules.md section 8). One row per (booking, rule): a re-check
 * updates its amounts and never duplicates it. Trust, system and local start date are the
 * shift's, copied so a run's chunk finds its breaches by index.
 */
@Entity({ name: 'breaches' })
@Unique('uq_breaches_booking_rule', ['bookingId', 'rule'])
@Index('ix_breaches_trust_date', ['trustId', 'localStartDate'])
@Index('ix_breaches_system_status', ['systemId', 'status', 'detectedAt'])
@Index('ix_breaches_shift', ['shiftId'])
@Check(
  'ck_breaches_status',
  `"status" IN ('open', 'acknowledged', 'justified', 'resolved') AND ("status" = 'resolved') = ("resolution" IS NOT NULL)`,
)
@Check('ck_breaches_severity', `"severity" IN ('low', 'medium', 'high', 'critical')`)
export class Breach {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_breaches' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Booking, { name: 'fk_breaches_booking', onDelete: 'RESTRICT' })
  bookingId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Shift, { name: 'fk_breaches_shift', onDelete: 'RESTRICT' })
  shiftId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Trust, { name: 'fk_breaches_trust', onDelete: 'RESTRICT' })
  trustId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => System, { name: 'fk_breaches_system', onDelete: 'RESTRICT' })
  systemId!: string;

  @Column({ type: 'date' })
  localStartDate!: string;

  @Column({ type: 'text' })
  rule!: BreachRule;

  @Column({ type: 'text' })
  severity!: BreachSeverity;

  @Column({ type: 'text' })
  status!: BreachStatus;

  @Column({ type: 'text', nullable: true })
  resolution!: BreachResolution | null;

  /** Why it was justified or resolved by a person (or the booking's bypass reason). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'bigint', transformer: penceTransformer })
  amountPence!: number;

  @Column({ type: 'bigint', transformer: penceTransformer })
  chargePence!: number;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  capCostPence!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  systemCapCostPence!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  cardCostPence!: number | null;

  /** The sign-off level the booking's charge needs (section 8), null when none. */
  @Column({ type: 'text', nullable: true })
  signoffLevel!: string | null;

  /** The run that last changed it; null when a re-check after a change did. */
  @Column({ type: 'uuid', nullable: true })
  lastRunId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  detectedAt!: Date;

  /** When it last became open (first detected, or reopened by a re-check): alerts fire on it. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  /**
   * The amount a person accepted when justifying or resolving it: a re-check reopens it only when
   * the amount grows beyond this.
   */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  acceptedAmountPence!: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
