import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { type Job, type Queue, Worker, type WorkerOptions } from 'bullmq';
import type { PinoLogger } from '../logging/pino-logger.js';
import type { AppConfig } from '../config/app-config.js';
import { RedisErrorLog } from '../redis/redis-error-log.js';
import { closeWorker } from './closing.js';
import { sweepEvery } from './sweep.js';
import { workerOptions } from './worker-options.js';

/** A safety net: a deduplicated `job` added every `everyMs`, and once at start when `atStart`. */
export interface Sweep {
  job: string;
  everyMs: number;
  atStart?: boolean;
}

/** What sets one queue's worker apart from the others; everything else is the base's. */
export interface QueueWorkerSettings {
  /** Over workerOptions(config): concurrency, stall limits. */
  options?: Partial<WorkerOptions>;
  sweeps?: Sweep[];
  /** Logs each finished job with its duration and outcome. */
  logEachJob?: boolean;
}

/**
 * One queue's BullMQ worker, built on BullMQ's Worker directly so its lock and stall settings come
 * from the validated configuration. A queue's class gives its queue, settings and `handle`; the
 * base starts the worker, then `start()` (schedulers), then the sweeps, and on shutdown stops the
 * sweeps and closes the worker, waiting for the jobs in hand (unless Redis is away: closing.ts).
 * Nest closes the queues after every provider's shutdown hook, so the workers stop first.
 */
export abstract class QueueWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private stopSweeps: (() => void)[] = [];

  protected constructor(
    protected readonly queue: Queue,
    protected readonly config: AppConfig,
    protected readonly logger: PinoLogger,
    private readonly settings: QueueWorkerSettings = {},
  ) {}

  /** Runs one job; throws to have BullMQ retry it (an UnrecoverableError fails it at once). */
  protected abstract handle(job: Job): Promise<unknown>;

  /** Work before the sweeps start, such as bringing the job schedulers in line. */
  protected async start(): Promise<void> {}

  /** A job failed an attempt (or for good): the queue's own bookkeeping. */
  protected async failed(_job: Job, _error: Error): Promise<void> {}

  async onApplicationBootstrap(): Promise<void> {
    const name = this.queue.name;
    this.worker = new Worker(name, (job) => this.run(job), workerOptions(this.config, this.settings.options));
    this.worker.on('failed', (job, error) => {
      if (job) void this.failed(job, error);
    });
    const errors = new RedisErrorLog(this.logger, `${name} worker`);
    this.worker.on('error', (error) => errors.error(error));
    this.worker.getBackend().on('ready', () => errors.ready());
    await this.start();
    const sweeps = this.settings.sweeps ?? [];
    this.stopSweeps = sweeps.map((sweep) => sweepEvery(this.queue, sweep.job, sweep.everyMs));
    for (const sweep of sweeps.filter((candidate) => candidate.atStart)) {
      await this.queue.add(sweep.job, {}, { deduplication: { id: sweep.job, keepLastIfActive: true } });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const stop of this.stopSweeps) stop();
    if (this.worker) await closeWorker(this.worker);
  }

  private async run(job: Job): Promise<unknown> {
    if (!this.settings.logEachJob) return this.handle(job);
    const started = Date.now();
    const outcome = await this.handle(job);
    this.logger.info(
      { jobId: job.id, job: job.name, ms: Date.now() - started, outcome },
      `${this.queue.name} job done`,
    );
    return outcome;
  }
}
