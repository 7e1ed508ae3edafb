import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './core/logging/pino-logger.js';
import { WorkerModule } from './worker.module.js';

export async function createWorkerApp(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(overrides), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(AppLogger));
  return app;
}
