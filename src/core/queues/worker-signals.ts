import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from '../logging/pino-logger.js';
import { AppConfig } from '../config/app-config.js';
import { ALERT_JOBS, COMPLIANCE_JOBS, QUEUES, RELEASE_JOBS, SUGGESTION_JOBS } from './queue-names.js';

/**
 * How modules tell the worker that something changed without depending on the module that acts
 * on it: a job, sent after their transaction commits. PostgreSQL stays the truth: a signal lost
 * while Redis is away is repaired by the worker's sweeps (marked shifts, undelivered alerts,
 * schedules, the nightly run), so a failed send is logged, never thrown.
 */
@Injectable()
export class WorkerSignals {
  constructor(
    @InjectQueue(QUEUES.compliance) private readonly compliance: Queue,
    @InjectQueue(QUEUES.alerts) private readonly alerts: Queue,
    @InjectQueue(QUEUES.releases) private readonly releases: Queue,
    @InjectQueue(QUEUES.suggestions) private readonly suggestions: Queue,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(WorkerSignals.name);
  }

  /**
   * Shifts were marked for re-check (`shifts.recheck_requested_at`): check them shortly. One job
   * serves every change in the delay; a change during a check gets one follow-up job.
   */
  async recheckSoon(): Promise<void> {
    await this.send(this.compliance, COMPLIANCE_JOBS.recheck, {
      delay: this.config.RECHECK_DELAY_MS,
      deduplication: { id: COMPLIANCE_JOBS.recheck, keepLastIfActive: true },
    });
  }

  /** A system or trust was created, or a system's settings changed: bring the schedulers in line. */
  async schedulesChanged(): Promise<void> {
    await this.send(this.compliance, COMPLIANCE_JOBS.syncSchedules, {
      deduplication: { id: COMPLIANCE_JOBS.syncSchedules, keepLastIfActive: true },
    });
    await this.send(this.alerts, ALERT_JOBS.syncSchedules, {
      deduplication: { id: ALERT_JOBS.syncSchedules, keepLastIfActive: true },
    });
  }

  /** A rate card was published: re-check the bookings it governs. */
  async cardPublished(cardId: string): Promise<void> {
    await this.send(this.compliance, COMPLIANCE_JOBS.cardPublished, { jobId: `card-${cardId}` }, { cardId });
  }

  /**
   * A system's release cascade changed (its systems row is marked): recompute its shifts' release
   * instants now rather than at the next sweep.
   */
  async releasesChanged(): Promise<void> {
    await this.send(this.releases, RELEASE_JOBS.recompute, {
      deduplication: { id: RELEASE_JOBS.recompute, keepLastIfActive: true },
    });
  }

  /** Shifts were posted or changed: look for fill suggestions shortly (one sweep serves a burst). */
  async suggestionsSoon(): Promise<void> {
    await this.send(this.suggestions, SUGGESTION_JOBS.sweep, {
      delay: 2_000,
      deduplication: { id: SUGGESTION_JOBS.sweep, keepLastIfActive: true },
    });
  }

  /** Alert events were recorded (the outbox): fan them out to webhook deliveries now. */
  async dispatchAlerts(): Promise<void> {
    await this.send(this.alerts, ALERT_JOBS.dispatch, {
      deduplication: { id: ALERT_JOBS.dispatch, keepLastIfActive: true },
    });
  }

  private async send(queue: Queue, name: string, options: Parameters<Queue['add']>[2], data: object = {}) {
    try {
      await queue.add(name, data, options);
    } catch (error) {
      this.logger.warn({ err: error, job: name }, 'could not signal the worker; its sweep will catch up');
    }
  }
}
