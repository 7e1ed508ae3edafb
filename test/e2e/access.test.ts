import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAccessFixture, expectProblem, sendAs } from '../support/access-fixture.js';
import { ROUTES, type Ids, type RouteCase } from '../support/access-routes.data.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('access control on every route', () => {
  let test: TestApp;
  let ids: Ids;
  let keys: Record<string, string>;

  beforeAll(async () => {
    test = await startTestApp();
    ({ ids, keys } = await buildAccessFixture(test));
  });

  afterAll(async () => {
    await test.close();
  });

  const send = (key: string | null, route: RouteCase, path: string, body?: Record<string, unknown>) =>
    sendAs(test, key, route, path, body);

  describe.each(ROUTES)('$name', (route) => {
    it('answers 401 problem+json without a key', async () => {
      expectProblem(await send(null, route, route.path(ids), route.body), 401);
    });

    it('answers 401 problem+json with an unknown key', async () => {
      expectProblem(await send('fs_not-a-real-key', route, route.path(ids), route.body), 401);
    });

    if (route.forbiddenRole) {
      it(`answers 403 problem+json to a ${route.forbiddenRole} key`, async () => {
        expectProblem(await send(keys[route.forbiddenRole!]!, route, route.path(ids), route.body), 403);
      });
    }

    if (route.outOfScope) {
      it(`answers 404 problem+json for another system's resource to a ${route.scopedRole} key`, async () => {
        expectProblem(await send(keys[route.scopedRole!]!, route, route.outOfScope!(ids), route.body), 404);
      });
    }

    if (route.listQuery) {
      it('answers 400 problem+json naming an unknown query parameter', async () => {
        const response = await send(test.adminKey, route, `${route.path(ids)}?surprise=1`);
        expectProblem(response, 400);
        expect(response.body.errors).toContainEqual({ field: 'surprise', message: 'unknown field surprise' });
      });
    }

    if (route.body) {
      it('answers 400 problem+json naming an unknown field', async () => {
        const response = await send(test.adminKey, route, route.path(ids), { ...route.body, surprise: true });
        expectProblem(response, 400);
        expect(response.body.errors).toContainEqual({ field: 'surprise', message: 'unknown field surprise' });
      });
    }
  });
});
