/**
 * Every BullMQ queue and job name, in one place. Queue names carry no prefix: the prefix
 * (QUEUE_PREFIX) separates deployments and test files.
 */
export const QUEUES = {
  compliance: 'compliance',
  alerts: 'alerts',
  imports: 'imports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUES);
