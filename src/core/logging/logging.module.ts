import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed X-Request-Id from the caller, or makes one, and echoes it on the response. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** JSON logs through pino, one line per request with its id; credentials are redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          // configureApiApp assigns the id before body parsing; reuse it so every line agrees.
          genReqId: (request, response) => (request as { id?: string }).id ?? requestId(request, response),
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              '*.key',
              '*.secret',
            ],
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
        },
      }),
    }),
  ],
})
export class LoggingModule {}
