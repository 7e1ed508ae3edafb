import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { Queue } from 'bullmq';
import pg from 'pg';
import { QUEUE_NAMES } from '../core/queues/queue-names.js';
import { redisOptionsFromUrl } from '../core/redis/redis-options.js';
import { migrate } from '../cli/migrate.js';

/** One key for every process a benchmark starts: the api encrypts webhook secrets, the worker reads them. */
const BENCH_SECRET_KEY = randomBytes(32).toString('hex');

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one benchmark run, dropped afterwards. */
export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const admin = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/fairshift');
  admin.pathname = '/postgres';
  const name = `fairshift_bench_${label}_${randomBytes(3).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningApi {
  baseUrl: string;
  adminKey: string;
  stop(): Promise<void>;
}

/** The built api in its own process (as in production), on a free port. */
export async function startApi(databaseUrl: string, extra: Record<string, string> = {}): Promise<RunningApi> {
  const adminKey = `bench-${randomBytes(16).toString('hex')}`;
  return startProcess('dist/src/main.js', adminKey, {
    DATABASE_URL: databaseUrl,
    BOOTSTRAP_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `fs-bench-${randomBytes(3).toString('hex')}`,
    NODE_ENV: 'production',
    ALERTS_SECRET_KEY: BENCH_SECRET_KEY,
    SESSION_SECRET: BENCH_SECRET_KEY,
    ...extra,
  });
}

export interface RunningWorker {
  /** Peak resident memory so far (VmHWM), MiB; null where /proc is not there. */
  peakMemoryMiB(): number | null;
  stop(): Promise<void>;
}

/** The built worker in its own process; `ready` once it has taken its place on the queues. */
export function startWorker(environment: Record<string, string>): RunningWorker {
  const child = spawn(process.execPath, ['dist/src/worker.js'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ALERTS_SECRET_KEY: BENCH_SECRET_KEY,
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    peakMemoryMiB: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kib ? Math.round(Number(kib) / 1024) : null;
      } catch {
        return null;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The minimal NestJS application that HTTP figures are compared against. */
export function startNestFloor(): Promise<RunningApi> {
  return startProcess('dist/src/bench/nest-floor.app.js', '', {}, '/floor');
}

async function startProcess(
  script: string,
  adminKey: string,
  environment: Record<string, string>,
  readyPath = '/healthz',
): Promise<RunningApi> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      ...environment,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let attempt = 0; attempt < 150; attempt += 1) {
    try {
      if ((await fetch(`${baseUrl}${readyPath}`)).ok) return { baseUrl, adminKey, stop };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((wake) => setTimeout(wake, 200));
  }
  await stop();
  throw new Error(`${script} did not start (see its output above)`);
}

export async function api<T>(running: RunningApi, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${running.baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${running.adminKey}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const machine = () =>
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;

/** A small deterministic generator (mulberry32), so every run measures the same shifts. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Removes every queue of a benchmark's prefix from Redis: its jobs go with its database. */
export async function dropQueues(prefix: string): Promise<void> {
  for (const name of QUEUE_NAMES) {
    const queue = new Queue(name, {
      connection: redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
      prefix,
    });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/** One figure a benchmark measured, as `npm run bench` collects it into bench/results.json. */
export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
  /** The target, in words (`p99 < 100 ms`), where the issue set one. */
  target?: string;
  /** Whether the target was met; absent without a target. */
  met?: boolean;
  /** What the figure is measured against: the floor, the naive loop, PostgreSQL's COPY. */
  comparedWith?: string;
}

/**
 * Records a figure: appended as a JSON line to `BENCH_RESULTS_FILE` when `npm run bench` set it
 * (a benchmark run on its own just prints its figures).
 */
export function recordFigure(benchmark: string, figure: BenchFigure): void {
  const file = process.env.BENCH_RESULTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ benchmark, ...figure })}\n`);
}

/** Starts a compliance run through the api and waits for it: the finished run, or an error if it failed. */
export async function runCompliance(
  running: RunningApi,
  window: { systemId: string; from: string; to: string },
  pollMs = 200,
): Promise<{ status: string; error: string | null } & Record<string, unknown>> {
  const started = await api<{ id: string }>(running, 'POST', '/compliance-runs', window);
  for (;;) {
    const state = await api<{ status: string; error: string | null } & Record<string, unknown>>(
      running,
      'GET',
      `/compliance-runs/${started.id}`,
    );
    if (state.status === 'succeeded') return state;
    if (state.status === 'failed') throw new Error(`the compliance run failed: ${state.error}`);
    await new Promise((wake) => setTimeout(wake, pollMs));
  }
}

/** A session row and its signed cookie (startApi's SESSION_SECRET), as express-session signs it (HMAC-SHA256, base64 without padding). */
export async function sessionFor(client: pg.Client, userId: string): Promise<string> {
  const sid = randomUUID();
  const now = Date.now();
  const sess = {
    cookie: {
      originalMaxAge: 30 * 60_000,
      expires: new Date(now + 3_600_000),
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
    },
    userId,
    signedInAt: now,
    seenAt: now,
    csrfToken: randomBytes(32).toString('base64url'),
  };
  await client.query(`INSERT INTO web_sessions (sid, sess, expire) VALUES ($1, $2, now() + interval '1 hour')`, [
    sid,
    sess,
  ]);
  const signature = createHmac('sha256', BENCH_SECRET_KEY).update(sid).digest('base64').replace(/=+$/, '');
  return `fairshift.sid=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}
