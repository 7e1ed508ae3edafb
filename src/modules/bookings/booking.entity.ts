import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { AgencyContract, AgencyWorker } from '../agencies/index.js';
import { Shift } from '../shifts/index.js';
import { BankWorker } from '../workforce/index.js';

export const BOOKING_STATUSES = ['pending_approval', 'confirmed', 'rejected', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['pending_approval', 'confirmed'];

/**
 * A bank worker or an agency booked into a shift. The database guarantees what the rules need
 * most: a shift has at most one active booking (partial unique index) and a worker at most one
 * active booking at any instant, at any trust (exclusion constraint over the booked time range).
 */
@Entity({ name: 'bookings' })
@Exclusion(
  'ex_bookings_worker_overlap',
  `USING gist ("bank_worker_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("bank_worker_id" IS NOT NULL AND "status" IN ('pending_approval', 'confirmed'))`,
)
@Exclusion(
  'ex_bookings_agency_worker_overlap',
  `USING gist ("agency_worker_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("agency_worker_id" IS NOT NULL AND "status" IN ('pending_approval', 'confirmed'))`,
)
@Check('ck_bookings_agency_worker', `"agency_worker_id" IS NULL OR "type" = 'agency'`)
@Index('uq_bookings_active_shift', ['shiftId'], {
  unique: true,
  where: `"status" IN ('pending_approval', 'confirmed')`,
})
// The fill ladder's look-ups, each answered from the index alone (no heap visits): a worker's
// active bookings by start with their paid minutes, and confirmed bookings per ward.
@Index('ix_bookings_worker_active_time', ['bankWorkerId', 'startsAt', 'paidMinutes', 'shiftId'], {
  where: `"bank_worker_id" IS NOT NULL AND "status" IN ('pending_approval', 'confirmed')`,
})
@Index('ix_bookings_shift', ['shiftId'])
// The approvers' queue: bookings waiting for sign-off, soonest first (GET /bookings?awaitingMyApproval).
@Index('ix_bookings_pending_approval', ['startsAt', 'id'], { where: `"status" = 'pending_approval'` })
@Index('ix_bookings_worker_ward_confirmed', ['bankWorkerId', 'wardId', 'endsAt'], {
  where: `"bank_worker_id" IS NOT NULL AND "status" = 'confirmed'`,
})
@Check(
  'ck_bookings_type',
  `("type" = 'bank' AND "bank_worker_id" IS NOT NULL AND "agency_contract_id" IS NULL) OR ("type" = 'agency' AND "agency_contract_id" IS NOT NULL AND "bank_worker_id" IS NULL)`,
)
@Check('ck_bookings_status', `"status" IN ('pending_approval', 'confirmed', 'rejected', 'cancelled')`)
export class Booking {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_bookings' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Shift, { name: 'fk_bookings_shift', onDelete: 'RESTRICT' })
  shiftId!: string;

  @Column({ type: 'text' })
  type!: 'bank' | 'agency';

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => BankWorker, { name: 'fk_bookings_bank_worker', onDelete: 'RESTRICT' })
  bankWorkerId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => AgencyContract, { name: 'fk_bookings_agency_contract', onDelete: 'RESTRICT' })
  agencyContractId!: string | null;

  /** The agency worker an agency booking names (from a submission, or given when booking); null when left to the agency. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => AgencyWorker, { name: 'fk_bookings_agency_worker', onDelete: 'RESTRICT' })
  agencyWorkerId!: string | null;

  @Column({ type: 'text' })
  status!: BookingStatus;

  /** The shift's ward (fixed once booked), for "most shifts worked on the same ward" in one index look-up. */
  @Column({ type: 'uuid' })
  wardId!: string;

  /** The shift's times and paid minutes when booked, for the overlap, rest and weekly-hours rules. */
  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'integer' })
  paidMinutes!: number;

  /** Hourly rates per band, pence: the card's or contract's unless the booking stated others. */
  @Column({ type: 'jsonb' })
  ratesPence!: Record<string, number>;

  @Column({ type: 'bigint', transformer: penceTransformer })
  costPence!: number;

  /**
   * What an agency's hourly charge is made of, per band, where its submission said (docs/rules.md
   * section 14): the worker's pay and the agency's fee, both within the charge rate; and their cost
   * over the booked times.
   */
  @Column({ type: 'jsonb', nullable: true })
  workerPayRatesPence!: Record<string, number> | null;

  @Column({ type: 'jsonb', nullable: true })
  agencyFeeRatesPence!: Record<string, number> | null;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  agencyFeePence!: number | null;

  @Column({ type: 'text', nullable: true })
  requiredSignoff!: string | null;

  @Column({ type: 'text', nullable: true })
  bypassReason!: string | null;

  @Column({ type: 'text', nullable: true })
  exemptionRef!: string | null;

  /** The fill ladder at the moment of booking (docs/rules.md section 7). */
  @Column({ type: 'jsonb' })
  ladder!: Record<string, unknown>;

  @Column({ type: 'integer' })
  eligibleBankCount!: number;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  bestBankCostPence!: number | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByKeyId!: string | null;

  /** The person who approved or rejected it, when it was not a key. */
  @Column({ type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  decisionLevel!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  /** The person who booked it, when it was not a key. */
  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
