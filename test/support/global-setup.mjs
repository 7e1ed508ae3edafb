// Plain ESM: Jest loads global setup outside its module transform. It picks the run id (the start
// time in seconds, then random) and drops databases of runs that started over six hours ago and
// were killed before their teardown; the first test file migrates the run's template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const STALE_AFTER_SECONDS = 6 * 60 * 60;

export default async function globalSetup() {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/fairshift');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  const now = Math.floor(Date.now() / 1000);
  await client.connect();
  try {
    const mine = await client.query(`SELECT datname FROM pg_database WHERE datname ~ '^fairshift_(tpl|t)_[0-9]+_'`);
    for (const { datname } of mine.rows) {
      const started = Number(/^fairshift_(?:tpl|t)_(\d+)_/.exec(datname)[1]);
      if (now - started > STALE_AFTER_SECONDS) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
  process.env.FAIRSHIFT_TEST_RUN = `${now}_${randomBytes(3).toString('hex')}`;
}
