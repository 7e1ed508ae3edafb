import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Principal } from '../../core/auth/principal.js';
import { AppConfig } from '../../core/config/app-config.js';
import { IMPORT_JOBS, QUEUES } from '../../core/queues/queue-names.js';
import { QueueWorker } from '../../core/queues/queue-worker.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { RECORDED_FROM_ELSEWHERE } from '../bookings/index.js';
import { BookingsService } from '../bookings/index.js';
import { ReferenceService } from '../reference/index.js';
import { bankWorkersImporter } from './bank-workers.importer.js';
import type { ImportContext, Importer } from './import-context.js';
import { ImportRejected, readCsv, RowErrors } from './import-csv.js';
import { Import, type ImportKind } from './import.entity.js';
import { type ImportJobData, importJobId } from './imports.service.js';
import { shiftsImporter } from './shifts.importer.js';
import { timesheetsImporter } from './timesheets.importer.js';
import { invoicesImporter } from './invoices.importer.js';

const IMPORTERS: Record<ImportKind, Importer> = {
  shifts: shiftsImporter,
  timesheets: timesheetsImporter,
  'bank-workers': bankWorkersImporter,
  invoices: invoicesImporter,
};

/** How often each worker looks for imports whose job Redis lost. */
const SWEEP_MS = 60_000;

// Constraint failures a file can still provoke past the row checks (a concurrent change, an
// overlap of worked times): the import fails with the database's word for it.
const CONSTRAINT_MESSAGES: Record<string, string> = {
  '23P01': 'a bank worker would be in two places at once (another booking overlaps these times)',
  '23505': 'a record with the same unique key was written meanwhile; send the file again',
  '23503': 'a record the file names was removed meanwhile',
};

/**
 * The imports queue's worker: reads a file from PostgreSQL, validates every row with the API's
 * rules and applies it in one transaction, or records why not. Claiming the row first makes a
 * job that runs twice (a retry, the sweep) apply the file once.
 */
@Injectable()
export class ImportsWorker extends QueueWorker {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.imports) queue: Queue,
    private readonly reference: ReferenceService,
    private readonly bookings: BookingsService,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
    config: AppConfig,
    logger: PinoLogger,
  ) {
    super(queue, config, logger, { sweeps: [{ job: IMPORT_JOBS.sweep, everyMs: SWEEP_MS }], logEachJob: true });
    this.logger.setContext(ImportsWorker.name);
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case IMPORT_JOBS.apply:
        return this.apply((job.data as ImportJobData).importId, job);
      case IMPORT_JOBS.sweep:
        return this.sweep();
      default:
        throw new UnrecoverableError(`unknown imports job ${job.name}`);
    }
  }

  /** Applies one import, whole or not at all; the outcome is in its row. */
  async apply(importId: string, job?: Job): Promise<unknown> {
    const [claimed] = (await this.dataSource.query(
      `UPDATE imports SET status = 'running', started_at = now(), attempts = attempts + 1
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [importId],
    )) as { id: string }[][];
    if (!claimed?.length) return { skipped: 'already applied or failed' };
    const row = await this.dataSource.manager.findOneByOrFail(Import, { id: importId });
    const [file] = (await this.dataSource.query(`SELECT body FROM import_files WHERE import_id = $1`, [importId])) as {
      body: Buffer;
    }[];
    const importer = IMPORTERS[row.kind];
    const errors = new RowErrors();
    const records = await readCsv(file!.body, importer.columns, errors);
    if (!errors.empty) return this.fail(importId, records.length, errors);
    const context: ImportContext = {
      importId,
      keyId: row.apiKeyId,
      requestId: row.requestId,
      scopeTrustIds: row.scopeTrustIds === null ? null : new Set(row.scopeTrustIds),
      calendar: await this.reference.calendar(),
      book: (manager, shiftId, request) =>
        this.bookings.bookLocked(manager, shiftId, request, this.actor(row), RECORDED_FROM_ELSEWHERE),
    };
    try {
      const outcome = await this.dataSource.transaction(async (manager) => {
        // Holds the row for the whole transaction: a second job for the same import waits here, then stops.
        const [current] = (await manager.query(`SELECT status FROM imports WHERE id = $1 FOR UPDATE`, [importId])) as {
          status: string;
        }[];
        if (current?.status !== 'running') return null;
        const applied = await importer.apply(manager, records, context, errors);
        const counts = {
          rows: records.length,
          created: applied.created,
          updated: applied.updated,
          unchanged: applied.unchanged,
        };
        // One summary entry per import: the file's hash names exactly what was applied.
        await this.audit.record(manager, this.actor(row), 'import.apply', 'import', importId, null, {
          kind: row.kind,
          sha256: row.sha256,
          ...counts,
        });
        await manager.update(Import, { id: importId }, { status: 'succeeded', finishedAt: new Date(), ...counts });
        return { ...applied, ...counts };
      });
      if (!outcome) return { skipped: 'applied by another job' };
      if (outcome.recheck) await this.signals.recheckSoon();
      if (outcome.alerts) await this.signals.dispatchAlerts();
      return outcome;
    } catch (error) {
      if (error instanceof ImportRejected) return this.fail(importId, records.length, error.errors);
      const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
      // A value PostgreSQL refuses (class 22, data exception: a NUL in a text, say) or a constraint
      // (class 23) fails the same way on every attempt: the file is at fault, not the database.
      if (code && (CONSTRAINT_MESSAGES[code] || /^2[23]/.test(code))) {
        errors.add(0, null, CONSTRAINT_MESSAGES[code] ?? `a value in the file cannot be stored (PostgreSQL ${code})`);
        return this.fail(importId, records.length, errors);
      }
      // Anything else (the database away) is retried; after the last attempt the import fails.
      if (job && job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        errors.add(0, null, 'the import could not be applied; send the file again later');
        await this.fail(importId, records.length, errors);
      }
      throw error;
    }
  }

  private async fail(importId: string, rows: number, errors: RowErrors): Promise<unknown> {
    // Only an import still in hand: never one another job has applied meanwhile.
    await this.dataSource.manager.update(
      Import,
      { id: importId, status: In(['queued', 'running']) },
      { status: 'failed', finishedAt: new Date(), rows, errorCount: errors.count, errors: errors.kept },
    );
    return { failed: errors.count };
  }

  /** Imports queued for over a minute (their job lost with Redis, or never sent) go back on the queue. */
  async sweep(): Promise<{ resent: number }> {
    const stranded = (await this.dataSource.query(
      `SELECT id FROM imports
        WHERE (status = 'queued' AND created_at < now() - interval '1 minute')
           OR (status = 'running' AND started_at < now() - interval '15 minutes')
        ORDER BY created_at LIMIT 100`,
    )) as { id: string }[];
    let resent = 0;
    for (const { id } of stranded) {
      const existing = await this.queue.getJob(importJobId(id));
      const state = existing ? await existing.getState() : 'gone';
      if (state === 'failed' || state === 'completed') await existing!.remove();
      if (['failed', 'completed', 'gone', 'unknown'].includes(state)) {
        await this.queue.add(IMPORT_JOBS.apply, { importId: id } satisfies ImportJobData, { jobId: importJobId(id) });
        resent += 1;
      }
    }
    return { resent };
  }

  /** The key that sent the file, for the audit log. */
  private actor(row: Import): Principal {
    return {
      keyId: row.apiKeyId,
      userId: null,
      // An admin key's import acts everywhere, as the key does.
      role: row.scopeTrustIds === null ? 'admin' : 'integration',
      approvalLevel: null,
      systemId: null,
      trustIds: new Set(row.scopeTrustIds ?? []),
      systemIds: new Set(),
      requestId: row.requestId,
    };
  }
}
