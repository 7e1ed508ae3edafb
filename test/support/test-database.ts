import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/cli/migrate.js';
import { databaseUrl, dropDatabase, TEMPLATE_PREFIX, TEST_DB_PREFIX, withAdminClient } from './postgres.js';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

// Any fixed number: the advisory lock that serialises building the run's template.
const TEMPLATE_LOCK = 4_271_829;

/**
 * The run's migrated template: the first test file to ask builds it under an advisory lock;
 * the others wait for the lock and find it ready.
 */
async function ensureTemplate(runId: string): Promise<string> {
  const template = `${TEMPLATE_PREFIX}${runId}`;
  await withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE "${template}"`);
        await migrate(databaseUrl(template));
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return template;
}

/** A fresh, migrated database for one test file, cloned from the run's template in well under a second. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const runId = process.env.FAIRSHIFT_TEST_RUN;
  if (!runId) throw new Error('FAIRSHIFT_TEST_RUN is not set: run the tests with npm test');
  const template = await ensureTemplate(runId);
  const name = `${TEST_DB_PREFIX}${runId}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (client) => {
    // Two clones of one template at the same instant can collide; try again briefly.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((wake) => setTimeout(wake, 200 * attempt));
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdminClient((client) => dropDatabase(client, name)),
  };
}
