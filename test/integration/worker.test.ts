import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { HttpAdapterHost } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../src/core/queues/queue-names.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

describe('worker process', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('boots without an HTTP listener on the same queues as the api, and closes cleanly', async () => {
    const worker = await startTestWorker(api);
    expect(worker.get(HttpAdapterHost, { strict: false }).httpAdapter ?? null).toBeNull();
    for (const name of QUEUE_NAMES) {
      const queue = worker.get<Queue>(getQueueToken(name), { strict: false });
      expect(queue.opts.prefix).toBe(api.overrides.QUEUE_PREFIX);
      await expect(queue.getJobCounts()).resolves.toEqual(expect.any(Object));
    }
    await worker.close();
  });
});
