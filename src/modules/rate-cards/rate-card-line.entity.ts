import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { RateCard } from './rate-card.entity.js';

/** One hourly rate per (staff group, grade, band): the agency cap, and on system cards the bank rate. */
@Entity({ name: 'rate_card_lines' })
@Unique('uq_rate_card_lines_key', ['cardId', 'staffGroup', 'grade', 'band'])
@Check('ck_rate_card_lines_agency_cap', `"agency_cap_pence" BETWEEN 1 AND 100000`)
@Check('ck_rate_card_lines_bank_rate', `"bank_rate_pence" IS NULL OR "bank_rate_pence" BETWEEN 1 AND 100000`)
export class RateCardLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_rate_card_lines' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => RateCard, { name: 'fk_rate_card_lines_card', onDelete: 'CASCADE' })
  cardId!: string;

  @Column({ type: 'text' })
  staffGroup!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ type: 'text' })
  band!: string;

  @Column({ type: 'bigint', transformer: penceTransformer })
  agencyCapPence!: number;

  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  bankRatePence!: number | null;
}
