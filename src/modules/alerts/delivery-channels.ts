import type { AppConfig } from '../../core/config/app-config.js';
import { ALERT_JOBS } from '../../core/queues/queue-names.js';

/**
 * The ways an alert event leaves Fairshift. Each has its subscriptions and its deliveries (one per
 * event and subscription), and a job that sends one delivery; the dispatch, the retries and the
 * sweep are the same for all of them.
 */
export interface DeliveryChannel {
  name: 'webhook' | 'email';
  subscriptions: 'webhook_subscriptions' | 'email_subscriptions';
  deliveries: 'webhook_deliveries' | 'email_deliveries';
  job: string;
  jobIdPrefix: string;
  attempts: (config: AppConfig) => number;
  retryBaseMs: (config: AppConfig) => number;
  /** Whether an agency may subscribe on this channel (its subscriptions have `agency_id`). */
  agencies: boolean;
}

export const WEBHOOK_CHANNEL: DeliveryChannel = {
  name: 'webhook',
  subscriptions: 'webhook_subscriptions',
  deliveries: 'webhook_deliveries',
  job: ALERT_JOBS.deliver,
  jobIdPrefix: 'delivery',
  attempts: (config) => config.WEBHOOK_MAX_ATTEMPTS,
  retryBaseMs: (config) => config.WEBHOOK_RETRY_BASE_MS,
  agencies: true,
};

export const EMAIL_CHANNEL: DeliveryChannel = {
  name: 'email',
  subscriptions: 'email_subscriptions',
  deliveries: 'email_deliveries',
  job: ALERT_JOBS.deliverEmail,
  jobIdPrefix: 'email-delivery',
  attempts: (config) => config.EMAIL_MAX_ATTEMPTS,
  retryBaseMs: (config) => config.EMAIL_RETRY_BASE_MS,
  agencies: false,
};

export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = [WEBHOOK_CHANNEL, EMAIL_CHANNEL];

/**
 * Who hears an event, the one rule for every channel: an active subscription that wants its type,
 * of the event's system, or of its trust, or (an agency's own, where the channel has them) of the
 * agency the event is for.
 */
export const subscribedSql = (event: string, subscription: string, agencies: boolean): string =>
  `${subscription}.active AND ${event}.type = ANY(${subscription}.events)
   AND (${subscription}.system_id = ${event}.system_id
        OR (${subscription}.trust_id IS NOT NULL AND ${subscription}.trust_id = ${event}.trust_id)${
          agencies
            ? `
        OR (${subscription}.agency_id IS NOT NULL AND ${subscription}.agency_id = ${event}.agency_id)`
            : ''
        })`;

/**
 * Whom an event is addressed to by e-mail, beside its subscribers: an event whose data names
 * `approverLevels` (an overdue sign-off) goes to every active approver of those levels whose scope
 * covers its trust; a `shift.offered` goes to the bank worker it is offered to, where they sign in.
 */
export const addressedSql = (event: string, person: string): string =>
  `${person}.active AND (
     (${person}.role = 'approver'
      AND ${person}.approval_level IN (SELECT jsonb_array_elements_text(${event}.data->'approverLevels'))
      AND (${person}.system_id = ${event}.system_id OR ${event}.trust_id = ANY(${person}.trust_ids)))
     OR (${event}.type = 'shift.offered' AND ${person}.role = 'bank_worker'
         AND ${person}.bank_worker_id::text = ${event}.data->>'bankWorkerId'))`;

/** The events some person is addressed by (addressedSql), for the fan-out to look at no others. */
const ADDRESSED_EVENTS_SQL = `(e.data ? 'approverLevels' OR e.type = 'shift.offered')`;

/**
 * One statement that gives the events of $1 (uuid[]) a delivery on every channel whose
 * subscriptions hear them, and an e-mail to each person they are addressed to; rows already there
 * are kept (the unique keys per event and subscription or person). Returns the new deliveries with
 * their channel.
 */
export const FAN_OUT_SQL = `WITH ${DELIVERY_CHANNELS.map(
  (channel) => `${channel.name} AS (
  INSERT INTO ${channel.deliveries} (event_id, subscription_id)
  SELECT e.id, s.id FROM alert_events e JOIN ${channel.subscriptions} s ON ${subscribedSql('e', 's', channel.agencies)}
   WHERE e.id = ANY($1::uuid[])
  ON CONFLICT (event_id, subscription_id) DO NOTHING
  RETURNING id, round)`,
).join(',\n')},
people AS (
  INSERT INTO ${EMAIL_CHANNEL.deliveries} (event_id, user_id)
  SELECT e.id, u.id FROM alert_events e JOIN users u ON ${addressedSql('e', 'u')}
   WHERE e.id = ANY($1::uuid[]) AND ${ADDRESSED_EVENTS_SQL}
  ON CONFLICT (event_id, user_id) DO NOTHING
  RETURNING id, round)
${DELIVERY_CHANNELS.map((channel) => `SELECT '${channel.name}' AS channel, id, round FROM ${channel.name}`).join('\nUNION ALL\n')}
UNION ALL SELECT '${EMAIL_CHANNEL.name}' AS channel, id, round FROM people`;

export interface DeliverJobData {
  deliveryId: string;
}

/**
 * The job that sends one delivery: its id is the delivery's (and its resend round), so a sweep that
 * re-sends it while it still waits adds nothing. Retries back off exponentially with jitter.
 */
export function deliveryJob(channel: DeliveryChannel, delivery: { id: string; round: number }, config: AppConfig) {
  return {
    name: channel.job,
    data: { deliveryId: delivery.id } satisfies DeliverJobData,
    opts: {
      jobId: `${channel.jobIdPrefix}-${delivery.id}-${delivery.round}`,
      attempts: channel.attempts(config),
      backoff: { type: 'exponential', delay: channel.retryBaseMs(config), jitter: 0.5 },
      removeOnComplete: { age: 7 * 86_400, count: 10_000 },
      removeOnFail: { age: 30 * 86_400, count: 50_000 },
    },
  };
}

/**
 * What one attempt came to. `skip`: nothing to do (delivered already, or gone); `refuse`: it can
 * never go (the subscription was removed); `sent`; `error`: retried until the last attempt, unless
 * `permanent` (a mail server's 5xx refusal).
 */
export type AttemptOutcome =
  | { kind: 'skip'; reason: string }
  | { kind: 'refuse'; error: string }
  | { kind: 'sent'; code: number | null; messageId?: string | null }
  | { kind: 'error'; code: number | null; error: string; permanent?: boolean };
