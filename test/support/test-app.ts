import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApiApp } from '../../src/create-api-app.js';
import { createWorkerApp } from '../../src/create-worker-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  database: TestDatabase;
  adminKey: string;
  overrides: Record<string, string>;
  /** A client that sends the given key on every request. */
  as(key: string): TestClient;
  close(): Promise<void>;
}

/** What the factories need: a client per key, and the admin key (an app in-process or in a child process). */
export type TestApi = Pick<TestApp, 'as' | 'adminKey'>;

export interface TestClient {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

export function testOverrides(database: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    // The run id lets the global teardown remove this run's queue keys.
    QUEUE_PREFIX: `fs-test-${process.env.FAIRSHIFT_TEST_RUN ?? 'adhoc'}-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BOOTSTRAP_ADMIN_KEY: `test-admin-${randomBytes(16).toString('hex')}`,
    ...extra,
  };
}

export function clientFor(http: TestAgent, key: string | null): TestClient {
  const auth = (test: request.Test) => (key === null ? test : test.set('Authorization', `Bearer ${key}`));
  return {
    get: (path) => auth(http.get(path)),
    post: (path, body) => auth(http.post(path)).send(body ?? {}),
    put: (path, body) => auth(http.put(path)).send(body ?? {}),
    patch: (path, body) => auth(http.patch(path)).send(body ?? {}),
    delete: (path) => auth(http.delete(path)),
  };
}

/** The real HTTP application (same module, pipes, filter and guards as production) on its own database. */
export async function startTestApp(extra: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const overrides = testOverrides(database, extra);
  const app = await createApiApp(overrides);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    database,
    adminKey: overrides.BOOTSTRAP_ADMIN_KEY!,
    overrides,
    as: (key) => clientFor(http, key),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A worker on the same database and queue prefix as `api`. */
export async function startTestWorker(
  api: TestApp,
  extra: Record<string, string> = {},
): Promise<INestApplicationContext> {
  return createWorkerApp({ ...api.overrides, ...extra });
}
