import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';

export const OFFER_STATUSES = ['open', 'accepted', 'closed'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * A shift offered to one bank worker (docs/rules.md section 10c): made by a rota manager, told to
 * the worker by e-mail and a `shift.offered` event. The first offered worker to take the shift has
 * theirs `accepted`; the others close (`taken`), as they do when the shift is booked any other way,
 * cancelled, or reaches its next release stage (`lapsed`). At most one open per shift and worker.
 */
@Entity({ name: 'shift_offers' })
@Index('uq_shift_offers_open', ['shiftId', 'bankWorkerId'], { unique: true, where: `"status" = 'open'` })
@Index('ix_shift_offers_worker', ['bankWorkerId', 'offeredAt'])
@Index('ix_shift_offers_open_expiry', ['expiresAt'], { where: `"status" = 'open'` })
@Check('ck_shift_offers_status', `"status" IN ('open', 'accepted', 'closed')`)
export class ShiftOffer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shift_offers' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('Shift', { name: 'fk_shift_offers_shift', onDelete: 'CASCADE' })
  shiftId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey('BankWorker', { name: 'fk_shift_offers_bank_worker', onDelete: 'CASCADE' })
  bankWorkerId!: string;

  @Column({ type: 'uuid' })
  trustId!: string;

  @Column({ type: 'uuid' })
  systemId!: string;

  @Column({ type: 'text', default: 'open' })
  status!: OfferStatus;

  /** The next release stage's instant when it was made (the shift's start when none is left): it lapses then. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** What the worker would be paid at the card rate when it was made, pence; null without a card. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  payPence!: number | null;

  /** Why it closed: `taken` (by this or another worker, or booked otherwise), `lapsed`, `cancelled`. */
  @Column({ type: 'text', nullable: true })
  closeReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  offeredByKeyId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  offeredByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  offeredAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
