import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Trust } from './trust.entity.js';

/** A ward or unit of a trust where shifts are worked. */
@Entity({ name: 'wards' })
@Unique('uq_wards_trust_code', ['trustId', 'code'])
export class Ward {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_wards' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Trust, { name: 'fk_wards_trust', onDelete: 'RESTRICT' })
  trustId!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
