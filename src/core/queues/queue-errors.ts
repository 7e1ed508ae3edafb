import { getFlowProducerToken, getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FlowProducer, Queue } from 'bullmq';
import { PinoLogger } from '../logging/pino-logger.js';
import { RedisErrorLog } from '../redis/redis-error-log.js';
import { FLOW_PRODUCER, QUEUE_NAMES } from './queue-names.js';

/**
 * Logs the connection errors of every queue and the flow producer (Redis away) through the app's
 * logger, once per outage (RedisErrorLog). Without a listener BullMQ writes each one to the
 * console with its stack trace.
 */
@Injectable()
export class QueueErrors implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(QueueErrors.name);
  }

  onModuleInit(): void {
    for (const name of QUEUE_NAMES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const errors = new RedisErrorLog(this.logger, 'queue connection', { queue: name });
      queue.on('error', (error) => errors.error(error));
      queue.getBackend().on('ready', () => errors.ready());
    }
    const flows = this.moduleRef.get<FlowProducer>(getFlowProducerToken(FLOW_PRODUCER), { strict: false });
    const errors = new RedisErrorLog(this.logger, 'flow producer connection');
    flows.on('error', (error) => errors.error(error));
    flows.getBackend().on('ready', () => errors.ready());
  }
}
