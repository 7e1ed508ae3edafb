import type { Logger as TypeOrmLogger } from 'typeorm';
import type { PinoLogger } from '../logging/pino-logger.js';

/** TypeORM's own messages (pool errors, slow queries, migrations) as pino lines, not console output. */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  constructor(private readonly logger: PinoLogger) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    // Its start, on one line: enough to know which statement, not a page of SQL in the log.
    this.logger.warn({ durationMs: time, query: query.replace(/\s+/g, ' ').slice(0, 240) }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ detail: message }, 'typeorm');
    else this.logger.debug({ detail: message }, 'typeorm');
  }
}
