import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ShiftMinutesColumns } from './band-minutes.columns.js';
import { Trust } from '../organisations/index.js';
import { Ward } from '../organisations/index.js';

export const SHIFT_STATUSES = ['open', 'booked', 'worked', 'cancelled'] as const;
export type ShiftStatus = (typeof SHIFT_STATUSES)[number];

/** A shift the substantive roster could not cover. Its band minutes are split when it is written. */
@Entity({ name: 'shifts' })
@Unique('uq_shifts_external_ref', ['trustId', 'externalRef'])
@Check('ck_shifts_status', `"status" IN ('open', 'booked', 'worked', 'cancelled')`)
@Check('ck_shifts_times', `"ends_at" > "starts_at" AND "ends_at" <= "starts_at" + interval '24 hours'`)
@Check('ck_shifts_break', `"break_minutes" >= 0 AND "break_minutes" < "elapsed_minutes"`)
@Index('ix_shifts_trust_start', ['trustId', 'startsAt'])
// A compliance chunk's bookings: one trust's shifts by local start date.
@Index('ix_shifts_trust_local_date', ['trustId', 'localStartDate'])
@Index('ix_shifts_recheck', ['recheckRequestedAt'], { where: `"recheck_requested_at" IS NOT NULL` })
export class Shift {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shifts' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Trust, { name: 'fk_shifts_trust', onDelete: 'RESTRICT' })
  trustId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Ward, { name: 'fk_shifts_ward', onDelete: 'RESTRICT' })
  wardId!: string;

  @Column({ type: 'text' })
  staffGroup!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'integer' })
  breakMinutes!: number;

  /** Europe/London date of the start: picks the rate cards in force. */
  @Column({ type: 'date' })
  localStartDate!: string;

  @Column(() => ShiftMinutesColumns, { prefix: false })
  minutes!: ShiftMinutesColumns;

  @Column({ type: 'text', default: 'open' })
  status!: ShiftStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Exemption that allows agency use for admin and estates shifts. */
  @Column({ type: 'text', nullable: true })
  exemptionRef!: string | null;

  @Column({ type: 'text', nullable: true })
  externalRef!: string | null;

  @Column({ type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  /** Set when a booking, timesheet or card change needs its compliance re-checked; cleared once done. */
  @Column({ type: 'timestamptz', nullable: true })
  recheckRequestedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
