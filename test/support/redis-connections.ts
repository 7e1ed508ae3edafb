import { expect } from '@jest/globals';
import { getFlowProducerToken, getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { FlowProducer, Queue } from 'bullmq';
import { RedisHealthIndicator } from '../../src/core/health/redis-health.indicator.js';
import { connectedToRedis } from '../../src/core/queues/closing.js';
import { FLOW_PRODUCER, QUEUE_NAMES } from '../../src/core/queues/queue-names.js';
import { eventually } from './eventually.js';

/**
 * Waits until the queues, the flow producer and (in an api) the health check of `app` are
 * connected again after a test brought its Redis back. Closing a connection that is still waiting
 * to reconnect leaves ioredis a 2 s timer for the socket that is gone, which keeps the Jest worker
 * from exiting when it is told to.
 */
export async function reconnected(app: INestApplicationContext): Promise<void> {
  const owners: (Queue | FlowProducer)[] = [
    ...QUEUE_NAMES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false })),
    app.get<FlowProducer>(getFlowProducerToken(FLOW_PRODUCER), { strict: false }),
  ];
  let health: RedisHealthIndicator | undefined;
  try {
    health = app.get(RedisHealthIndicator, { strict: false });
  } catch {
    // A worker has no health check.
  }
  await eventually(async () => {
    expect(await Promise.all(owners.map(connectedToRedis))).toEqual(owners.map(() => true));
    if (health) expect(await health.isHealthy('redis')).toEqual({ redis: { status: 'up' } });
  });
}
