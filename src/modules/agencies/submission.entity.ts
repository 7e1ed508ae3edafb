import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { AgencyContract } from './agency-contract.entity.js';
import { AgencyWorker } from './agency-worker.entity.js';
import { Agency } from './agency.entity.js';
import { Shift } from '../shifts/index.js';

export const SUBMISSION_STATUSES = ['submitted', 'accepted', 'declined', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Where a submission's cost stands against the caps, as the ladder's agency tiers say it. */
export const CAP_POSITIONS = ['within_system_cap', 'within_national_cap', 'above_cap', 'off_framework'] as const;
export type CapPosition = (typeof CAP_POSITIONS)[number];

/**
 * A candidate an agency puts forward for a shift released to it (docs/rules.md section 14), priced
 * and checked when submitted: its rates (the contract line's unless it stated lower), its cost and
 * the sign-off its booking will need. A rota manager accepts one (which books it) or declines it;
 * the agency may withdraw it until then.
 */
@Entity({ name: 'submissions' })
@Check('ck_submissions_status', `"status" IN ('submitted', 'accepted', 'declined', 'withdrawn')`)
@Check('ck_submissions_booking', `("status" = 'accepted') = ("booking_id" IS NOT NULL)`)
@Index('ix_submissions_shift', ['shiftId', 'submittedAt'])
@Index('ix_submissions_agency', ['agencyId', 'submittedAt'])
@Index('uq_submissions_candidate', ['shiftId', 'agencyWorkerId'], { unique: true, where: `"status" = 'submitted'` })
export class Submission {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_submissions' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Shift, { name: 'fk_submissions_shift', onDelete: 'CASCADE' })
  shiftId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Agency, { name: 'fk_submissions_agency', onDelete: 'RESTRICT' })
  agencyId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => AgencyContract, { name: 'fk_submissions_contract', onDelete: 'RESTRICT' })
  agencyContractId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => AgencyWorker, { name: 'fk_submissions_agency_worker', onDelete: 'RESTRICT' })
  agencyWorkerId!: string;

  @Column({ type: 'text', default: 'submitted' })
  status!: SubmissionStatus;

  @Column({ type: 'jsonb' })
  ratesPence!: Record<string, number>;

  @Column({ type: 'jsonb', nullable: true })
  workerPayRatesPence!: Record<string, number> | null;

  @Column({ type: 'jsonb', nullable: true })
  agencyFeeRatesPence!: Record<string, number> | null;

  @Column({ type: 'bigint', transformer: penceTransformer })
  costPence!: number;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  agencyFeePence!: number | null;

  /** The caps' costs of the shift when submitted (null where no card is in force) and where the cost stands. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  capCostPence!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  systemCapCostPence!: number | null;

  @Column({ type: 'text' })
  capPosition!: CapPosition;

  @Column({ type: 'text', nullable: true })
  signoffLevel!: string | null;

  /** The booking made when it was accepted. */
  @Column({ type: 'uuid', nullable: true })
  bookingId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  submittedByKeyId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  submittedByUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByKeyId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
