import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from './api.module.js';
import { configureApiApp } from './core/http/configure-api-app.js';
import { WebRouter } from './modules/web/index.js';

export async function createApiApp(overrides: Record<string, string> = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(overrides), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  await configureApiApp(app, { beforeRoutes: [app.get(WebRouter).handler()] });
  return app;
}
