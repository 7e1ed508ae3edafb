import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../../src/bench/bench-support.js';
import { eventually } from '../support/eventually.js';
import { testOverrides } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A process must be able to stop while Redis is away: BullMQ ends its connections with QUIT, which
 * a connection to a stopped Redis either refuses (the api's, which keep no offline queue: the
 * close fails and leaves the connection reconnecting for ever) or holds until Redis is back (the
 * worker's). The api and a worker in one process (src/start.ts), stopped with SIGTERM while this
 * file's own redis-server is down.
 */
describe('a process stopped while Redis is away', () => {
  let redis: ThrowawayRedis;
  let database: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    database = await createTestDatabase();
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.stop();
    await database?.drop();
  });

  it('exits 0 on SIGTERM, without an error logged', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/start.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...testOverrides(database, { REDIS_URL: redis.url }),
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        // Past this the process exits 1: the failure this test is about.
        SHUTDOWN_GRACE_MS: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(child, 'exit');
    const health = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
    // Generous: the sources compile as they load, on a machine that may be busy.
    await eventually(async () => expect(await health()).toBe(200), 1_200, 100);

    await redis.stop();
    await eventually(async () => expect(await health()).toBe(503));
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];

    const errors = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.level >= 50);
    expect({ code, stderr, errors }).toEqual({ code: 0, stderr: '', errors: [] });
  });
});
