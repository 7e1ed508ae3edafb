import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { presentedKey } from '../auth/auth.guard.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors.js';
import { QUEUE_NAMES } from './queue-names.js';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/** Browsers cannot add a bearer header, so the dashboard also takes the key as the Basic-auth password. */
function adminOnly(apiKeys: ApiKeysService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const key = presentedKey(request.headers.authorization, true);
    const challenge = () => response.setHeader('WWW-Authenticate', 'Basic realm="Fairshift queues", charset="UTF-8"');
    if (!key) {
      challenge();
      return next(new UnauthenticatedError('Sign in with any user name and an admin API key as the password'));
    }
    apiKeys
      .resolve(key, null)
      .then((principal) => {
        if (!principal) {
          challenge();
          return next(new UnauthenticatedError('The API key is unknown or revoked'));
        }
        if (principal.role !== 'admin') return next(new ForbiddenError('The queue dashboard is for admin keys'));
        next();
      })
      .catch(next);
  };
}

/**
 * bull-board over every queue, at /admin/queues, for admin keys. Mounted on Express directly:
 * @bull-board/nestjs is CommonJS that requires the ESM-only Nest packages, which Jest on Node 20
 * cannot load.
 */
export function mountQueueDashboard(app: NestExpressApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_ROUTE);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Fairshift queues' } },
  });
  app.use(QUEUE_DASHBOARD_ROUTE, adminOnly(app.get(ApiKeysService)), serverAdapter.getRouter());
}
