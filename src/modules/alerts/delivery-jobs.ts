import type { AppConfig } from '../../core/config/app-config.js';
import { ALERT_JOBS } from '../../core/queues/queue-names.js';
import type { WebhookDelivery } from './webhook.entity.js';

export interface DeliverJobData {
  deliveryId: string;
}

/**
 * The job that sends one delivery: its id is the delivery's (and its redeliver round), so a sweep
 * that re-sends it while it still waits adds nothing. Retries back off exponentially with jitter.
 */
export function deliverJob(delivery: Pick<WebhookDelivery, 'id' | 'round'>, config: AppConfig) {
  return {
    name: ALERT_JOBS.deliver,
    data: { deliveryId: delivery.id } satisfies DeliverJobData,
    opts: {
      jobId: `delivery-${delivery.id}-${delivery.round}`,
      attempts: config.WEBHOOK_MAX_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.WEBHOOK_RETRY_BASE_MS, jitter: 0.5 },
      removeOnComplete: { age: 7 * 86_400, count: 10_000 },
      removeOnFail: { age: 30 * 86_400, count: 50_000 },
    },
  };
}
