import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One England and Wales bank holiday (the substitute day where the holiday falls at a weekend). */
@Entity({ name: 'bank_holidays' })
export class BankHoliday {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_bank_holidays' })
  date!: string;

  @Column({ type: 'text' })
  name!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
