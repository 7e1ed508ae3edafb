import type { WorkerOptions } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { redisOptionsFromUrl } from '../redis/redis-options.js';

/**
 * A BullMQ worker's options from the validated configuration: its own Redis connection (workers
 * block, so no per-request retry limit), the deployment's prefix, WORKER_CONCURRENCY jobs at once,
 * and the lock and stall settings that decide how soon a crashed worker's jobs return.
 */
export function workerOptions(config: AppConfig, overrides: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    connection: { ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: null },
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.JOB_LOCK_MS,
    stalledInterval: config.JOB_STALLED_CHECK_MS,
    ...overrides,
  };
}
