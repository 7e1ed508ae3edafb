import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity.js';

/**
 * An agency worker, a person like a bank worker (docs/rules.md section 14): known by their
 * professional registration where they have one (NMC, HCPC or GMC: one person whichever agency puts
 * them forward), else by their name within the agency that named them. Bookings name them, so the
 * database can refuse one worker at two overlapping shifts.
 */
@Entity({ name: 'agency_workers' })
@Index('uq_agency_workers_registration', ['registration'], { unique: true, where: `"registration" IS NOT NULL` })
@Index('uq_agency_workers_unregistered', ['agencyId', 'nameKey'], { unique: true, where: `"registration" IS NULL` })
export class AgencyWorker {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agency_workers' })
  id!: string;

  /** The registration as `NMC 12A3456B`, `HCPC PA12345` or `GMC 1234567`; null for unregistered staff groups. */
  @Column({ type: 'text', nullable: true })
  registration!: string | null;

  @Column({ type: 'text' })
  displayName!: string;

  /** The name lower-cased with its spaces collapsed: one unregistered person per agency and name. */
  @Column({ type: 'text' })
  nameKey!: string;

  /** The agency that first named them. */
  @Column({ type: 'uuid' })
  @ForeignKey(() => Agency, { name: 'fk_agency_workers_agency', onDelete: 'RESTRICT' })
  agencyId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
