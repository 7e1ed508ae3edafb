import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { numericTransformer, penceTransformer } from '../../core/database/transformers.js';
import type { ReleaseCascade } from '../time-bands/index.js';

/**
 * DEFAULT_RELEASE_CASCADE as PostgreSQL prints a jsonb value (keys by length, then by name), so that
 * the schema check compares the column's default with the database's as written
 * (system.entity.spec.ts holds the two equal).
 */
export const DEFAULT_RELEASE_CASCADE_JSONB =
  '{"agency_tier_1": {"beforeStartHours": 120, "afterPostingHours": 2}, "agency_tier_2": {"beforeStartHours": 72, "afterPostingHours": 3}, "agency_tier_3": {"beforeStartHours": 48, "afterPostingHours": 4}, "collaborative_bank": {"beforeStartHours": 336, "afterPostingHours": 1}}';

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

  /** The release cascade's timing per stage (docs/rules.md section 10a); null: every stage at posting. */
  @Column({ type: 'jsonb', nullable: true, default: () => `'${DEFAULT_RELEASE_CASCADE_JSONB}'` })
  releaseCascade!: ReleaseCascade | null;

  /** A `before_agency` suggestion is raised this many hours before the shift's agency tier 1 release. */
  @Column({ type: 'integer', default: 24 })
  suggestLeadHours!: number;

  /** The notice, in hours before the start, within which an agency booking may still be cancelled. */
  @Column({ type: 'integer', default: 48 })
  agencyNoticeHours!: number;

  /** A booking still waiting for sign-off this many hours before its shift starts is overdue. */
  @Column({ type: 'integer', default: 24 })
  approvalOverdueHours!: number;

  /** A bank worker may cancel their own booking until this many hours before its shift starts. */
  @Column({ type: 'integer', default: 24 })
  bankCancelNoticeHours!: number;

  /**
   * The support-worker agency ban (docs/rules.md section 8): agency for clinical support at bands 2
   * and 3 is refused, and any such agency booking is a breach.
   */
  @Column({ type: 'boolean', default: false })
  supportWorkerAgencyBan!: boolean;

  /** Set with a change of releaseCascade: the worker recomputes the release instants of the system's shifts. */
  @Column({ type: 'timestamptz', nullable: true })
  releasesRecomputeRequestedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
