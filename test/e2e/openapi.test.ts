import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileErrors, validate } from '@readme/openapi-parser';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The contract's paths built so far, with their methods.
const CONTRACT: [string, string][] = [
  ['post', '/api/v1/api-keys'],
  ['post', '/api/v1/systems'],
  ['get', '/api/v1/systems'],
  ['get', '/api/v1/systems/{id}'],
  ['post', '/api/v1/trusts'],
  ['get', '/api/v1/trusts'],
  ['post', '/api/v1/trusts/{trustId}/wards'],
  ['get', '/api/v1/trusts/{trustId}/wards'],
  ['get', '/api/v1/reference/staff-groups'],
  ['get', '/api/v1/reference/bank-holidays'],
  ['put', '/api/v1/reference/bank-holidays/{date}'],
  ['post', '/api/v1/rate-cards'],
  ['put', '/api/v1/rate-cards/{id}/lines'],
  ['post', '/api/v1/rate-cards/{id}/publish'],
  ['get', '/api/v1/rate-cards'],
  ['get', '/api/v1/rate-cards/{id}'],
  ['get', '/api/v1/rate-cards/{id}/diff'],
  ['get', '/api/v1/rate-cards/{id}/lines.csv'],
  ['post', '/api/v1/quotes'],
  ['post', '/api/v1/bank-workers'],
  ['get', '/api/v1/bank-workers'],
  ['get', '/api/v1/bank-workers/{id}'],
  ['patch', '/api/v1/bank-workers/{id}'],
  ['post', '/api/v1/agencies'],
  ['post', '/api/v1/agency-contracts'],
  ['get', '/api/v1/agency-contracts'],
  ['post', '/api/v1/shifts'],
  ['get', '/api/v1/shifts'],
  ['get', '/api/v1/shifts/{id}'],
  ['patch', '/api/v1/shifts/{id}'],
  ['post', '/api/v1/shifts/{id}/cancel'],
  ['get', '/api/v1/shifts/{id}/fill-options'],
  ['post', '/api/v1/shifts/{id}/bookings'],
  ['post', '/api/v1/bookings/{id}/approve'],
  ['post', '/api/v1/bookings/{id}/reject'],
  ['post', '/api/v1/bookings/{id}/cancel'],
  ['put', '/api/v1/shifts/{id}/timesheet'],
  ['post', '/api/v1/imports/{kind}'],
  ['get', '/api/v1/imports/{id}'],
  ['get', '/api/v1/exports/{kind}'],
  ['get', '/healthz'],
  ['get', '/metrics'],
];

describe('the OpenAPI document', () => {
  let test: TestApp;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { responses?: object; security?: unknown[] }>>;
  };

  beforeAll(async () => {
    test = await startTestApp();
    document = (await test.http.get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await test.close();
  });

  it.each(CONTRACT)('documents %s %s', (method, path) => {
    expect(document.paths[path]?.[method]).toBeDefined();
    expect(Object.keys(document.paths[path]![method]!.responses ?? {})).not.toHaveLength(0);
  });

  it('is a valid OpenAPI document, without warnings', async () => {
    // The validator dereferences what it is given in place: give it a copy.
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : compileErrors(result)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('declares bearer authentication on every route but /healthz', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path.endsWith('/healthz')) continue;
      for (const operation of Object.values(operations)) expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });
});
