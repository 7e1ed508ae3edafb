import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { PinoLogger } from '../logging/pino-logger.js';
import { PROBLEM_CONTENT_TYPE, generic, toProblem } from './problem.js';

type RequestWithId = Request & { id?: string | number };

/** The two pino methods the problem writer needs. */
export interface ProblemLogger {
  error(object: object, message: string, ...args: unknown[]): void;
  warn(object: object, message: string, ...args: unknown[]): void;
}

export function sendProblem(error: unknown, request: RequestWithId, response: Response, logger?: ProblemLogger): void {
  const { problem, internal } = toProblem(error);
  if (internal) {
    logger?.error({ err: error }, 'unhandled error while serving %s %s', request.method, request.path);
  } else if (problem.status >= 500) {
    logger?.warn({ err: error }, 'dependency unavailable while serving %s %s', request.method, request.path);
  }
  if (response.headersSent) {
    response.end();
    return;
  }
  const requestId = request.id === undefined ? undefined : String(request.id);
  if (problem.status === 401 && !response.hasHeader('WWW-Authenticate')) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="fairshift"');
  }
  if (problem.status === 503) response.setHeader('Retry-After', '5');
  response
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance: request.originalUrl, requestId }));
}

/** The one place where every error thrown in a route, guard, pipe or interceptor becomes problem+json. */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ProblemFilter.name);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<RequestWithId>(), http.getResponse<Response>(), this.logger);
  }
}

/** Express error middleware for errors raised before Nest routing (body parsing). */
export function problemErrorMiddleware(logger?: ProblemLogger) {
  return (error: unknown, request: RequestWithId, response: Response, _next: NextFunction): void =>
    sendProblem(error, request, response, logger);
}

// Node's parser errors on requests no route sees, by code: https://nodejs.org/api/http.html#event-clienterror
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line and headers are larger than the server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive'],
};

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over the size
 * limit, a malformed request line) answer problem+json too; Node's default is a bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'The request is not well-formed HTTP'];
    const body = JSON.stringify(generic(status, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
