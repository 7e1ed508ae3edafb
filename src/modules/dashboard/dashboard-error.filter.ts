import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import { toProblem } from '../../core/errors/problem.js';
import { errorPage, PAGE_HEADERS } from './dashboard-layout.js';

/**
 * The dashboard's errors as pages a browser shows, with the status and the detail the API would
 * give: a missing or unknown key asks the browser for Basic credentials.
 */
@Catch()
@Injectable()
export class DashboardErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(DashboardErrorFilter.name);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string | number }>();
    const response = http.getResponse<Response>();
    const { problem, internal } = toProblem(error);
    if (internal)
      this.logger.error({ err: error }, 'unhandled error while serving %s %s', request.method, request.path);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (problem.status === 401) {
      response.setHeader('WWW-Authenticate', 'Basic realm="Fairshift dashboard", charset="UTF-8"');
    }
    if (problem.status === 503) response.setHeader('Retry-After', '5');
    response
      .status(problem.status)
      .set(PAGE_HEADERS)
      .send(
        errorPage({
          ...problem,
          requestId: request.id === undefined ? undefined : String(request.id),
        }),
      );
  }
}
