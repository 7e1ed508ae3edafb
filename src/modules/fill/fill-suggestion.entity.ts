import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';

export const SUGGESTION_KINDS = ['before_agency', 'swap_to_bank'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export const SUGGESTION_STATUSES = ['open', 'acted', 'expired'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** A bank candidate a suggestion names, with what booking them would cost. */
export interface SuggestedCandidate {
  bankWorkerId: string;
  displayName: string;
  homeTrustId: string;
  costPence: number;
}

/**
 * A fill suggestion (docs/rules.md section 10b): the bank can still fill a shift that is about to
 * cost more, or that an agency holds. At most one open per shift and kind.
 */
@Entity({ name: 'fill_suggestions' })
@Index('uq_fill_suggestions_open', ['shiftId', 'kind'], { unique: true, where: `"status" = 'open'` })
@Index('ix_fill_suggestions_trust_raised', ['trustId', 'raisedAt'])
@Index('ix_fill_suggestions_open', ['raisedAt'], { where: `"status" = 'open'` })
@Check('ck_fill_suggestions_kind', `"kind" IN ('before_agency', 'swap_to_bank')`)
@Check('ck_fill_suggestions_status', `"status" IN ('open', 'acted', 'expired')`)
export class FillSuggestion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_fill_suggestions' })
  id!: string;

  @Column({ type: 'uuid' })
  shiftId!: string;

  @Column({ type: 'uuid' })
  trustId!: string;

  @Column({ type: 'uuid' })
  systemId!: string;

  @Column({ type: 'text' })
  kind!: SuggestionKind;

  @Column({ type: 'text', default: 'open' })
  status!: SuggestionStatus;

  /** The three best-ranked eligible bank workers when it was raised. */
  @Column({ type: 'jsonb' })
  candidates!: SuggestedCandidate[];

  /** The cheapest agency option not refused (before_agency), or the agency booking's charge (swap_to_bank). */
  @Column({ type: 'bigint', transformer: penceTransformer })
  agencyCostPence!: number;

  /** agencyCostPence − the best candidate's cost. */
  @Column({ type: 'bigint', transformer: penceTransformer })
  savingPence!: number;

  /** The agency booking a swap_to_bank suggestion would replace. */
  @Column({ type: 'uuid', nullable: true })
  bookingId!: string | null;

  /** The bank booking that filled the shift, once acted on. */
  @Column({ type: 'uuid', nullable: true })
  actedBookingId!: string | null;

  /** agencyCostPence − the charge of the bank booking that filled the shift. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  savingRealisedPence!: number | null;

  /** Why it closed: booked from the bank or an agency, started, cancelled, no bank worker eligible. */
  @Column({ type: 'text', nullable: true })
  closeReason!: string | null;

  /** Milliseconds only, so the newest-first list pages on it exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  raisedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
