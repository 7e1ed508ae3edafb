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
import type { ReleaseStage } from '../time-bands/index.js';

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
// The releases still to announce, soonest first (the worker's release sweep).
@Index('ix_shifts_next_release', ['nextReleaseAt'], { where: `"next_release_at" IS NOT NULL` })
@Check(
  'ck_shifts_release_stages',
  `"announced_stage" IN ('own_bank', 'collaborative_bank', 'agency_tier_1', 'agency_tier_2', 'agency_tier_3') AND ("early_release_stage" IS NULL OR "early_release_stage" IN ('collaborative_bank', 'agency_tier_1', 'agency_tier_2', 'agency_tier_3')) AND (("early_release_stage" IS NULL) = ("early_released_at" IS NULL))`,
)
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

  /** When the shift was posted: its own bank sees it from then (docs/rules.md section 10a). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  postedAt!: Date;

  /**
   * When each later stage of the release cascade is (or was) released, computed when the shift is
   * written from its posting, its start, the system's cascade and any early release. A writer that
   * sets none (an import of worked shifts) leaves every stage released at once.
   */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  releaseCollaborativeBankAt!: Date;

  @Column({ name: 'release_agency_tier_1_at', type: 'timestamptz', default: () => 'now()' })
  releaseAgencyTier1At!: Date;

  @Column({ name: 'release_agency_tier_2_at', type: 'timestamptz', default: () => 'now()' })
  releaseAgencyTier2At!: Date;

  @Column({ name: 'release_agency_tier_3_at', type: 'timestamptz', default: () => 'now()' })
  releaseAgencyTier3At!: Date;

  /** A rota manager's early release: this stage and those before it, released at earlyReleasedAt. */
  @Column({ type: 'text', nullable: true })
  earlyReleaseStage!: ReleaseStage | null;

  @Column({ type: 'timestamptz', nullable: true })
  earlyReleasedAt!: Date | null;

  /** The latest stage whose `shift.released` event is written (the worker announces each in turn). */
  @Column({ type: 'text', default: 'agency_tier_3' })
  announcedStage!: ReleaseStage;

  /** When the next stage after announcedStage is released; null when there is none to announce. */
  @Column({ type: 'timestamptz', nullable: true })
  nextReleaseAt!: Date | null;

  /** Set when a booking, timesheet or card change needs its compliance re-checked; cleared once done. */
  @Column({ type: 'timestamptz', nullable: true })
  recheckRequestedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
