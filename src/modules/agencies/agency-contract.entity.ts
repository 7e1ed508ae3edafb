import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { System } from '../organisations/index.js';
import { Agency } from './agency.entity.js';

/**
 * An agency's contract with a system: an approved framework (or none: off-framework), a tier
 * (1 preferred to 3), a validity range (`validTo` exclusive, open-ended when null) and its lines.
 */
@Entity({ name: 'agency_contracts' })
@Check('ck_agency_contracts_tier', `"tier" BETWEEN 1 AND 3`)
@Check('ck_agency_contracts_range', `"valid_to" IS NULL OR "valid_to" > "valid_from"`)
@Index('ix_agency_contracts_system', ['systemId', 'validFrom'])
export class AgencyContract {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agency_contracts' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Agency, { name: 'fk_agency_contracts_agency', onDelete: 'RESTRICT' })
  agencyId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => System, { name: 'fk_agency_contracts_system', onDelete: 'RESTRICT' })
  systemId!: string;

  /** The approved framework's name; null for an off-framework contract. */
  @Column({ type: 'text', nullable: true })
  framework!: string | null;

  @Column({ type: 'smallint' })
  tier!: number;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
