import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { Booking } from '../bookings/index.js';

/**
 * The compliance engine's costing of an active booking, as of its last check: its charge and its
 * cost at the national cap, the system cap and the card's bank rate. Written by the same statement
 * that records the booking's breaches (a booking no longer active loses its row there), so the
 * reports that compare charges with caps read one narrow row per booking instead of costing a
 * window's bookings again. Derived data: a compliance run over a window rebuilds it.
 */
@Entity({ name: 'booking_costs' })
@Index('ix_booking_costs_trust_date', ['trustId', 'localStartDate'])
@Index('ix_booking_costs_shift', ['shiftId'])
export class BookingCost {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_booking_costs' })
  @ForeignKey(() => Booking, { name: 'fk_booking_costs_booking', onDelete: 'CASCADE' })
  bookingId!: string;

  @Column({ type: 'uuid' })
  shiftId!: string;

  @Column({ type: 'uuid' })
  trustId!: string;

  /** The shift's local (Europe/London) start date. */
  @Column({ type: 'date' })
  localStartDate!: string;

  @Column({ type: 'text' })
  staffGroup!: string;

  /** `bank` or `agency`. */
  @Column({ type: 'text' })
  type!: string;

  /** The timesheet amount where there is one, else the booked cost. */
  @Column({ type: 'bigint', transformer: penceTransformer })
  chargePence!: number;

  /** At the national cap in force; null without one (or with a band unrated). */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  capCostPence!: number | null;

  /** At the system card's agency cap. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  systemCapCostPence!: number | null;

  /** At the system card's bank rate. */
  @Column({ type: 'bigint', nullable: true, transformer: penceTransformer })
  cardCostPence!: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  evaluatedAt!: Date;
}
