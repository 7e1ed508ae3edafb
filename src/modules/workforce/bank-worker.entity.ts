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
import { numericTransformer } from '../../core/database/transformers.js';
import { Trust } from '../organisations/index.js';

/** A bank worker: one home trust, one staff group and grade, cleared to work at other trusts of the system. */
@Entity({ name: 'bank_workers' })
@Unique('uq_bank_workers_external_ref', ['homeTrustId', 'externalRef'])
@Check('ck_bank_workers_contracted_hours', `"contracted_weekly_hours" >= 0 AND "contracted_weekly_hours" <= 100`)
@Index('ix_bank_workers_home_trust', ['homeTrustId', 'staffGroup', 'grade'])
export class BankWorker {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_bank_workers' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Trust, { name: 'fk_bank_workers_home_trust', onDelete: 'RESTRICT' })
  homeTrustId!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  staffGroup!: string;

  @Column({ type: 'text' })
  grade!: string;

  /** Has opted out in writing of the 48-hour average weekly limit. */
  @Column({ type: 'boolean', default: false })
  optedOutOfWeeklyLimit!: boolean;

  /** Hours a week worked for other employers; they count towards the 48-hour limit. */
  @Column({ type: 'numeric', precision: 5, scale: 2, default: 0, transformer: numericTransformer })
  contractedWeeklyHours!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The worker's id in the trust's own bank or e-rostering system. */
  @Column({ type: 'text', nullable: true })
  externalRef!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
