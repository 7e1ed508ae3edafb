import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';

describe('when a dependency goes away and comes back', () => {
  let redis: ThrowawayRedis;
  let test: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    test = await startTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await test.close();
    await redis.stop();
  });

  it('turns /healthz to 503 while Redis is stopped and back to 200 without a restart', async () => {
    await test.http.get('/healthz').expect(200);

    await redis.stop();
    const down = await eventually(async () => {
      const response = await test.http.get('/healthz');
      expect(response.status).toBe(503);
      return response;
    });
    expect(down.body.error).toHaveProperty('redis.status', 'down');
    expect(down.body.info).toHaveProperty('database.status', 'up');
    // Routes that do not need the queue keep working.
    await test.as(test.adminKey).get('/api/v1/systems').expect(200);

    await redis.start();
    const up = await eventually(async () => {
      const response = await test.http.get('/healthz');
      expect(response.status).toBe(200);
      return response;
    });
    expect(up.body.info).toHaveProperty('redis.status', 'up');
  });

  it('answers 503 problem+json while its database refuses connections, and recovers', async () => {
    const admin = new pg.Client({ connectionString: test.database.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${test.database.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        test.database.name,
      ]);

      const refused = await eventually(async () => {
        const response = await test.as(test.adminKey).get('/api/v1/systems');
        expect(response.status).toBe(503);
        return response;
      });
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 503, type: 'urn:fairshift:problem:service-unavailable' });
      await test.http.get('/healthz').expect(503);
    } finally {
      await admin.query(`ALTER DATABASE "${test.database.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await eventually(async () => {
      await test.as(test.adminKey).get('/api/v1/systems').expect(200);
    });
    await test.http.get('/healthz').expect(200);
  });
});
