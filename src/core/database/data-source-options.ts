import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** What a data source maps: entity classes, which the modules list and the composition root collects. */
export type EntityList = readonly (abstract new (...args: never[]) => object)[];

/**
 * The PostgreSQL settings every data source shares, over the entities it is given (src/entities.ts
 * gathers them all). Never `synchronize`: the schema changes only by migration.
 */
export function postgresDataSourceOptions(settings: DatabaseSettings, entities: EntityList): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: [...entities],
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
