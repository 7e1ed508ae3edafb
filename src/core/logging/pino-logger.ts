import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, type LoggerService, Scope } from '@nestjs/common';
import type { Logger } from 'pino';
import type { HttpLogger } from 'pino-http';

/** An application's pino-http middleware; its `logger` is the root every other line derives from. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** The logger of the request being served: pino-http's child, which writes the request (with its id). */
export const requestLogger = new AsyncLocalStorage<Logger>();

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** pino's two forms: fields first (an Error goes under `err`), or the message alone. */
export type LogArgs =
  [fields: object, message?: string, ...values: unknown[]] | [message: string, ...values: unknown[]];

function write(logger: Logger, level: Level, args: readonly unknown[]): void {
  Reflect.apply(logger[level], logger, args);
}

/**
 * pino for providers. Inside a request it writes through that request's logger, so every line
 * carries the request and its id; elsewhere (the worker, boot, shutdown) through the root logger.
 * Transient: each consumer has its own, named in a `context` field once it calls `setContext`.
 */
@Injectable({ scope: Scope.TRANSIENT })
export class PinoLogger {
  private context = '';

  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  /** Where a line goes now: the current request's logger, else the root. */
  get logger(): Logger {
    return requestLogger.getStore() ?? this.http.logger;
  }

  setContext(context: string): void {
    this.context = context;
  }

  trace(...args: LogArgs): void {
    this.write('trace', args);
  }

  debug(...args: LogArgs): void {
    this.write('debug', args);
  }

  info(...args: LogArgs): void {
    this.write('info', args);
  }

  warn(...args: LogArgs): void {
    this.write('warn', args);
  }

  error(...args: LogArgs): void {
    this.write('error', args);
  }

  fatal(...args: LogArgs): void {
    this.write('fatal', args);
  }

  private write(level: Level, args: LogArgs): void {
    if (!this.context) return write(this.logger, level, args);
    const [first, ...rest] = args;
    const context = { context: this.context };
    if (typeof first !== 'object') return write(this.logger, level, [context, first, ...rest]);
    const fields = first instanceof Error ? { ...context, err: first } : { ...context, ...first };
    write(this.logger, level, [fields, ...rest]);
  }
}

/**
 * The application's Nest logger (`app.useLogger`): Nest's own lines and those of `new Logger(name)`
 * become pino lines, Nest's trailing context argument a `context` field.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const values = params.slice(0, -1);
    if (params.length > 0) fields.context = params.at(-1);
    if (typeof message === 'object') {
      if (message instanceof Error) fields.err = message;
      else Object.assign(fields, message);
      write(this.pino.logger, level, [fields, ...values]);
    } else if (level === 'error' && isStackTrace(message, values)) {
      // Nest's exception handlers call error(message, stack): log it as the error it was.
      const error = new Error(message as string);
      error.stack = values[0] as string;
      write(this.pino.logger, level, [{ ...fields, err: error }]);
    } else {
      write(this.pino.logger, level, [fields, message, ...values]);
    }
  }
}

function isStackTrace(message: unknown, values: unknown[]): boolean {
  return (
    typeof message === 'string' && values.length === 1 && typeof values[0] === 'string' && /\n\s*at /.test(values[0])
  );
}
