import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { PinoLogger } from 'nestjs-pino';
import { dataSourceOptions } from './data-source-options.js';
import { TypeOrmPinoLogger } from './typeorm-pino.logger.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, PinoLogger],
      useFactory: (config: AppConfig, logger: PinoLogger) => ({
        ...dataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        logger: new TypeOrmPinoLogger(logger),
        maxQueryExecutionTime: 1_000,
        // Ride out a PostgreSQL that is still starting (about ten seconds), then fail to boot.
        retryAttempts: 10,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
