import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A staffing agency; its prices live in contracts with each system. */
@Entity({ name: 'agencies' })
@Unique('uq_agencies_name', ['name'])
export class Agency {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agencies' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
