import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config.js';
import { COMPLIANCE_JOBS, QUEUES } from '../../core/queues/queue-names.js';
import { QueueWorker } from '../../core/queues/queue-worker.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { System } from '../organisations/index.js';
import { addDays } from '../time-bands/index.js';
import { ComplianceEngine } from './compliance-engine.js';
import type { ChunkJobData, RunJobData } from './compliance-runs.service.js';
import { ComplianceRunsService, MAX_RUN_DAYS, runJobId } from './compliance-runs.service.js';
import { LONDON, londonDate } from '../time-bands/index.js';

const nightlyId = (systemId: string) => `nightly-${systemId}`;

/**
 * The compliance queue's worker: run chunks and parents, nightly runs, re-checks after changes and
 * the schedulers behind them.
 */
@Injectable()
export class ComplianceWorker extends QueueWorker {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.compliance) queue: Queue,
    private readonly engine: ComplianceEngine,
    private readonly runs: ComplianceRunsService,
    config: AppConfig,
    private readonly signals: WorkerSignals,
    logger: PinoLogger,
  ) {
    super(queue, config, logger, {
      options: { maxStalledCount: 3 },
      // The safety nets behind the signals: marked shifts every RECHECK_SWEEP_MS, runs whose jobs
      // were lost every RUN_SWEEP_MS, schedules every ten minutes.
      sweeps: [
        { job: COMPLIANCE_JOBS.recheck, everyMs: config.RECHECK_SWEEP_MS },
        { job: COMPLIANCE_JOBS.resumeRuns, everyMs: config.RUN_SWEEP_MS },
        { job: COMPLIANCE_JOBS.syncSchedules, everyMs: 600_000 },
      ],
    });
    this.logger.setContext(ComplianceWorker.name);
  }

  protected override async start(): Promise<void> {
    await this.syncSchedules();
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case COMPLIANCE_JOBS.chunk:
        return this.chunk(job.data as ChunkJobData);
      case COMPLIANCE_JOBS.run:
        return this.finish((job.data as RunJobData).runId);
      case COMPLIANCE_JOBS.nightly:
        return this.nightly((job.data as { systemId: string }).systemId);
      case COMPLIANCE_JOBS.recheck: {
        const shiftsChecked = await this.engine.recheckMarked();
        // Any breach it opened or cleared is in the outbox.
        if (shiftsChecked > 0) await this.signals.dispatchAlerts();
        return { shiftsChecked };
      }
      case COMPLIANCE_JOBS.cardPublished:
        return this.cardPublished((job.data as { cardId: string }).cardId);
      case COMPLIANCE_JOBS.syncSchedules:
        return this.syncSchedules();
      case COMPLIANCE_JOBS.resumeRuns:
        return this.resumeRuns();
      default:
        throw new Error(`unknown compliance job ${job.name}`);
    }
  }

  private async chunk({ runId, chunk }: ChunkJobData): Promise<unknown> {
    await this.dataSource.query(
      `UPDATE compliance_runs SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'queued'`,
      [runId],
    );
    const counts = await this.engine.evaluateChunk(runId, chunk);
    if (counts && counts.breachesOpened + counts.breachesResolved > 0) await this.signals.dispatchAlerts();
    return counts ?? { alreadyDone: true };
  }

  /**
   * Runs still queued or running whose jobs no longer drive them:
   * - the parent job is gone (Redis lost its data, a restart without persistence): the flow is
   *   added again; chunks already done are skipped by the engine, so the run completes as if
   *   nothing had happened;
   * - the parent job failed or completed but the run's row missed it (PostgreSQL was down when
   *   the worker tried to record it): the row is brought in line.
   * A run younger than the lock time may be between its commit and its flow, and is left alone.
   */
  private async resumeRuns(): Promise<unknown> {
    const runs = (await this.dataSource.query(
      `SELECT id FROM compliance_runs
        WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => $1::int / 1000.0)
        ORDER BY created_at`,
      [this.config.JOB_LOCK_MS],
    )) as { id: string }[];
    const resumed: string[] = [];
    const settled: string[] = [];
    for (const { id } of runs) {
      const job = await this.queue.getJob(runJobId(id));
      if (!job) {
        if (await this.runs.resume(id)) {
          resumed.push(id);
          this.logger.warn({ runId: id }, 'compliance run had lost its jobs; started again');
        }
      } else if (await job.isFailed()) {
        await this.failRun(id, `the run's jobs failed: ${job.failedReason ?? 'unknown reason'}`);
        settled.push(id);
      } else if (await job.isCompleted()) {
        await this.finish(id);
        settled.push(id);
      }
    }
    return { resumed, settled };
  }

  /** The parent runs once every chunk has: the run's counts are the sum of its chunks'. */
  private async finish(runId: string): Promise<unknown> {
    await this.dataSource.query(
      `UPDATE compliance_runs r
          SET status = 'succeeded', finished_at = now(), started_at = coalesce(r.started_at, now()),
              bookings_checked = c.checked, breaches_opened = c.opened, breaches_updated = c.updated,
              breaches_resolved = c.resolved
         FROM (SELECT coalesce(sum(bookings_checked), 0) AS checked, coalesce(sum(breaches_opened), 0) AS opened,
                      coalesce(sum(breaches_updated), 0) AS updated, coalesce(sum(breaches_resolved), 0) AS resolved
                 FROM compliance_run_chunks WHERE run_id = $1) c
        WHERE r.id = $1 AND r.status IN ('queued', 'running')`,
      [runId],
    );
    return { runId };
  }

  private async nightly(systemId: string): Promise<unknown> {
    const system = await this.dataSource.manager.findOneBy(System, { id: systemId });
    if (!system) return { skipped: 'no such system' };
    const today = londonDate();
    const [from, to] = [addDays(today, -system.recheckDays), addDays(today, 1)];
    // A retried nightly job (its worker died after the run was recorded) starts nothing twice.
    const existing = (await this.dataSource.query(
      `SELECT id FROM compliance_runs
        WHERE system_id = $1 AND trigger = 'nightly' AND from_date = $2 AND to_date = $3 AND status <> 'failed'`,
      [systemId, from, to],
    )) as { id: string }[];
    if (existing[0]) return { runId: existing[0].id, alreadyStarted: true };
    const run = await this.runs.start(systemId, from, to, 'nightly', null);
    return { runId: run.id };
  }

  /**
   * A published card governs the bookings of its dates: one run per system it applies to, over its
   * range within the nightly look-back and the next 90 days (older history is left as it was judged).
   */
  private async cardPublished(cardId: string): Promise<unknown> {
    // The look-back is at most 366 days: with the 90 ahead the window stays within a run's limit.
    const targets = (await this.dataSource.query(
      `SELECT s.id AS "systemId",
              GREATEST(c.effective_from, (now() AT TIME ZONE '${LONDON}')::date - LEAST(s.recheck_days, $2 - 90))::text AS "from",
              LEAST(coalesce(c.effective_to, 'infinity'::date), (now() AT TIME ZONE '${LONDON}')::date + 90)::text AS "to"
         FROM rate_cards c JOIN systems s ON c.scope = 'national' OR s.id = c.system_id
        WHERE c.id = $1 AND c.status = 'published'`,
      [cardId, MAX_RUN_DAYS],
    )) as { systemId: string; from: string; to: string }[];
    const runIds: string[] = [];
    for (const target of targets) {
      if (target.from >= target.to) continue;
      // A retried job (one system's run failed to start) starts nothing twice for the others.
      const existing = (await this.dataSource.query(
        `SELECT id FROM compliance_runs WHERE system_id = $1 AND card_id = $2 AND status <> 'failed'`,
        [target.systemId, cardId],
      )) as { id: string }[];
      runIds.push(
        existing[0]?.id ??
          (await this.runs.start(target.systemId, target.from, target.to, 'card_change', null, cardId)).id,
      );
    }
    return { runIds };
  }

  /** One nightly scheduler per system, from its `nightlyCron` in Europe/London; none for systems gone. */
  async syncSchedules(): Promise<unknown> {
    const systems = await this.dataSource.manager.find(System, { select: { id: true, nightlyCron: true } });
    for (const system of systems) {
      await this.queue.upsertJobScheduler(
        nightlyId(system.id),
        { pattern: system.nightlyCron, tz: LONDON },
        { name: COMPLIANCE_JOBS.nightly, data: { systemId: system.id } },
      );
    }
    const wanted = new Set(systems.map((system) => nightlyId(system.id)));
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (scheduler.key.startsWith('nightly-') && !wanted.has(scheduler.key)) {
        await this.queue.removeJobScheduler(scheduler.key);
      }
    }
    return { systems: systems.length };
  }

  /**
   * A chunk or a run's parent that failed for good (its last attempt, an unrecoverable error, or
   * stalled once too often) fails its run; BullMQ fails the parent job with a failed chunk.
   */
  protected override async failed(job: Job, error: Error): Promise<void> {
    const final = await job.isFailed().catch(() => job.attemptsMade >= (job.opts.attempts ?? 1));
    this.logger.warn({ err: error, job: job.name, jobId: job.id, final }, 'compliance job failed');
    if (!final || (job.name !== COMPLIANCE_JOBS.chunk && job.name !== COMPLIANCE_JOBS.run)) return;
    const data = job.data as Partial<ChunkJobData> & { runId: string };
    const where = data.chunk ? `a chunk (${data.chunk.from} to ${data.chunk.to})` : 'completing the run';
    try {
      await this.failRun(data.runId, `${where}: ${error.message}`);
    } catch (recordError) {
      // The run sweep records it once PostgreSQL answers again.
      this.logger.error({ err: recordError }, 'could not record a failed run');
    }
  }

  private async failRun(runId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE compliance_runs SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1 AND status IN ('queued', 'running')`,
      [runId, error.slice(0, 2000)],
    );
  }
}
