import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/data-source-options.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('database schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions({ url: database.url }), logging: false }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('needs no migration that does not exist: the entities match the migrated schema', async () => {
    // What `typeorm migration:generate --check` computes.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    const count = dataSource.migrations.length;
    for (let step = 0; step < count; step += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ tables }] = await dataSource.query(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toBe(0);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
  });
});
