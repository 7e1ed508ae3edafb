import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { System } from '../organisations/index.js';
import type { RunStatus, RunTrigger } from './compliance-rules.js';

/** One compliance run over a system and a window of local start dates `[fromDate, toDate)`. */
@Entity({ name: 'compliance_runs' })
@Index('ix_compliance_runs_system_created', ['systemId', 'createdAt'])
@Check('ck_compliance_runs_status', `"status" IN ('queued', 'running', 'succeeded', 'failed')`)
@Check('ck_compliance_runs_trigger', `"trigger" IN ('manual', 'nightly', 'card_change')`)
@Check('ck_compliance_runs_window', `"to_date" > "from_date"`)
export class ComplianceRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_compliance_runs' })
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => System, { name: 'fk_compliance_runs_system', onDelete: 'RESTRICT' })
  systemId!: string;

  @Column({ type: 'date' })
  fromDate!: string;

  @Column({ type: 'date' })
  toDate!: string;

  @Column({ type: 'text' })
  trigger!: RunTrigger;

  @Column({ type: 'text', default: 'queued' })
  status!: RunStatus;

  @Column({ type: 'integer', default: 0 })
  chunksTotal!: number;

  @Column({ type: 'integer', default: 0 })
  bookingsChecked!: number;

  @Column({ type: 'integer', default: 0 })
  breachesOpened!: number;

  @Column({ type: 'integer', default: 0 })
  breachesUpdated!: number;

  @Column({ type: 'integer', default: 0 })
  breachesResolved!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedByKeyId!: string | null;

  /** The published card a `card_change` run re-checks against. */
  @Column({ type: 'uuid', nullable: true })
  cardId!: string | null;

  /** Milliseconds only, so the newest-first list pages on it exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/**
 * A chunk of a run (one trust, one week) that has been evaluated, with what it changed. Written in
 * the chunk's own transaction: a chunk retried after a crash finds its row and does nothing twice.
 */
@Entity({ name: 'compliance_run_chunks' })
export class ComplianceRunChunk {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_compliance_run_chunks' })
  @ForeignKey(() => ComplianceRun, { name: 'fk_compliance_run_chunks_run', onDelete: 'CASCADE' })
  runId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_compliance_run_chunks' })
  chunkKey!: string;

  @Column({ type: 'integer' })
  bookingsChecked!: number;

  @Column({ type: 'integer' })
  breachesOpened!: number;

  @Column({ type: 'integer' })
  breachesUpdated!: number;

  @Column({ type: 'integer' })
  breachesResolved!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  finishedAt!: Date;
}
