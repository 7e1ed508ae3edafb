import type { Queue } from 'bullmq';

/**
 * Adds a deduplicated `name` job every `everyMs` from this process's own timer. The worker's safety
 * nets run on timers rather than BullMQ job schedulers because they must survive what they repair:
 * a Redis that lost its data (schedulers included) while it was away. While Redis is down the add
 * fails and is tried again next time. Returns the function that stops it.
 */
export function sweepEvery(queue: Queue, name: string, everyMs: number): () => void {
  const timer = setInterval(() => {
    queue.add(name, {}, { deduplication: { id: name, keepLastIfActive: true } }).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
