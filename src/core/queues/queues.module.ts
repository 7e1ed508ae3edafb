import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { DefaultJobOptions, RedisOptions } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { redisOptionsFromUrl } from '../redis/redis-options.js';
import { ClosingFlowProducer, ClosingQueue } from './closing.js';
import { QueueErrors } from './queue-errors.js';
import { WorkerSignals } from './worker-signals.js';
import { FLOW_PRODUCER, QUEUE_NAMES } from './queue-names.js';

const DAY = 24 * 60 * 60;

/** Retries with exponential backoff; finished jobs kept a week (failed a month), bounded in count too. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * DAY, count: 10_000 },
  removeOnFail: { age: 30 * DAY, count: 50_000 },
};

export type QueueRole = 'producer' | 'worker';

// Queues and the flow producer that close while Redis is away (see closing.ts).
BullModule.queueClass = ClosingQueue;
BullModule.flowProducerClass = ClosingFlowProducer;

/**
 * The BullMQ connection and every queue. The api is a `producer`: its commands fail at once while
 * Redis is away (so it can answer 503) instead of queueing in memory. The worker keeps retrying
 * (`maxRetriesPerRequest: null`, as BullMQ requires for blocking worker connections).
 */
@Module({})
export class QueuesModule {
  static forRoot(role: QueueRole): DynamicModule {
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const connection: RedisOptions = {
              ...redisOptionsFromUrl(config.REDIS_URL),
              connectionName: `fairshift-${role}`,
              enableOfflineQueue: role !== 'producer',
              maxRetriesPerRequest: role === 'producer' ? 1 : null,
            };
            return { prefix: config.QUEUE_PREFIX, connection, defaultJobOptions: DEFAULT_JOB_OPTIONS };
          },
        }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
        BullModule.registerFlowProducer({ name: FLOW_PRODUCER }),
      ],
      providers: [WorkerSignals, QueueErrors],
      exports: [BullModule, WorkerSignals],
    };
  }
}
