import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { penceTransformer } from '../../core/database/transformers.js';
import { AgencyContract } from './agency-contract.entity.js';

/** What the agency charges per hour (excluding VAT) and pays the worker, per staff group, grade and band. */
@Entity({ name: 'agency_contract_lines' })
@Unique('uq_agency_contract_lines_key', ['contractId', 'staffGroup', 'grade', 'band'])
@Check(
  'ck_agency_contract_lines_rates',
  `"charge_rate_pence" BETWEEN 1 AND 100000 AND "worker_pay_pence" BETWEEN 1 AND "charge_rate_pence"`,
)
export class AgencyContractLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agency_contract_lines' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => AgencyContract, { name: 'fk_agency_contract_lines_contract', onDelete: 'CASCADE' })
  contractId!: string;

  @Column({ type: 'text' })
  staffGroup!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ type: 'text' })
  band!: string;

  @Column({ type: 'bigint', transformer: penceTransformer })
  chargeRatePence!: number;

  @Column({ type: 'bigint', transformer: penceTransformer })
  workerPayPence!: number;
}
