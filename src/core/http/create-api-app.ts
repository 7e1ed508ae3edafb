import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from '../../api.module.js';
import { configureApiApp } from './configure-api-app.js';

export async function createApiApp(overrides: Record<string, string> = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(overrides), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  await configureApiApp(app);
  return app;
}
