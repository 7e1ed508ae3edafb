import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { ALERT_JOBS, QUEUES } from '../../core/queues/queue-names.js';
import { QueueWorker } from '../../core/queues/queue-worker.js';
import { addDays } from '../time-bands/index.js';
import { isPrivateHost } from './private-addresses.js';
import { type DeliverJobData, deliverJob } from './delivery-jobs.js';
import { decryptSecret, secretKey, signature } from './secret-box.js';
import { LONDON, londonDate } from '../time-bands/index.js';

const digestId = (trustId: string) => `digest-${trustId}`;

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  url: string;
  secretEncrypted: string;
  active: boolean;
  eventId: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * The alerts queue's worker: fans outbox events out to webhook deliveries, sends them signed
 * (retrying with backoff), builds the daily digests, and sweeps up what a lost signal or a crash
 * left behind. Delivery is at least once: a receiver may see an event twice, always with its id.
 */
@Injectable()
export class AlertsWorker extends QueueWorker {
  private schedulesSyncedAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.alerts) queue: Queue,
    config: AppConfig,
    logger: PinoLogger,
  ) {
    super(queue, config, logger, {
      options: { concurrency: Math.max(8, config.WORKER_CONCURRENCY * 4) },
      // The safety net behind the signals; its first pass sends anything recorded while no worker ran.
      sweeps: [{ job: ALERT_JOBS.sweep, everyMs: config.ALERTS_SWEEP_MS, atStart: true }],
    });
    this.logger.setContext(AlertsWorker.name);
  }

  protected override async start(): Promise<void> {
    await this.syncDigestSchedules();
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case ALERT_JOBS.dispatch:
        return { deliveries: await this.dispatch() };
      case ALERT_JOBS.deliver:
        return this.deliver(job as Job<DeliverJobData>);
      case ALERT_JOBS.digest:
        // The day before the one it was scheduled on, in London (not 24 hours before now).
        return this.digest((job.data as { trustId: string }).trustId, {
          date: addDays(londonDate(new Date(job.timestamp)), -1),
        });
      case ALERT_JOBS.sweep:
        return this.sweep();
      case ALERT_JOBS.syncSchedules:
        return this.syncDigestSchedules();
      default:
        throw new UnrecoverableError(`unknown alerts job ${job.name}`);
    }
  }

  /**
   * Undispatched events become one delivery row per matching active subscription (the system's,
   * or the event's trust's, wanting that event type), in one transaction; then their jobs go out.
   */
  async dispatch(): Promise<number> {
    let total = 0;
    for (;;) {
      const deliveries = await this.dataSource.transaction(async (manager) => {
        const events = (await manager.query(
          `SELECT id FROM alert_events WHERE dispatched_at IS NULL ORDER BY occurred_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
        )) as { id: string }[];
        if (events.length === 0) return null;
        const ids = events.map((event) => event.id);
        const created = (await manager.query(
          `INSERT INTO webhook_deliveries (event_id, subscription_id)
           SELECT e.id, s.id FROM alert_events e
             JOIN webhook_subscriptions s
               ON s.active AND e.type = ANY(s.events)
              AND (s.system_id = e.system_id OR (s.trust_id IS NOT NULL AND s.trust_id = e.trust_id))
            WHERE e.id = ANY($1::uuid[])
           ON CONFLICT (event_id, subscription_id) DO NOTHING
           RETURNING id, round`,
          [ids],
        )) as { id: string; round: number }[];
        await manager.query(`UPDATE alert_events SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
        return created;
      });
      if (deliveries === null) return total;
      total += deliveries.length;
      if (deliveries.length > 0) await this.queue.addBulk(deliveries.map((row) => deliverJob(row, this.config)));
    }
  }

  /** One attempt: POST the event, signed; 2xx delivers it, anything else is retried until the last attempt. */
  private async deliver(job: Job<DeliverJobData>): Promise<unknown> {
    const [row] = (await this.dataSource.query(
      `SELECT d.id, d.status, d.attempts, s.url, s.secret_encrypted AS "secretEncrypted", s.active,
              e.id AS "eventId", e.type, e.occurred_at AS "occurredAt", e.data
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN alert_events e ON e.id = d.event_id
        WHERE d.id = $1`,
      [job.data.deliveryId],
    )) as DeliveryRow[];
    if (!row || row.status !== 'pending') return { skipped: row?.status ?? 'gone' };
    if (!row.active) {
      await this.record(row.id, 'failed', null, 'the subscription was deactivated');
      return { skipped: 'inactive' };
    }
    // The contract's body (the OpenAPI document): {id, event, occurredAt, data}.
    const body = JSON.stringify({ id: row.eventId, event: row.type, occurredAt: row.occurredAt, data: row.data });
    let status: number | null = null;
    let error: string;
    try {
      if (this.config.NODE_ENV === 'production' && (await isPrivateHost(new URL(row.url).hostname))) {
        throw new Error('the webhook host is a private address');
      }
      const secret = decryptSecret(row.secretEncrypted, secretKey(this.config.ALERTS_SECRET_KEY));
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Fairshift-Webhooks/1',
          'Fairshift-Event-Id': row.eventId,
          'Fairshift-Event-Type': row.type,
          'Fairshift-Signature': signature(secret, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) {
        await this.record(row.id, 'delivered', status, null);
        return { delivered: status };
      }
      error = `the receiver answered ${status}`;
    } catch (failure) {
      error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    }
    // The row counts attempts across jobs too (a job re-added after Redis lost it starts at 0).
    const last = Math.max(row.attempts, job.attemptsMade) + 1 >= (job.opts.attempts ?? 1);
    await this.record(row.id, last ? 'failed' : 'pending', status, error);
    if (last) return { failed: error };
    throw new Error(error);
  }

  private async record(id: string, status: string, code: number | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + 1, last_status_code = $3, last_error = $4, last_attempt_at = now(),
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() END
        WHERE id = $1`,
      [id, status, code, error?.slice(0, 1000) ?? null],
    );
  }

  /**
   * A trust's digest of one local day (by default yesterday): new breaches by rule and severity,
   * the amount over the national cap, bookings waiting for sign-off now, and the five wards with the
   * most agency spend that day. Recorded once per trust and day.
   */
  async digest(trustId: string, options: { date?: string } = {}): Promise<unknown> {
    const date = options.date ?? addDays(londonDate(new Date()), -1);
    const [trust] = (await this.dataSource.query(`SELECT id, system_id AS "systemId", name FROM trusts WHERE id = $1`, [
      trustId,
    ])) as { id: string; systemId: string; name: string }[];
    if (!trust) return { skipped: 'no such trust' };
    const [summary] = (await this.dataSource.query(
      `WITH day AS (SELECT ($2::date::timestamp AT TIME ZONE '${LONDON}') AS starts,
                           (($2::date + 1)::timestamp AT TIME ZONE '${LONDON}') AS ends)
       SELECT
         (SELECT coalesce(jsonb_agg(jsonb_build_object('rule', rule, 'severity', severity, 'count', n) ORDER BY rule, severity), '[]')
            FROM (SELECT rule, severity, count(*)::int AS n FROM breaches, day
                   WHERE trust_id = $1 AND opened_at >= day.starts AND opened_at < day.ends
                   GROUP BY rule, severity) b) AS "newBreaches",
         (SELECT coalesce(sum(amount_pence), 0)::bigint FROM breaches, day
           WHERE trust_id = $1 AND rule = 'AGENCY_OVER_NATIONAL_CAP'
             AND opened_at >= day.starts AND opened_at < day.ends) AS "amountOverCapPence",
         (SELECT count(*)::int FROM bookings b JOIN shifts s ON s.id = b.shift_id
           WHERE s.trust_id = $1 AND b.status = 'pending_approval') AS "awaitingSignoff",
         (SELECT coalesce(jsonb_agg(w ORDER BY w."agencySpendPence" DESC, w."wardId"), '[]') FROM (
            SELECT s.ward_id AS "wardId", wd.name AS "wardName",
                   sum(coalesce(t.amount_pence, b.cost_pence))::bigint AS "agencySpendPence"
              FROM shifts s JOIN bookings b ON b.shift_id = s.id AND b.status IN ('pending_approval', 'confirmed')
              JOIN wards wd ON wd.id = s.ward_id
              LEFT JOIN timesheets t ON t.shift_id = s.id AND t.booking_id = b.id
             WHERE s.trust_id = $1 AND s.local_start_date = $2::date AND b.type = 'agency'
             GROUP BY s.ward_id, wd.name ORDER BY 3 DESC, 1 LIMIT 5) w) AS "topAgencyWards"`,
      [trustId, date],
    )) as Record<string, unknown>[];
    const recorded = await this.dataSource.transaction((manager) =>
      recordEvent(manager, {
        type: 'digest.daily',
        systemId: trust.systemId,
        trustId,
        subjectId: trustId,
        data: {
          trustId,
          trustName: trust.name,
          date,
          ...summary,
          amountOverCapPence: Number(summary!.amountOverCapPence),
        },
        dedupeKey: `digest.daily:${trustId}:${date}`,
      }),
    );
    if (recorded) await this.dispatch();
    return { date, recorded };
  }

  /** One digest scheduler per trust, at DIGEST_CRON in Europe/London; none for trusts gone. */
  async syncDigestSchedules(): Promise<{ trusts: number }> {
    const trusts = (await this.dataSource.query(`SELECT id FROM trusts`)) as { id: string }[];
    for (const trust of trusts) {
      await this.queue.upsertJobScheduler(
        digestId(trust.id),
        { pattern: this.config.DIGEST_CRON, tz: LONDON },
        { name: ALERT_JOBS.digest, data: { trustId: trust.id } },
      );
    }
    const wanted = new Set(trusts.map((trust) => digestId(trust.id)));
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (scheduler.key.startsWith('digest-') && !wanted.has(scheduler.key)) {
        await this.queue.removeJobScheduler(scheduler.key);
      }
    }
    this.schedulesSyncedAt = Date.now();
    return { trusts: trusts.length };
  }

  /** Events never dispatched, and pending deliveries whose job Redis lost: sent again. */
  private async sweep(): Promise<unknown> {
    const dispatched = await this.dispatch();
    const stranded = (await this.dataSource.query(
      `SELECT id, round FROM webhook_deliveries
        WHERE status = 'pending' AND coalesce(last_attempt_at, created_at) < now() - interval '1 minute'
        ORDER BY coalesce(last_attempt_at, created_at) LIMIT 1000`,
    )) as { id: string; round: number }[];
    // Same job ids: a delivery whose job still waits for its next attempt is not added twice; one
    // whose job ended without recording (its worker died) gets a fresh job.
    for (const row of stranded) {
      const job = deliverJob(row, this.config);
      const existing = await this.queue.getJob(job.opts.jobId);
      const state = existing ? await existing.getState() : 'gone';
      if (state === 'failed' || state === 'completed') await existing!.remove();
      if (['failed', 'completed', 'gone', 'unknown'].includes(state))
        await this.queue.add(job.name, job.data, job.opts);
    }
    // The schedules follow the trusts through signals; this catches a lost one, every ten minutes.
    if (Date.now() - this.schedulesSyncedAt > 600_000) await this.syncDigestSchedules();
    return { dispatched, resent: stranded.length };
  }
}
