import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { System } from './system.entity.js';

/** An NHS provider organisation, identified by its ODS code; belongs to exactly one system. */
@Entity({ name: 'trusts' })
@Unique('uq_trusts_ods_code', ['odsCode'])
export class Trust {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_trusts' })
  id!: string;

  @Index('ix_trusts_system_id')
  @Column({ type: 'uuid' })
  @ForeignKey(() => System, { name: 'fk_trusts_system', onDelete: 'RESTRICT' })
  systemId!: string;

  @Column({ type: 'text' })
  odsCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
