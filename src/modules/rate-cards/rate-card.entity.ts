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
import { System } from '../organisations/index.js';

export const RATE_CARD_SCOPES = ['national', 'system'] as const;
export type RateCardScope = (typeof RATE_CARD_SCOPES)[number];
export type RateCardStatus = 'draft' | 'published';

/**
 * A versioned table of hourly rates (docs/rules.md section 6). Drafts are edited freely; a published
 * card is never edited (only an open end date is closed when a newer version takes over), and two
 * published cards of one scope and system never overlap: the exclusion constraint refuses it.
 */
@Entity({ name: 'rate_cards' })
@Exclusion(
  'ex_rate_cards_published_overlap',
  `USING gist ("scope" WITH =, (COALESCE("system_id", '00000000-0000-0000-0000-000000000000'::uuid)) WITH =, daterange("effective_from", "effective_to", '[)') WITH &&) WHERE ("status" = 'published')`,
)
@Check('ck_rate_cards_scope', `("scope" = 'national') = ("system_id" IS NULL)`)
@Check('ck_rate_cards_range', `"effective_to" IS NULL OR "effective_to" > "effective_from"`)
@Check('ck_rate_cards_status', `"status" IN ('draft', 'published')`)
@Check('ck_rate_cards_scope_value', `"scope" IN ('national', 'system')`)
@Index('ix_rate_cards_lookup', ['scope', 'systemId', 'effectiveFrom'])
export class RateCard {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_rate_cards' })
  id!: string;

  @Column({ type: 'text' })
  scope!: RateCardScope;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => System, { name: 'fk_rate_cards_system', onDelete: 'RESTRICT' })
  systemId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: RateCardStatus;

  /** First local date the card is in force. */
  @Column({ type: 'date' })
  effectiveFrom!: string;

  /** First local date it is no longer in force (exclusive); null while open-ended. */
  @Column({ type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  publishedByKeyId!: string | null;

  /** The card whose publication closed this one's open end date. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => RateCard, { name: 'fk_rate_cards_superseded_by', onDelete: 'RESTRICT' })
  supersededById!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
