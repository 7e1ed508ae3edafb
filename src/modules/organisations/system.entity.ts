import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { numericTransformer, penceTransformer } from '../../core/database/transformers.js';

/** An integrated care system or provider collaborative: trusts that share one rate card. */
@Entity({ name: 'systems' })
@Unique('uq_systems_code', ['code'])
export class System {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_systems' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Agency charge at or above this multiple of the cap cost needs executive sign-off. */
  @Column({ type: 'numeric', precision: 6, scale: 3, default: () => '1.5', transformer: numericTransformer })
  executiveSignoffRatio!: number;

  /** Effective hourly rate at or above which chief-executive sign-off is needed. */
  @Column({ name: 'ceo_signoff_rate_pence', type: 'bigint', default: 10000, transformer: penceTransformer })
  ceoSignoffRatePence!: number;

  /** Cron expression, Europe/London, of the nightly compliance run. */
  @Column({ type: 'text', default: '0 2 * * *' })
  nightlyCron!: string;

  /** How many days back the nightly run re-checks. */
  @Column({ type: 'integer', default: 28 })
  recheckDays!: number;

  /** Employer on-costs added to bank pay when comparing with agency charges, in percent. */
  @Column({ type: 'numeric', precision: 5, scale: 2, default: 0, transformer: numericTransformer })
  bankOnCostPercent!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
