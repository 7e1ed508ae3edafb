import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OperationObject, SwaggerModule } from '@nestjs/swagger';

import { AppLogger, PinoLogger } from '../logging/pino-logger.js';
import { AppConfig } from '../config/app-config.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { NotFoundError } from '../errors/domain-errors.js';
import { answerClientErrors, problemErrorMiddleware } from '../errors/problem.filter.js';
import { requestId } from '../logging/logging.module.js';
import { DEFAULT_ROLES, ROLES_EXTENSION } from '../auth/roles.decorator.js';
import { HEALTH_PATHS } from '../health/health.controller.js';
import { METRICS_PATHS } from '../metrics/metrics.controller.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { mountQueueDashboard } from '../queues/queue-dashboard.js';

export const API_PREFIX = 'api/v1';

export function buildOpenApiDocument(app: NestExpressApplication) {
  const config = new DocumentBuilder()
    .setTitle('Fairshift API')
    .setDescription(
      'One fair price for temporary NHS staff: organisations, rate cards, shifts, the bank-first fill ladder, ' +
        'bookings, compliance breaches, alerts and reports. Every call but GET /healthz needs ' +
        '`Authorization: Bearer <api key>`; `x-roles` on each operation lists the key roles it allows ' +
        '(anything else answers 403), and what is outside the key’s scope answers 404. Errors are ' +
        'application/problem+json (RFC 9457). People sign in to the web pages at / through the trust’s ' +
        'OpenID Connect provider (/auth/login); admins invite them with POST /users.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // A route without @Roles carries no extension; the guard lets only admin keys call it.
  for (const operations of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = operations[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (operation?.security?.length && !operation[ROLES_EXTENSION]) operation[ROLES_EXTENSION] = [...DEFAULT_ROLES];
    }
  }
  return document;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ApiAppSettings {
  /** Handlers that answer before the Nest routes (people's pages at `/shifts` beside `/api/v1/shifts`). */
  beforeRoutes?: readonly RequestHandler[];
}

/**
 * Everything about the HTTP pipeline that is not a provider: body parsing with a size limit,
 * the path prefix, request metrics and the API explorer. main.ts and the e2e tests both call it.
 */
export async function configureApiApp(app: NestExpressApplication, settings: ApiAppSettings): Promise<void> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(AppLogger));
  app.disable('x-powered-by');
  // API answers are not cached by validators; skipping the ETag hash also keeps small bodies in
  // one write.
  app.set('etag', false);
  answerClientErrors(app.getHttpServer());
  app.use(assignRequestId);
  app.use(app.get(MetricsService).middleware());
  app.useBodyParser('json', { limit: config.JSON_BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] });
  // Imports read their (much larger) CSV bodies themselves, streaming, with IMPORT_MAX_BYTES.
  app.useBodyParser('text', {
    limit: config.JSON_BODY_LIMIT_BYTES,
    type: (request: IncomingMessage) =>
      /^text\/csv\s*(;|$)/i.test(request.headers['content-type'] ?? '') && !isImportPath(request.url),
  });
  // Body-parser errors (malformed JSON, too large) happen before routing; answer them as problems too.
  const logger = await app.resolve(PinoLogger);
  app.use(problemErrorMiddleware(logger));
  for (const handler of settings.beforeRoutes ?? []) app.use(handler);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [...HEALTH_PATHS, ...METRICS_PATHS],
  });
  mountQueueDashboard(app);
  if (config.DOCS_ENABLED) {
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
      customSiteTitle: 'Fairshift API',
      swaggerOptions: { showExtensions: true },
    });
  }
  // Routes are registered by init(); what matches none of them is a problem+json 404.
  await app.init();
  app.use((request: Request, _response: Response, next: NextFunction) =>
    next(new NotFoundError(`No route ${request.method} ${request.path}`)),
  );
  app.use(problemErrorMiddleware(logger));
}

function assignRequestId(request: Request & { id?: string }, response: Response, next: NextFunction): void {
  request.id = requestId(request, response);
  next();
}

/**
 * Whether a request goes to an import, as the router would match it: case-insensitively, on the
 * path of a relative or absolute URL.
 */
function isImportPath(url: string | undefined): boolean {
  try {
    return new RegExp(`^/${API_PREFIX}/imports/`, 'i').test(new URL(url ?? '/', 'http://fairshift.invalid').pathname);
  } catch {
    return false;
  }
}
