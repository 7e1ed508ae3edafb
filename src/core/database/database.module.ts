import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { PinoLogger } from '../logging/pino-logger.js';
import { type EntityList, postgresDataSourceOptions } from './data-source-options.js';
import { TypeOrmPinoLogger } from './typeorm-pino.logger.js';

/** The data source of a process, over the entities the composition root gathers (src/entities.ts). */
@Module({})
export class DatabaseModule {
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig, PinoLogger],
          useFactory: (config: AppConfig, logger: PinoLogger) => ({
            ...postgresDataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }, entities),
            logger: new TypeOrmPinoLogger(logger),
            maxQueryExecutionTime: 1_000,
            // Ride out a PostgreSQL that is still starting (about ten seconds), then fail to boot.
            retryAttempts: 10,
            retryDelay: 1_000,
          }),
        }),
      ],
    };
  }
}
