import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { Role } from '../../src/core/auth/api-key.entity.js';
import {
  fillPath,
  missingValidRequests,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  refusedRoles,
  type RequestShape,
  validRequest,
} from '../support/api-operations.js';
import { buildDataset, type Dataset } from '../support/dataset.js';
import { buildApiKey } from '../support/factories.js';
import { problemDefect } from '../support/problem.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WriteCounter } from '../support/write-counter.js';

/**
 * Operations whose requests name no trust or system, so a key's scope cannot make them 404: the
 * reference data, the metrics, and agencies (shared by every system; their contracts are scoped).
 */
const NOT_ABOUT_A_TRUST = new Set([
  'GET /metrics',
  'GET /api/v1/metrics',
  'GET /api/v1/reference/staff-groups',
  'GET /api/v1/reference/bank-holidays',
  'POST /api/v1/agencies',
  'GET /api/v1/agencies',
  // Lists what the key may see: there is no other trust's id in the request to refuse.
  'GET /api/v1/systems',
  // A bank worker's own: whoever asks is answered about themselves.
  'GET /api/v1/me',
  'GET /api/v1/me/shifts/available',
  'GET /api/v1/me/bookings',
  'GET /api/v1/me/timesheets',
]);

/**
 * Lists filtered by another trust's or system's id (`?systemId=`, `?trustId=`): a list holds what
 * is in the key's scope (the OpenAPI document), so these answer 200 with an empty list, as if that trust had
 * nothing, rather than 404. The walk checks that the list is empty.
 */
const FILTERED_LISTS = new Set([
  'GET /api/v1/agency/shifts',
  'GET /api/v1/agency/bookings',
  'GET /api/v1/agency/submissions',
  'GET /api/v1/trusts',
  'GET /api/v1/rate-cards',
  'GET /api/v1/bank-workers',
  'GET /api/v1/agency-contracts',
  'GET /api/v1/shifts',
  'GET /api/v1/bookings',
  'GET /api/v1/compliance-runs',
  'GET /api/v1/breaches',
  'GET /api/v1/webhooks',
  'GET /api/v1/email-subscriptions',
  'GET /api/v1/alerts',
  'GET /api/v1/fill-suggestions',
  'GET /api/v1/invoices',
]);

/**
 * Imports take any file from a key of the right role (202): rows naming trusts outside the key's
 * scope fail the import by row, writing nothing but the failed import (issue 8,
 * test/e2e/imports.test.ts). The walk checks the 202 here instead of a 404.
 */
const SCOPED_BY_ROW = new Set(['POST /api/v1/imports/{kind}']);

describe('security: every operation of the OpenAPI document', () => {
  let test: TestApp;
  let operations: Operation[];
  let dataset: Dataset;
  let writes: WriteCounter;
  /** Keys scoped to system A, by role. */
  const inScope: Partial<Record<Role, string>> = {};
  /** Keys scoped to system B's first trust only, by role. */
  const otherTrust: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    test = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', SMTP_URL: 'smtp://127.0.0.1:9' });
    const document = (await test.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    operations = operationsOf(document);
    dataset = await buildDataset(test);
    for (const role of ['workforce_lead', 'rota_manager', 'approver', 'integration'] as const) {
      const level = role === 'approver' ? { approvalLevel: 'chief_executive' } : {};
      inScope[role] = await buildApiKey(test, { role, systemId: dataset.a.systemId, ...level });
      otherTrust[role] = await buildApiKey(test, { role, trustIds: [dataset.b.trustId], ...level });
    }
    // A bank worker's key is the worker: system A's dataset nurse, and system B's.
    inScope.bank_worker = await buildApiKey(test, { role: 'bank_worker', bankWorkerId: dataset.a.workerId });
    otherTrust.bank_worker = await buildApiKey(test, { role: 'bank_worker', bankWorkerId: dataset.b.workerId });
    // An agency's key is the agency: the dataset's (contracted in both systems), and one contracted nowhere.
    inScope.agency = await buildApiKey(test, { role: 'agency', agencyId: dataset.agencyId });
    const elsewhere = await test.as(test.adminKey).post('/api/v1/agencies', { name: 'Agency of nowhere' }).expect(201);
    otherTrust.agency = await buildApiKey(test, { role: 'agency', agencyId: elsewhere.body.id });
    writes = await WriteCounter.install(test.database.url);
  });

  afterAll(async () => {
    await writes?.close();
    await test?.close();
  });

  function send(operation: Operation, request: RequestShape, key: string | null): Promise<Response> {
    let call = test.http[operation.method](fillPath(operation.path, request.params)).query(request.query);
    if (key !== null) call = call.set('Authorization', `Bearer ${key}`);
    if (request.contentType) call = call.set('Content-Type', request.contentType);
    return request.body === undefined ? call : call.send(request.body as object);
  }

  /** Sends the request and returns what is wrong with the answer, or null. */
  async function check(
    operation: Operation,
    request: RequestShape,
    key: string | null,
    expected: number,
    who: string,
  ): Promise<string | null> {
    const before = await writes.rows();
    const response = await send(operation, request, key);
    const written = (await writes.rows()) - before;
    const wrong =
      response.status !== expected
        ? `answered ${response.status} (${JSON.stringify(response.body)})`
        : (problemDefect(response) ?? (written > 0 ? `wrote ${written} rows` : null));
    return wrong && `${operation.key} ${who}: ${wrong}, expected ${expected}`;
  }

  const authenticated = () => operations.filter((operation) => operation.roles !== null);

  it('has a valid request for every operation with a body or a required query', () => {
    expect(missingValidRequests(operations)).toEqual([]);
  });

  it('documents the roles of every operation but the health check', () => {
    const publicOperations = operations.filter((operation) => operation.roles === null);
    expect(publicOperations.map((operation) => operation.key).sort()).toEqual(['GET /api/v1/healthz', 'GET /healthz']);
    for (const operation of authenticated()) expect(operation.roles).toContain('admin');
  });

  it('answers 401 problem+json to every operation without a key or with an unknown one, writing nothing', async () => {
    const failures: string[] = [];
    for (const operation of authenticated()) {
      const request = validRequest(operation, dataset.a, dataset);
      failures.push(
        ...[
          await check(operation, request, null, 401, 'without a key'),
          await check(operation, request, 'fs_not-a-key-anyone-has', 401, 'with an unknown key'),
        ].filter((failure): failure is string => failure !== null),
      );
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 problem+json to every role an operation refuses, writing nothing', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const operation of authenticated()) {
      for (const role of refusedRoles(operation)) {
        const request = validRequest(operation, dataset.a, dataset, role);
        checked += 1;
        const failure = await check(operation, request, inScope[role]!, 403, `as ${role}`);
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('answers 404 problem+json to a key of another trust, writing nothing, where its own system’s key gets through', async () => {
    const failures: string[] = [];
    const rowsBefore = await writes.rows();
    const scoped = authenticated().filter((operation) => !NOT_ABOUT_A_TRUST.has(operation.key));
    for (const operation of scoped) {
      const allowed = (operation.roles ?? []).filter((role) => role !== 'admin');
      // An admin key has no scope: on admin-only routes there is no other trust to be outside of.
      if (allowed.length === 0) continue;
      for (const role of allowed) {
        const request = validRequest(operation, dataset.a, dataset, role);
        if (SCOPED_BY_ROW.has(operation.key)) {
          const response = await send(operation, request, otherTrust[role]!);
          if (response.status !== 202) {
            failures.push(
              `${operation.key} as ${role} of another trust: ${response.status} ${JSON.stringify(response.body)}`,
            );
          }
        } else if (FILTERED_LISTS.has(operation.key)) {
          const response = await send(operation, request, otherTrust[role]!);
          if (response.status !== 200 || response.body.items?.length !== 0) {
            failures.push(
              `${operation.key} as ${role} of another trust: ${response.status} ${JSON.stringify(response.body)}`,
            );
          }
        } else {
          const failure = await check(operation, request, otherTrust[role]!, 404, `as ${role} of another trust`);
          if (failure) failures.push(failure);
        }
        const own = await send(operation, request, inScope[role]!);
        if ([401, 403, 404].includes(own.status) || own.status >= 500) {
          failures.push(`${operation.key} as ${role} of its own system: ${own.status} ${JSON.stringify(own.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The own-system calls wrote (bookings, cancellations, publications…): the counter sees writes.
    expect(await writes.rows()).toBeGreaterThan(rowsBefore);
  });
});
