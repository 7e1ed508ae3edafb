import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../core/config/app-config.js';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import { QUEUES, SUGGESTION_JOBS } from '../../core/queues/queue-names.js';
import { QueueWorker } from '../../core/queues/queue-worker.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { SuggestionsService } from './suggestions.service.js';

/**
 * The suggestions queue's worker (docs/rules.md section 10b): the sweep that raises and expires
 * fill suggestions, every SUGGESTION_SWEEP_MS from its own timer and when a shift is posted.
 */
@Injectable()
export class FillWorker extends QueueWorker {
  constructor(
    @InjectQueue(QUEUES.suggestions) queue: Queue,
    private readonly suggestions: SuggestionsService,
    config: AppConfig,
    private readonly signals: WorkerSignals,
    logger: PinoLogger,
  ) {
    super(queue, config, logger, {
      sweeps: [{ job: SUGGESTION_JOBS.sweep, everyMs: config.SUGGESTION_SWEEP_MS, atStart: true }],
    });
    this.logger.setContext(FillWorker.name);
  }

  /** A failed sweep is tried again at the next; say why, once per failure. */
  protected override async failed(job: Job, error: Error): Promise<void> {
    this.logger.warn({ err: error, job: job.name }, 'fill-suggestion sweep failed');
  }

  protected async handle(job: Job): Promise<unknown> {
    if (job.name !== SUGGESTION_JOBS.sweep) throw new Error(`unknown suggestions job ${job.name}`);
    const outcome = await this.suggestions.sweep();
    if (outcome.raised + outcome.expired > 0) await this.signals.dispatchAlerts();
    return outcome;
  }
}
