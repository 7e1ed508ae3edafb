import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Trust } from '../organisations/index.js';
import { BankWorker } from './bank-worker.entity.js';

/** A bank worker may work at this trust (of the worker's own system) besides the home trust. */
@Entity({ name: 'bank_worker_clearances' })
@Index('ix_bank_worker_clearances_trust', ['trustId'])
export class BankWorkerClearance {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_bank_worker_clearances' })
  @ForeignKey(() => BankWorker, { name: 'fk_bank_worker_clearances_worker', onDelete: 'CASCADE' })
  bankWorkerId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_bank_worker_clearances' })
  @ForeignKey(() => Trust, { name: 'fk_bank_worker_clearances_trust', onDelete: 'RESTRICT' })
  trustId!: string;
}
