import pg from 'pg';

/** Drops this run's template and any test database a file failed to drop. */
export default async function globalTeardown() {
  const runId = process.env.FAIRSHIFT_TEST_RUN;
  if (!runId) return;
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
