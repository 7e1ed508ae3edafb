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
import {
  type AttemptOutcome,
  DELIVERY_CHANNELS,
  type DeliverJobData,
  type DeliveryChannel,
  deliveryJob,
  EMAIL_CHANNEL,
  FAN_OUT_SQL,
  WEBHOOK_CHANNEL,
} from './delivery-channels.js';
import { EmailSender } from './email-sender.js';
import { raiseOverdueApprovals } from './overdue-approvals.js';
import { decryptSecret, secretKey, signature } from './secret-box.js';
import { LONDON, londonDate } from '../time-bands/index.js';
import { chargeJoin, chargeSql } from '../invoices/index.js';

const digestId = (trustId: string) => `digest-${trustId}`;

/** How many of tomorrow's open fill suggestions a digest lists (it counts them all). */
const DIGEST_SUGGESTIONS = 20;

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
 * (retrying with backoff), builds the daily digests, raises overdue sign-offs, and sweeps up what a
 * lost signal or a crash left behind. Delivery is at least once: a receiver may see an event twice, always with its id.
 */
@Injectable()
export class AlertsWorker extends QueueWorker {
  private schedulesSyncedAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.alerts) queue: Queue,
    config: AppConfig,
    logger: PinoLogger,
    private readonly email: EmailSender,
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
        return this.settle(WEBHOOK_CHANNEL, job as Job<DeliverJobData>, (id) => this.sendWebhook(id));
      case ALERT_JOBS.deliverEmail:
        return this.settle(EMAIL_CHANNEL, job as Job<DeliverJobData>, (id) => this.email.send(id));
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
   * Undispatched events become one delivery row per matching active subscription on every channel
   * (the system's, or the event's trust's, wanting that event type), in one transaction; then their
   * jobs go out.
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
        const created = (await manager.query(FAN_OUT_SQL, [ids])) as { channel: string; id: string; round: number }[];
        await manager.query(`UPDATE alert_events SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
        return created;
      });
      if (deliveries === null) return total;
      total += deliveries.length;
      if (deliveries.length > 0) {
        await this.queue.addBulk(
          deliveries.map((row) =>
            deliveryJob(
              DELIVERY_CHANNELS.find((channel) => channel.name === row.channel)!,
              row,
              this.config,
            ),
          ),
        );
      }
    }
  }

  /**
   * One attempt of a delivery on any channel: `send` tries it, and the row records what came of it
   * (attempts are counted on the row too, since a job re-added after Redis lost it starts at 0). A
   * failure short of the last attempt throws, so BullMQ retries it with backoff.
   */
  private async settle(
    channel: DeliveryChannel,
    job: Job<DeliverJobData>,
    send: (id: string) => Promise<AttemptOutcome>,
  ): Promise<unknown> {
    const outcome = await send(job.data.deliveryId);
    if (outcome.kind === 'skip') return { skipped: outcome.reason };
    const status = await this.record(channel, job, outcome);
    if (outcome.kind === 'sent') return { delivered: outcome.code };
    if (status === 'pending') throw new Error(outcome.error);
    return { failed: outcome.error };
  }

  /** Writes an attempt's outcome and decides the delivery's status: delivered, failed, or pending a retry. */
  private async record(channel: DeliveryChannel, job: Job, outcome: Exclude<AttemptOutcome, { kind: 'skip' }>) {
    const sent = outcome.kind === 'sent';
    const final = outcome.kind === 'refuse' || (outcome.kind === 'error' && outcome.permanent === true);
    // An UPDATE answers [rows, count].
    const [rows] = (await this.dataSource.query(
      `UPDATE ${channel.deliveries}
          SET status = CASE WHEN $2 THEN 'delivered'
                            WHEN $3 OR greatest(attempts, $4) + 1 >= $5 THEN 'failed'
                            ELSE 'pending' END,
              attempts = attempts + 1, last_status_code = $6, last_error = $7, last_attempt_at = now(),
              delivered_at = CASE WHEN $2 THEN now() END
              ${channel.name === 'email' ? ', message_id = coalesce($8, message_id)' : ''}
        WHERE id = $1 AND status = 'pending'
        RETURNING status`,
      [
        job.data.deliveryId,
        sent,
        final,
        job.attemptsMade,
        job.opts.attempts ?? 1,
        outcome.kind === 'refuse' ? null : outcome.code,
        outcome.kind === 'sent' ? null : outcome.error.slice(0, 1000),
        ...(channel.name === 'email' ? [outcome.kind === 'sent' ? (outcome.messageId ?? null) : null] : []),
      ],
    )) as [{ status: string }[], number];
    return rows[0]?.status ?? 'gone';
  }

  /** POSTs the event, signed; 2xx delivers it. */
  private async sendWebhook(deliveryId: string): Promise<AttemptOutcome> {
    const [row] = (await this.dataSource.query(
      `SELECT d.id, d.status, d.attempts, s.url, s.secret_encrypted AS "secretEncrypted", s.active,
              e.id AS "eventId", e.type, e.occurred_at AS "occurredAt", e.data
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN alert_events e ON e.id = d.event_id
        WHERE d.id = $1`,
      [deliveryId],
    )) as DeliveryRow[];
    if (!row || row.status !== 'pending') return { kind: 'skip', reason: row?.status ?? 'gone' };
    if (!row.active) return { kind: 'refuse', error: 'the subscription was deactivated' };
    // The contract's body (the OpenAPI document): {id, event, occurredAt, data}.
    const body = JSON.stringify({ id: row.eventId, event: row.type, occurredAt: row.occurredAt, data: row.data });
    let status: number | null = null;
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
      if (response.ok) return { kind: 'sent', code: status };
      return { kind: 'error', code: status, error: `the receiver answered ${status}` };
    } catch (failure) {
      const error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
      return { kind: 'error', code: status, error };
    }
  }

  /**
   * A trust's digest of one local day (by default yesterday): new breaches by rule and severity,
   * the amount over the national cap, bookings waiting for sign-off now, the five wards with the
   * most agency spend that day, and the fill suggestions open now for shifts of tomorrow (the day
   * after the digest is sent: the day's date + 2), soonest first. Recorded once per trust and day.
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
                   sum(${chargeSql('t', 'b')})::bigint AS "agencySpendPence"
              FROM shifts s JOIN bookings b ON b.shift_id = s.id AND b.status IN ('pending_approval', 'confirmed')
              JOIN wards wd ON wd.id = s.ward_id
              LEFT JOIN timesheets t ON t.shift_id = s.id AND t.booking_id = b.id
              ${chargeJoin('b')}
             WHERE s.trust_id = $1 AND s.local_start_date = $2::date AND b.type = 'agency'
             GROUP BY s.ward_id, wd.name ORDER BY 3 DESC, 1 LIMIT 5) w) AS "topAgencyWards",
         (SELECT count(*)::int FROM fill_suggestions f JOIN shifts s ON s.id = f.shift_id
           WHERE f.trust_id = $1 AND f.status = 'open' AND s.local_start_date = $2::date + 2) AS "tomorrowSuggestionCount",
         (SELECT coalesce(jsonb_agg(x ORDER BY x."startsAt", x."suggestionId"), '[]') FROM (
            SELECT f.id AS "suggestionId", f.shift_id AS "shiftId", f.kind, wd.name AS "wardName",
                   s.starts_at AS "startsAt", f.saving_pence AS "savingPence",
                   f.candidates->0->>'displayName' AS "bestCandidate"
              FROM fill_suggestions f JOIN shifts s ON s.id = f.shift_id JOIN wards wd ON wd.id = s.ward_id
             WHERE f.trust_id = $1 AND f.status = 'open' AND s.local_start_date = $2::date + 2
             ORDER BY s.starts_at, f.id LIMIT ${DIGEST_SUGGESTIONS}) x) AS "tomorrowSuggestions"`,
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

  /** Events never dispatched, and pending deliveries (of every channel) whose job Redis lost: sent again. */
  private async sweep(): Promise<unknown> {
    // Sign-offs still waiting as their shift comes near become events the dispatch sends at once.
    const overdue = await raiseOverdueApprovals(this.dataSource);
    const dispatched = await this.dispatch();
    let resent = 0;
    for (const channel of DELIVERY_CHANNELS) {
      const stranded = (await this.dataSource.query(
        `SELECT id, round FROM ${channel.deliveries}
          WHERE status = 'pending' AND coalesce(last_attempt_at, created_at) < now() - interval '1 minute'
          ORDER BY coalesce(last_attempt_at, created_at) LIMIT 1000`,
      )) as { id: string; round: number }[];
      // Same job ids: a delivery whose job still waits for its next attempt is not added twice; one
      // whose job ended without recording (its worker died) gets a fresh job.
      for (const row of stranded) {
        const job = deliveryJob(channel, row, this.config);
        const existing = await this.queue.getJob(job.opts.jobId);
        const state = existing ? await existing.getState() : 'gone';
        if (state === 'failed' || state === 'completed') await existing!.remove();
        if (['failed', 'completed', 'gone', 'unknown'].includes(state))
          await this.queue.add(job.name, job.data, job.opts);
      }
      resent += stranded.length;
    }
    // The schedules follow the trusts through signals; this catches a lost one, every ten minutes.
    if (Date.now() - this.schedulesSyncedAt > 600_000) await this.syncDigestSchedules();
    return { overdue, dispatched, resent };
  }
}
