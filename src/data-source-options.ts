import type { DataSourceOptions } from 'typeorm';
import { type DatabaseSettings, postgresDataSourceOptions } from './core/database/data-source-options.js';
import { ENTITIES } from './entities.js';

/**
 * The one data-source definition, with every module's entities: the app and the worker (through
 * DatabaseModule), the migration CLI, the benchmarks and the tests all build theirs from here.
 */
export const dataSourceOptions = (settings: DatabaseSettings): DataSourceOptions =>
  postgresDataSourceOptions(settings, ENTITIES);
