import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { COMPLIANCE_JOBS, QUEUES } from './queue-names.js';

/**
 * How the modules below compliance tell it that something changed, without depending on it: a job
 * on the compliance queue, sent after their transaction commits. PostgreSQL stays the truth: a
 * signal lost while Redis is away is repaired by the worker's sweeps (marked shifts every minute,
 * schedules every ten minutes, and the nightly run), so a failed send is logged, never thrown.
 */
@Injectable()
export class ComplianceSignals {
  constructor(
    @InjectQueue(QUEUES.compliance) private readonly queue: Queue,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ComplianceSignals.name);
  }

  /**
   * Shifts were marked for re-check (`shifts.recheck_requested_at`): check them shortly. One job
   * serves every change in the delay; a change during a check gets one follow-up job.
   */
  async recheckSoon(): Promise<void> {
    await this.send(
      COMPLIANCE_JOBS.recheck,
      {},
      {
        delay: this.config.RECHECK_DELAY_MS,
        deduplication: { id: COMPLIANCE_JOBS.recheck, keepLastIfActive: true },
      },
    );
  }

  /** A system was created or its settings changed: bring the nightly schedulers in line. */
  async schedulesChanged(): Promise<void> {
    await this.send(
      COMPLIANCE_JOBS.syncSchedules,
      {},
      {
        deduplication: { id: COMPLIANCE_JOBS.syncSchedules, keepLastIfActive: true },
      },
    );
  }

  /** A rate card was published: re-check the bookings it governs. */
  async cardPublished(cardId: string): Promise<void> {
    await this.send(COMPLIANCE_JOBS.cardPublished, { cardId }, { jobId: `card-${cardId}` });
  }

  private async send(name: string, data: object, options: Parameters<Queue['add']>[2]): Promise<void> {
    try {
      await this.queue.add(name, data, options);
    } catch (error) {
      this.logger.warn({ err: error, job: name }, 'could not signal the compliance worker; its sweep will catch up');
    }
  }
}
