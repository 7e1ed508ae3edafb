import { getFlowProducerToken, getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FlowProducer, Queue } from 'bullmq';
import { PinoLogger } from '../logging/pino-logger.js';
import { FLOW_PRODUCER, QUEUE_NAMES } from './queue-names.js';

/**
 * Logs the connection errors of every queue and the flow producer (Redis away) through the app's
 * logger. Without a listener BullMQ writes each one to the console with its stack trace.
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
      queue.on('error', (error) => this.logger.warn({ err: error, queue: name }, 'queue connection error'));
    }
    const flows = this.moduleRef.get<FlowProducer>(getFlowProducerToken(FLOW_PRODUCER), { strict: false });
    flows.on('error', (error) => this.logger.warn({ err: error }, 'flow producer connection error'));
  }
}
