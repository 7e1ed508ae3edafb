import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Request } from 'express';
import { DataSource, Not } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversTrust, isAdmin, type Principal } from '../../core/auth/principal.js';
import { AppConfig } from '../../core/config/app-config.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { IMPORT_JOBS, QUEUES } from '../../core/queues/queue-names.js';
import { readCsvBody } from './import-body.js';
import { Import, IMPORT_KINDS, type ImportKind } from './import.entity.js';
import type { ImportView } from './imports.dto.js';

export interface ImportJobData {
  importId: string;
}

/** Deterministic, so a re-sent job (the sweep's) never applies a file twice at once. */
export const importJobId = (importId: string): string => `import-${importId}`;

export const importView = (row: Import): ImportView => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  sha256: row.sha256,
  byteSize: row.byteSize,
  rows: row.rows,
  created: row.created,
  updated: row.updated,
  unchanged: row.unchanged,
  errorCount: row.errorCount,
  errors: row.errors,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
});

/** The key's scope as one string: the same file in the same kind and scope is one import. */
const scopeKey = (actor: Principal): string =>
  isAdmin(actor)
    ? 'all'
    : actor.systemId
      ? `system:${actor.systemId}`
      : `trusts:${[...actor.trustIds].sort().join(',')}`;

/**
 * The api's side of imports: takes the file (PostgreSQL holds it, so a worker on any machine can
 * read it), answers 202 with the import's id, and leaves the work to the imports queue.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async receive(kind: string, request: Request, actor: Principal): Promise<ImportView> {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidInputError(`Unknown import kind ${kind}`, [
        { field: 'kind', message: `one of ${IMPORT_KINDS.join(', ')}` },
      ]);
    }
    // An import is an integration's: it is recorded against the key that sent it.
    if (actor.keyId === null) throw new ForbiddenError('Imports are sent with an API key');
    const keyId = actor.keyId;
    const { body, sha256 } = await readCsvBody(request, this.config.IMPORT_MAX_BYTES);
    const received = await this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO imports (kind, scope_key, scope_trust_ids, api_key_id, request_id, sha256, byte_size)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (kind, scope_key, sha256) WHERE status <> 'failed' DO NOTHING RETURNING id`,
        [
          kind,
          scopeKey(actor),
          isAdmin(actor) ? null : [...actor.trustIds],
          keyId,
          actor.requestId,
          sha256,
          body.length,
        ],
      )) as { id: string }[];
      if (inserted.length === 0) {
        // The same bytes again, queued, running or applied: that import's answer.
        const first = await manager.findOneBy(Import, {
          kind: kind as ImportKind,
          scopeKey: scopeKey(actor),
          sha256,
          status: Not('failed'),
        });
        // Gone between the two statements (it failed, or its sender withdrew it as Redis was away).
        if (!first) throw new ConflictError('The same file is being received in another request: send it again');
        return { row: first, fresh: false };
      }
      const id = inserted[0]!.id;
      await manager.query(`INSERT INTO import_files (import_id, body) VALUES ($1, $2)`, [id, body]);
      const row = await manager.findOneByOrFail(Import, { id });
      await this.audit.record(manager, actor, 'import.receive', 'import', id, null, {
        kind,
        sha256,
        byteSize: body.length,
      });
      return { row, fresh: true };
    });
    if (received.fresh) {
      try {
        await this.queue.add(IMPORT_JOBS.apply, { importId: received.row.id } satisfies ImportJobData, {
          jobId: importJobId(received.row.id),
        });
      } catch (error) {
        // Redis is away: nothing is accepted (the client gets 503 and may send the file again).
        // The job goes after the commit because a worker must find the row when it starts.
        await this.dataSource.transaction(async (manager) => {
          await manager.query(`DELETE FROM imports WHERE id = $1`, [received.row.id]);
          await this.audit.record(
            manager,
            actor,
            'import.withdraw',
            'import',
            received.row.id,
            importView(received.row),
            null,
          );
        });
        throw error;
      }
    }
    return importView(received.row);
  }

  /** Admin keys see every import; others those whose rows their scope covers. */
  async get(id: string, actor: Principal): Promise<ImportView> {
    const row = await this.dataSource.manager.findOneBy(Import, { id });
    const visible =
      row &&
      (isAdmin(actor) ||
        (row.scopeTrustIds !== null &&
          row.scopeTrustIds.length > 0 &&
          row.scopeTrustIds.every((trustId) => coversTrust(actor, trustId))));
    if (!visible) throw NotFoundError.of('import', id);
    return importView(row);
  }
}
