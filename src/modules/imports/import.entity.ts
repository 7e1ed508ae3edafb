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
import { ApiKey } from '../../core/auth/api-key.entity.js';

export const IMPORT_KINDS = ['shifts', 'timesheets', 'bank-workers', 'invoices'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The most row errors an import keeps (and shows). */
export const MAX_IMPORT_ERRORS = 1000;

export interface ImportRowError {
  /** The file's line of the record, the header being line 1; 0 for a fault of the whole file. */
  row: number;
  field: string | null;
  message: string;
}

/**
 * One uploaded CSV file of one kind, applied whole or not at all by a worker. The same bytes sent
 * again within the same kind and scope find this row (unique on the content hash while it has
 * not failed) and are not applied twice.
 */
@Entity({ name: 'imports' })
// A failed file may be sent again: its rows may name what did not exist yet (a worker, an approval).
@Index('uq_imports_kind_scope_sha256', ['kind', 'scopeKey', 'sha256'], { unique: true, where: `"status" <> 'failed'` })
@Index('ix_imports_queued', ['createdAt'], { where: `"status" IN ('queued', 'running')` })
@Check('ck_imports_kind', `"kind" IN ('shifts', 'timesheets', 'bank-workers', 'invoices')`)
@Check('ck_imports_status', `"status" IN ('queued', 'running', 'succeeded', 'failed')`)
export class Import {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_imports' })
  id!: string;

  @Column({ type: 'text' })
  kind!: ImportKind;

  @Column({ type: 'text', default: 'queued' })
  status!: ImportStatus;

  /** `all` (admin), `system:<id>` or `trusts:<sorted ids>`: who may see and re-send this import. */
  @Column({ type: 'text' })
  scopeKey!: string;

  /** The trusts the rows may name, fixed when the file arrived; null for an admin key (every trust). */
  @Column({ type: 'uuid', array: true, nullable: true })
  scopeTrustIds!: string[] | null;

  @Column({ type: 'uuid' })
  @ForeignKey(() => ApiKey, { name: 'fk_imports_api_key', onDelete: 'RESTRICT' })
  apiKeyId!: string;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  /** Hex SHA-256 of the body as received. */
  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'integer' })
  byteSize!: number;

  /** Data rows read (the header not counted). */
  @Column({ type: 'integer', default: 0 })
  rows!: number;

  @Column({ type: 'integer', default: 0 })
  created!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ type: 'integer', default: 0 })
  unchanged!: number;

  /** Every row error found; `errors` keeps the first MAX_IMPORT_ERRORS of them. */
  @Column({ type: 'integer', default: 0 })
  errorCount!: number;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  errors!: ImportRowError[];

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** The body of an import, apart from its status row so that listing imports never reads it. */
@Entity({ name: 'import_files' })
export class ImportFile {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_files' })
  @ForeignKey(() => Import, { name: 'fk_import_files_import', onDelete: 'CASCADE' })
  importId!: string;

  @Column({ type: 'bytea' })
  body!: Buffer;
}
