import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { QUEUE_NAMES } from '../queues/queue-names.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

/** A registry per application (so tests can run several apps in one process), scraped at /metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(moduleRef: ModuleRef) {
    collectDefaultMetrics({ register: this.registry, prefix: 'fairshift_' });
    this.httpDuration = new Histogram({
      name: 'fairshift_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const queues = QUEUE_NAMES.map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    const redisUp = new Gauge({
      name: 'fairshift_queue_redis_up',
      help: '1 when the queue counts could be read',
      registers: [this.registry],
    });
    new Gauge({
      name: 'fairshift_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        try {
          const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...JOB_STATES)));
          counts.forEach((byState, index) => {
            for (const state of JOB_STATES) this.set({ queue: queues[index]!.name, state }, byState[state] ?? 0);
          });
          redisUp.set(1);
        } catch {
          redisUp.set(0);
        }
      },
    });
  }

  /** Express middleware: times every request, labelled by the matched route template. */
  middleware() {
    return (request: Request, response: Response, next: NextFunction): void => {
      const end = this.httpDuration.startTimer();
      response.on('finish', () => {
        const route = request.route
          ? `${request.baseUrl}${String((request.route as { path: string }).path)}`
          : 'unmatched';
        end({ method: request.method, route, status: String(response.statusCode) });
      });
      next();
    };
  }
}
