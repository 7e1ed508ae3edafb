import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Agency } from '../agencies/index.js';
import { System } from '../organisations/index.js';

/**
 * An agency's invoice to one system (docs/rules.md section 14): its number is the agency's own,
 * unique per agency, and its lines are reconciled against the bookings they name when it arrives.
 */
@Entity({ name: 'invoices' })
@Unique('uq_invoices_agency_number', ['agencyId', 'invoiceNumber'])
@Index('ix_invoices_system_issued', ['systemId', 'issuedOn'])
@Index('ix_invoices_created', ['createdAt', 'id'])
export class Invoice {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invoices' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Agency, { name: 'fk_invoices_agency', onDelete: 'RESTRICT' })
  agencyId!: string;

  /** The system of the bookings its lines name. */
  @Column({ type: 'uuid' })
  @ForeignKey(() => System, { name: 'fk_invoices_system', onDelete: 'RESTRICT' })
  systemId!: string;

  @Column({ type: 'text' })
  invoiceNumber!: string;

  @Column({ type: 'date' })
  issuedOn!: string;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  /** The person who sent it, when it was not a key. */
  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
