import { Redis } from 'ioredis';
import pg from 'pg';

/** Drops this run's template, any test database a file failed to drop, and this run's queue keys. */
export default async function globalTeardown() {
  const runId = process.env.FAIRSHIFT_TEST_RUN;
  if (!runId) return;
  await dropQueueKeys(`fs-test-${runId}-*`);
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/fairshift');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const mine = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      `fairshift_tpl_${runId}`,
      `fairshift_t_${runId}_%`,
    ]);
    for (const row of mine.rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function dropQueueKeys(pattern) {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  // A Redis that cannot be reached fails connect() below; ioredis would also print each retry.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
