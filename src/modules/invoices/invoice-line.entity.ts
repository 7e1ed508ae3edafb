import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { Booking } from '../bookings/index.js';
import { Invoice } from './invoice.entity.js';
import { type InvoiceLineStatus } from './invoice-rules.js';

/**
 * One line of an invoice and how it was judged (docs/rules.md section 14). A line that names no
 * booking of the agency keeps the reference as sent. The database holds one counting line (any
 * status but `duplicate` and `no_booking`) per booking: that line's amount is the booking's charge.
 */
@Entity({ name: 'invoice_lines' })
@Unique('uq_invoice_lines_line_no', ['invoiceId', 'lineNo'])
@Index('uq_invoice_lines_counting_booking', ['bookingId'], {
  unique: true,
  where: `"status" NOT IN ('duplicate', 'no_booking')`,
})
@Index('ix_invoice_lines_booking', ['bookingId'])
@Check(
  'ck_invoice_lines_status',
  `"status" IN ('matched', 'over_timesheet', 'over_contract', 'over_cap_unapproved', 'no_timesheet', 'no_booking', 'duplicate')`,
)
@Check('ck_invoice_lines_booking', `("booking_id" IS NULL) = ("status" = 'no_booking')`)
@Check('ck_invoice_lines_amount', `"amount_pence" >= 0 AND "validated_pence" BETWEEN 0 AND "amount_pence"`)
@Check('ck_invoice_lines_paid_minutes', `"paid_minutes" >= 0`)
export class InvoiceLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invoice_lines' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Invoice, { name: 'fk_invoice_lines_invoice', onDelete: 'CASCADE' })
  invoiceId!: string;

  /** The line's place on the invoice, from 1. */
  @Column({ type: 'integer' })
  lineNo!: number;

  /** The booking of the invoice's agency it names; null when it names none (`no_booking`). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Booking, { name: 'fk_invoice_lines_booking', onDelete: 'RESTRICT' })
  bookingId!: string | null;

  /** The booking reference as the agency sent it. */
  @Column({ type: 'text' })
  bookingRef!: string;

  @Column({ type: 'integer' })
  paidMinutes!: number;

  /** Charged, excluding VAT. */
  @Column({ type: 'bigint', transformer: penceTransformer })
  amountPence!: number;

  @Column({ type: 'text' })
  status!: InvoiceLineStatus;

  @Column({ type: 'bigint', transformer: penceTransformer })
  validatedPence!: number;

  /** What the line was judged against: the timesheet's paid minutes, null without one. */
  @Column({ type: 'integer', nullable: true })
  timesheetPaidMinutes!: number | null;

  /** The cost of the timesheet's times at the booking's rates. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  contractCostPence!: number | null;

  /** The cost of the timesheet's times at the national cap in force. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  capCostPence!: number | null;

  /** The sign-off level the amount needs, and the booking's approval when judged. */
  @Column({ type: 'text', nullable: true })
  requiredSignoff!: string | null;

  @Column({ type: 'text', nullable: true })
  approvalLevel!: string | null;
}
