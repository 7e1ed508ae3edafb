import { once } from 'node:events';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('errors are problem+json, never a 500', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test.close();
  });

  const auth = () => ({ Authorization: `Bearer ${test.adminKey}` });

  it('answers malformed JSON with 400', async () => {
    const response = await test.http
      .post('/api/v1/systems')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send('{"code": "KM",')
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 400,
      detail: 'The body is not valid JSON',
      requestId: expect.any(String),
    });
  });

  it('answers a body over 1 MiB with 413', async () => {
    const response = await test.http
      .post('/api/v1/systems')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ code: 'BIG', name: 'x'.repeat(1024 * 1024) }))
      .expect(413);
    expect(response.body).toMatchObject({ type: 'urn:fairshift:problem:payload-too-large', status: 413 });
  });

  it('answers an unknown route with 404, inside and outside the API prefix', async () => {
    for (const path of ['/api/v1/no-such-thing', '/no-such-thing']) {
      const response = await test.http.get(path).set(auth()).expect(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('answers a malformed id with 400, not 500', async () => {
    await test.http.get('/api/v1/systems/not-a-uuid').set(auth()).expect(400);
    await test.http.put('/api/v1/reference/bank-holidays/2026-02-30').set(auth()).send({ name: 'x' }).expect(400);
  });

  it('answers wrong types and nested unknown fields with 400 naming each field', async () => {
    const response = await test.http
      .post('/api/v1/systems')
      .set(auth())
      .send({ code: 7, name: ['x'], settings: { recheckDays: 'soon', colour: 'red' } })
      .expect(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'settings.recheckDays', 'settings.colour']));
  });

  it('answers a JSON array or scalar body with 400', async () => {
    await test.http
      .post('/api/v1/systems')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(400);
    await test.http.post('/api/v1/systems').set(auth()).set('Content-Type', 'application/json').send('"x"').expect(400);
  });

  it('answers a JSON array where a rate card goes with 400 naming the body', async () => {
    const response = await test.http
      .post('/api/v1/rate-cards')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send('[{"scope":"national"}]')
      .expect(400);
    expect(response.body.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('answers a list where a rate card line, a contract line or system settings go with 400, not 500', async () => {
    const system = await test.http.post('/api/v1/systems').set(auth()).send({ code: 'NESTED', name: 'n' }).expect(201);
    const line = { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2600, bankRatePence: 1800 };
    const card = await test.http
      .post('/api/v1/rate-cards')
      .set(auth())
      .send({ scope: 'system', systemId: system.body.id, name: 'n', effectiveFrom: '2027-04-01', lines: [line, []] })
      .expect(400);
    expect(card.body.errors).toContainEqual({ field: 'lines', message: 'each value in lines must be an object' });
    await test.http
      .post('/api/v1/agency-contracts')
      .set(auth())
      .send({
        agencyId: system.body.id,
        systemId: system.body.id,
        framework: null,
        tier: 1,
        validFrom: '2027-04-01',
        lines: [[]],
      })
      .expect(400);
    const settings = await test.http
      .patch(`/api/v1/systems/${system.body.id}`)
      .set(auth())
      .send({ settings: [{ recheckDays: 7 }] })
      .expect(400);
    expect(settings.body.errors).toContainEqual({ field: 'settings', message: 'settings must be an object' });
  });

  it('answers a URL over the header size limit with 431 problem+json, not a bare status line', async () => {
    const response = await test.http
      .get(`/api/v1/shifts?status=${'x'.repeat(20_000)}`)
      .set(auth())
      .expect(431);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:fairshift:problem:request-header-fields-too-large', status: 431 });
  });

  it('answers a request that is not well-formed HTTP with 400 problem+json', async () => {
    const server = test.app.getHttpServer();
    if (!server.listening) await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.end('GET /api/v1/shifts HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(socket, 'close');
    const answer = Buffer.concat(chunks).toString('utf8');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 400,
      title: 'Invalid input',
    });
  });

  it('echoes a caller’s X-Request-Id, and makes one up when none is sent', async () => {
    const given = await test.http.get('/api/v1/nothing').set(auth()).set('X-Request-Id', 'trace-123').expect(404);
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(given.body.requestId).toBe('trace-123');
    const made = await test.http.get('/api/v1/nothing').set(auth()).expect(404);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
