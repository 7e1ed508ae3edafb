import type { Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig, ConfigValidationError } from '../config/app-config.js';

/**
 * Boots one process and reports a failure to boot plainly (a bad setting names the variable).
 * On SIGTERM or SIGINT Nest's shutdown hooks stop taking work, finish what is in flight and
 * close queues and pools; if that takes longer than the grace period the process exits anyway.
 */
export async function runProcess(name: string, boot: () => Promise<INestApplicationContext[]>): Promise<void> {
  let apps: INestApplicationContext[];
  try {
    apps = await boot();
  } catch (error) {
    const message = error instanceof ConfigValidationError ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`fairshift ${name} failed to start: ${message}\n`);
    process.exit(1);
  }
  const graceMs = apps[0]!.get(AppConfig).SHUTDOWN_GRACE_MS;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      process.stdout.write(
        `${JSON.stringify({ level: 30, time: Date.now(), msg: `${name}: ${signal} received, shutting down` })}\n`,
      );
      setTimeout(() => {
        process.stderr.write(`fairshift ${name}: shutdown took longer than ${graceMs} ms, exiting\n`);
        process.exit(1);
      }, graceMs).unref();
      // In order: the api stops accepting requests and drains those in flight, then the worker
      // finishes its active jobs, then queues and pools close (Nest's shutdown hooks).
      void (async () => {
        for (const app of apps) drainConnections(app);
        for (const app of apps) await app.close();
        process.exit(0);
      })().catch((error: unknown) => {
        process.stderr.write(`fairshift ${name}: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
    });
  }
}

/**
 * An HTTP server's close waits for every open connection, and clients under load keep theirs alive
 * with one request after another: from now on each response closes its connection, and idle ones
 * close at once, so the drain ends when the requests in flight have been answered.
 */
function drainConnections(app: INestApplicationContext): void {
  if (!('getHttpServer' in app) || typeof app.getHttpServer !== 'function') return;
  const server = app.getHttpServer() as Server;
  server.prependListener('request', (_request, response) => response.setHeader('Connection', 'close'));
  server.closeIdleConnections();
}
