import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one data-source definition: the app (through TypeOrmModule), the migration CLI and the
 * tests all build theirs from here. Never `synchronize`: the schema changes only by migration.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // uuid keys default to gen_random_uuid() (built into PostgreSQL 13+, no extension); TypeORM
    // creates no extensions at start-up: migrations do (btree_gist).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error', 'warn', 'migration'],
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'fairshift',
      connectionTimeoutMillis: 5_000,
      // Every session works in UTC; local rules are applied explicitly with Europe/London.
      options: '-c TimeZone=UTC -c statement_timeout=60000 -c jit=off',
    },
  };
}
