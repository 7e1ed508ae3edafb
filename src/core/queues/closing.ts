import { FlowProducer, Queue, type RedisConnection, type Worker } from 'bullmq';

/**
 * Whether every Redis connection of a queue, flow producer or worker is connected now. One that
 * never connected counts as connected: BullMQ's close already drops such a connection itself.
 */
export async function connectedToRedis(owner: Queue | FlowProducer | Worker): Promise<boolean> {
  const backend = owner.getBackend();
  const opened = [backend.connection, backend.blockingConnection].filter(
    (connection): connection is RedisConnection => connection?.status === 'ready',
  );
  for (const connection of opened) if ((await connection.client).status !== 'ready') return false;
  return true;
}

/**
 * BullMQ's close ends each connection with QUIT. While Redis is away, a connection without an
 * offline queue (the api's) refuses it at once: close throws and leaves the connection
 * reconnecting for ever, so the process cannot exit; one with an offline queue (the worker's)
 * holds it until Redis is back. So while Redis is away the connections are dropped instead.
 */
async function closeFast(owner: Queue | FlowProducer, close: () => Promise<void>): Promise<void> {
  if (!(await connectedToRedis(owner))) await owner.getBackend().close(true);
  await close();
}

/** The queue Nest creates for each registered name (BullModule.queueClass). */
export class ClosingQueue extends Queue {
  override close(): Promise<void> {
    return closeFast(this, () => super.close());
  }
}

/** The flow producer Nest creates (BullModule.flowProducerClass). */
export class ClosingFlowProducer extends FlowProducer {
  override close(): Promise<void> {
    return closeFast(this, () => super.close());
  }
}

/**
 * Closes a worker: waits for the jobs in hand while Redis is there, and while it is away closes at
 * once, since nothing a job did could be recorded anyway (its lock runs out and, once Redis is
 * back, the job runs again). A Redis lost during the wait is left to the shutdown grace period.
 */
export async function closeWorker(worker: Worker): Promise<void> {
  await worker.close(!(await connectedToRedis(worker)));
}
