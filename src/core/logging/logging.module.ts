import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Inject, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { type DestinationStream, destination } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config.js';
import { AppLogger, HTTP_LOGGER, PinoLogger, requestLogger } from './pino-logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed X-Request-Id from the caller, or makes one, and echoes it on the response. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** One line per request at a level by its outcome; credentials are redacted. */
export function httpLoggerOptions(config: AppConfig): Options {
  return {
    level: config.LOG_LEVEL,
    // configureApiApp assigns the id before body parsing; reuse it so every line agrees.
    genReqId: (request, response) => (request as { id?: string }).id ?? requestId(request, response),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.key', '*.secret'],
      censor: '[redacted]',
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request) => /^\/(api\/v1\/)?(healthz|metrics)(\?|$)/.test(request.url ?? '') },
    serializers: {
      req: (request: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: request.id,
        method: request.method,
        url: request.url,
        headers: { authorization: request.headers.authorization, 'user-agent': request.headers['user-agent'] },
      }),
    },
  };
}

/**
 * stdout, one writer per process: src/start.ts runs the api and a worker in one process, and two
 * asynchronous writers on one pipe could interleave their lines.
 */
let stdout: DestinationStream | undefined;

/**
 * Every route (`{/*splat}` gets the global prefix like any route; without a leading slash it also
 * matches the prefix itself), and the paths the prefix leaves out.
 */
function loggedRoutes(application: ApplicationConfig) {
  const { exclude = [] } = application.getGlobalPrefixOptions();
  return [
    { path: '{/*splat}', method: RequestMethod.ALL },
    ...exclude.map(({ path, requestMethod }) => ({ path, method: requestMethod })),
  ];
}

/** Serves the rest of a request inside its logger, so PinoLogger's lines carry the request too. */
function bindRequestLogger(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
  requestLogger.run(request.allLogs.at(-1) ?? request.log, next);
}

/**
 * JSON logs through pino, one line per request with its id (pino-http, as Nest middleware), and
 * PinoLogger for providers and AppLogger for Nest's own lines, which write that request's id too.
 */
@Global()
@Module({
  providers: [
    {
      provide: HTTP_LOGGER,
      inject: [AppConfig],
      useFactory: (config: AppConfig): HttpLogger => pinoHttp(httpLoggerOptions(config), (stdout ??= destination(1))),
    },
    PinoLogger,
    AppLogger,
  ],
  exports: [PinoLogger, AppLogger],
})
export class LoggingModule implements NestModule {
  constructor(
    @Inject(HTTP_LOGGER) private readonly http: HttpLogger,
    private readonly application: ApplicationConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.http, bindRequestLogger).forRoutes(...loggedRoutes(this.application));
  }
}
