import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ShiftMinutesColumns } from '../shifts/index.js';
import { penceTransformer } from '../../core/database/transformers.js';
import { Shift } from '../shifts/index.js';
import { Booking } from './booking.entity.js';

/**
 * What was actually worked and paid (bank) or charged excluding VAT (agency). Once it exists its
 * times, band minutes and amount replace the booked ones in every check and report.
 */
@Entity({ name: 'timesheets' })
@Unique('uq_timesheets_shift', ['shiftId'])
@Check('ck_timesheets_amount', `"amount_pence" >= 0`)
export class Timesheet {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_timesheets' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Shift, { name: 'fk_timesheets_shift', onDelete: 'RESTRICT' })
  shiftId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Booking, { name: 'fk_timesheets_booking', onDelete: 'RESTRICT' })
  bookingId!: string;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz' })
  endedAt!: Date;

  @Column({ type: 'integer' })
  breakMinutes!: number;

  @Column({ type: 'date' })
  localStartDate!: string;

  @Column(() => ShiftMinutesColumns, { prefix: false })
  minutes!: ShiftMinutesColumns;

  @Column({ type: 'bigint', transformer: penceTransformer })
  amountPence!: number;

  @Column({ type: 'uuid', nullable: true })
  recordedByKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
