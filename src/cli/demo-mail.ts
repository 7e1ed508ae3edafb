import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { AppConfig } from '../core/config/app-config.js';
import { ALERT_JOBS, QUEUES } from '../core/queues/queue-names.js';
import { redisOptionsFromUrl } from '../core/redis/redis-options.js';
import { MailCatcher } from './mail-catcher.js';

/** The events the demo's rota manager hears by e-mail. */
const DEMO_EVENTS = ['digest.daily', 'booking.pending_approval', 'breach.opened'];

/**
 * The demo's mail: a local SMTP server (DEMO_SMTP_PORT, by default PORT + 2) that writes every
 * message it receives into DEMO_MAIL_DIR as `.eml` and `.html`, with an `index.html` to open in a
 * browser; the folder is emptied on every start. Sets SMTP_URL for the api and worker, unless an
 * SMTP server is configured already (then returns null and the mail goes there).
 */
export async function startDemoMailbox(config: AppConfig): Promise<MailCatcher | null> {
  if (process.env.SMTP_URL) return null;
  const port = Number(process.env.DEMO_SMTP_PORT ?? config.PORT + 2);
  const folder = process.env.DEMO_MAIL_DIR ?? join(tmpdir(), 'fairshift-demo-mail');
  await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  let catcher: MailCatcher;
  try {
    catcher = await MailCatcher.start({ port, folder });
  } catch (error) {
    console.error(
      `demo: the local mail server cannot listen on port ${port} (${(error as Error).message}); set DEMO_SMTP_PORT to a free port`,
    );
    process.exit(1);
  }
  process.env.SMTP_URL = catcher.url;
  process.env.MAIL_FROM ||= 'Fairshift demo <fairshift@demo.fairshift.test>';
  return catcher;
}

/**
 * Subscribes the persona to its trust's e-mail alerts with its own rota manager key (the rule a
 * rota manager's key follows: a trust in its scope), once per database.
 */
export async function subscribeByEmail(base: string, key: string, trustId: string, address: string): Promise<void> {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { items: { address: string; active: boolean }[] };
  };
  const existing = await call('GET', `/email-subscriptions?trustId=${trustId}&limit=500`);
  if (existing.items.some((item) => item.active && item.address === address)) return;
  await call('POST', '/email-subscriptions', { trustId, address, events: DEMO_EVENTS });
}

/** Asks the worker for the trust's digest of yesterday now, rather than at DIGEST_CRON (built once per day). */
export async function requestDigest(config: AppConfig, trustId: string, today: string): Promise<void> {
  const queue = new Queue(QUEUES.alerts, {
    prefix: config.QUEUE_PREFIX,
    connection: { ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1 },
  });
  try {
    await queue.add(
      ALERT_JOBS.digest,
      { trustId },
      { jobId: `demo-digest-${trustId}-${today}`, removeOnComplete: true },
    );
  } finally {
    await queue.close();
  }
}
