import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config.js';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import { QUEUES, RELEASE_JOBS } from '../../core/queues/queue-names.js';
import { QueueWorker } from '../../core/queues/queue-worker.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { announceReleases, recomputeReleases } from './release-sweep.js';

/**
 * The releases queue's worker (docs/rules.md section 10a): announces each stage's release when it
 * comes, from a sweep of the database every RELEASE_SWEEP_MS (its own timer, so a Redis restarted
 * empty loses nothing), and recomputes the instants of systems whose cascade changed.
 */
@Injectable()
export class ShiftsWorker extends QueueWorker {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.releases) queue: Queue,
    config: AppConfig,
    private readonly signals: WorkerSignals,
    logger: PinoLogger,
  ) {
    super(queue, config, logger, {
      sweeps: [
        { job: RELEASE_JOBS.recompute, everyMs: 60_000, atStart: true },
        { job: RELEASE_JOBS.announce, everyMs: config.RELEASE_SWEEP_MS, atStart: true },
      ],
    });
    this.logger.setContext(ShiftsWorker.name);
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case RELEASE_JOBS.announce: {
        const shifts = await announceReleases(this.dataSource);
        // The shift.released events are in the outbox.
        if (shifts > 0) await this.signals.dispatchAlerts();
        return { shifts };
      }
      case RELEASE_JOBS.recompute: {
        const shifts = await recomputeReleases(this.dataSource);
        if (shifts > 0) await announceReleases(this.dataSource);
        return { shifts };
      }
      default:
        throw new Error(`unknown releases job ${job.name}`);
    }
  }
}
