import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

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
