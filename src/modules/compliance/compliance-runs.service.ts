import { InjectFlowProducer } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FlowProducer } from 'bullmq';
import { DataSource, type EntityManager, In } from 'typeorm';
import { coversSystem, governsSystem, isAdmin, type Principal } from '../../core/auth/principal.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { COMPLIANCE_JOBS, FLOW_PRODUCER, QUEUES } from '../../core/queues/queue-names.js';
import { DEFAULT_JOB_OPTIONS } from '../../core/queues/queues.module.js';
import { System } from '../organisations/index.js';
import { Trust } from '../organisations/index.js';
import { daysBetween } from '../time-bands/index.js';
import { planChunks, type RunChunk } from './chunks.js';
import type { RunTrigger } from './compliance-rules.js';
import { ComplianceRun } from './compliance-run.entity.js';
import type { ComplianceRunView, CreateComplianceRunDto, ListComplianceRunsQuery } from './compliance.dto.js';

/** The id of a run's parent job. */
export const runJobId = (runId: string) => `run-${runId}`;

/** The longest window one run may check. */
export const MAX_RUN_DAYS = 400;

export interface ChunkJobData {
  runId: string;
  chunk: RunChunk;
}

export interface RunJobData {
  runId: string;
}

const runView = (run: ComplianceRun, chunksDone: number): ComplianceRunView => ({
  id: run.id,
  systemId: run.systemId,
  status: run.status,
  trigger: run.trigger,
  cardId: run.cardId,
  from: run.fromDate,
  to: run.toDate,
  chunksTotal: run.chunksTotal,
  chunksDone,
  bookingsChecked: run.bookingsChecked,
  breachesOpened: run.breachesOpened,
  breachesUpdated: run.breachesUpdated,
  breachesResolved: run.breachesResolved,
  error: run.error,
  createdAt: run.createdAt,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
});

/**
 * Compliance runs (docs/rules.md section 9): a row in PostgreSQL, and a BullMQ flow of one parent and
 * a child per trust and week. The chunks run in parallel on every worker; the parent completes the
 * run when the last one ends.
 */
@Injectable()
export class ComplianceRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectFlowProducer(FLOW_PRODUCER) private readonly flows: FlowProducer,
  ) {}

  async request(input: CreateComplianceRunDto, actor: Principal): Promise<ComplianceRunView> {
    const system = await this.dataSource.manager.findOneBy(System, { id: input.systemId });
    if (!system || !coversSystem(actor, input.systemId)) throw NotFoundError.of('system', input.systemId);
    if (!governsSystem(actor, input.systemId)) {
      throw new ForbiddenError('A run covers the whole system; this key is scoped to some of its trusts');
    }
    return this.start(input.systemId, input.from, input.to, 'manual', actor.keyId);
  }

  /**
   * Records a run, then starts its flow. The flow goes after the commit (a chunk may start at
   * once and must find its run); if Redis refuses it, the run is marked failed and the caller
   * gets 503, so no run waits for ever.
   */
  async start(
    systemId: string,
    from: string,
    to: string,
    trigger: RunTrigger,
    requestedByKeyId: string | null,
    cardId: string | null = null,
  ): Promise<ComplianceRunView> {
    const days = daysBetween(from, to);
    if (days < 1 || days > MAX_RUN_DAYS) {
      throw new InvalidInputError(`The window must be 1 to ${MAX_RUN_DAYS} days, \`to\` after \`from\``, [
        { field: 'to', message: `must be 1 to ${MAX_RUN_DAYS} days after from` },
      ]);
    }
    const manager = this.dataSource.manager;
    const chunks = await this.chunksOf(systemId, from, to);
    const saved = await manager.save(
      manager.create(ComplianceRun, {
        systemId,
        fromDate: from,
        toDate: to,
        trigger,
        chunksTotal: chunks.length,
        requestedByKeyId,
        cardId,
      }),
    );
    try {
      await this.addFlow(saved.id, chunks);
    } catch (error) {
      await manager.update(
        ComplianceRun,
        { id: saved.id },
        { status: 'failed', finishedAt: new Date(), error: 'The job queue was unavailable; nothing was checked' },
      );
      throw error;
    }
    // The run as accepted: a worker may already have started it, which GET shows.
    return runView(saved, 0);
  }

  /**
   * Adds a queued or running run's flow again (its jobs were lost); chunks already done are
   * skipped. False when the run has ended meanwhile. A trust added since the run started adds its
   * chunks, and the run's total with them.
   */
  async resume(runId: string): Promise<boolean> {
    const run = await this.dataSource.manager.findOneBy(ComplianceRun, {
      id: runId,
      status: In(['queued', 'running']),
    });
    if (!run) return false;
    const chunks = await this.chunksOf(run.systemId, run.fromDate, run.toDate);
    await this.dataSource.manager.update(ComplianceRun, { id: run.id }, { chunksTotal: chunks.length });
    await this.addFlow(run.id, chunks);
    return true;
  }

  /** A run's chunks: one per trust of the system and week of the window. */
  private async chunksOf(systemId: string, from: string, to: string): Promise<RunChunk[]> {
    const trusts = await this.dataSource.manager.find(Trust, {
      where: { systemId },
      order: { id: 'ASC' },
      select: { id: true },
    });
    return planChunks(
      trusts.map((trust) => trust.id),
      from,
      to,
    );
  }

  async get(id: string, actor: Principal): Promise<ComplianceRunView> {
    const run = await this.dataSource.manager.findOneBy(ComplianceRun, { id });
    // A run covers the whole system: keys scoped to some of its trusts do not see it.
    if (!run || !governsSystem(actor, run.systemId)) throw NotFoundError.of('compliance run', id);
    return runView(run, await this.chunksDone(this.dataSource.manager, [id]).then((done) => done.get(id) ?? 0));
  }

  async list(query: ListComplianceRunsQuery, actor: Principal): Promise<Page<ComplianceRunView>> {
    const runs = this.dataSource.getRepository(ComplianceRun).createQueryBuilder('run');
    // Only the systems the key governs: a run's counts and errors span all of a system's trusts.
    if (!isAdmin(actor))
      runs.andWhere('run.system_id = ANY(:governed)', { governed: actor.systemId ? [actor.systemId] : [] });
    if (query.systemId) runs.andWhere('run.system_id = :systemId', { systemId: query.systemId });
    const page = await paginate(runs, query, 'createdAt', 'descending');
    const done = await this.chunksDone(
      this.dataSource.manager,
      page.items.map((run) => run.id),
    );
    return { items: page.items.map((run) => runView(run, done.get(run.id) ?? 0)), nextCursor: page.nextCursor };
  }

  private async chunksDone(manager: EntityManager, runIds: string[]): Promise<Map<string, number>> {
    if (runIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT run_id AS "runId", count(*)::int AS done FROM compliance_run_chunks WHERE run_id = ANY($1::uuid[]) GROUP BY run_id`,
      [runIds],
    )) as { runId: string; done: number }[];
    return new Map(rows.map((row) => [row.runId, row.done]));
  }

  /**
   * The flow: deterministic job ids (a re-sent flow adds nothing twice); a chunk that fails every
   * attempt fails the parent, and the worker marks the run failed.
   */
  private async addFlow(runId: string, chunks: RunChunk[]): Promise<void> {
    await this.flows.add({
      name: COMPLIANCE_JOBS.run,
      queueName: QUEUES.compliance,
      data: { runId } satisfies RunJobData,
      // Flows do not take the queue's default job options: every job states them.
      opts: { ...DEFAULT_JOB_OPTIONS, jobId: runJobId(runId) },
      children: chunks.map((chunk) => ({
        name: COMPLIANCE_JOBS.chunk,
        queueName: QUEUES.compliance,
        data: { runId, chunk } satisfies ChunkJobData,
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: `chunk-${runId}-${chunk.key}`, failParentOnFailure: true },
      })),
    });
  }
}
