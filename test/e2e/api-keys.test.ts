import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { buildApiKey, buildOrganisation, type Organisation } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('API keys', () => {
  let test: TestApp;
  let organisation: Organisation;

  beforeAll(async () => {
    test = await startTestApp();
    organisation = await buildOrganisation(test);
  });

  afterAll(async () => {
    await test.close();
  });

  const admin = () => test.as(test.adminKey);

  it('shows a new key once, at least 32 random bytes, and stores only its hash', async () => {
    const response = await admin()
      .post('/api/v1/api-keys', { name: 'Medway rota', role: 'rota_manager', trustIds: [organisation.trustId] })
      .expect(201);
    const key: string = response.body.key;
    expect(Buffer.from(key.replace(/^fs_/, ''), 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(response.body).toMatchObject({ role: 'rota_manager', trustIds: [organisation.trustId], systemId: null });

    const listed = await admin().get('/api/v1/api-keys').expect(200);
    const entry = listed.body.items.find((item: { id: string }) => item.id === response.body.id);
    expect(entry).not.toHaveProperty('key');
    expect(key.startsWith(entry.keyPrefix)).toBe(true);

    const client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    const stored = await client.query(
      `SELECT count(*)::int AS n FROM api_keys WHERE position($1 in row_to_json(api_keys)::text) > 0`,
      [key],
    );
    const audit = await client.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE position($1 in row_to_json(audit_log)::text) > 0`,
      [key],
    );
    await client.end();
    expect(stored.rows[0].n).toBe(0);
    expect(audit.rows[0].n).toBe(0);

    await test.as(key).get(`/api/v1/trusts/${organisation.trustId}`).expect(200);
  });

  it('requires an approval level on approver keys and refuses it on others', async () => {
    const approver = await admin()
      .post('/api/v1/api-keys', { name: 'CEO', role: 'approver', systemId: organisation.systemId })
      .expect(400);
    expect(approver.body.errors).toContainEqual(expect.objectContaining({ field: 'approvalLevel' }));
    await admin()
      .post('/api/v1/api-keys', {
        name: 'Lead',
        role: 'workforce_lead',
        systemId: organisation.systemId,
        approvalLevel: 'executive',
      })
      .expect(400);
    await admin()
      .post('/api/v1/api-keys', {
        name: 'CEO',
        role: 'approver',
        systemId: organisation.systemId,
        approvalLevel: 'chief_executive',
      })
      .expect(201);
  });

  it('requires a scope of either a system or trusts for every role but admin', async () => {
    await admin().post('/api/v1/api-keys', { name: 'x', role: 'rota_manager' }).expect(400);
    await admin()
      .post('/api/v1/api-keys', {
        name: 'x',
        role: 'rota_manager',
        systemId: organisation.systemId,
        trustIds: [organisation.trustId],
      })
      .expect(400);
    await admin().post('/api/v1/api-keys', { name: 'x', role: 'admin', systemId: organisation.systemId }).expect(400);
  });

  it('answers 404 when a scope names a trust that does not exist', async () => {
    await admin()
      .post('/api/v1/api-keys', { name: 'x', role: 'rota_manager', trustIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(404);
  });

  it('stops accepting a key once it is revoked', async () => {
    const key = await buildApiKey(test, { role: 'integration', systemId: organisation.systemId });
    await test.as(key).get('/api/v1/trusts').expect(200);
    const listed = await admin().get('/api/v1/api-keys?limit=500').expect(200);
    const id = listed.body.items.find((item: { keyPrefix: string }) => key.startsWith(item.keyPrefix)).id;
    const revoked = await admin().delete(`/api/v1/api-keys/${id}`).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await test.as(key).get('/api/v1/trusts').expect(401);
  });

  it('takes the key as the password of HTTP Basic on the queue dashboard only', async () => {
    const basic = (key: string) => `Basic ${Buffer.from(`admin:${key}`).toString('base64')}`;
    await test.http.get('/api/v1/systems').set('Authorization', basic(test.adminKey)).expect(401);
    const challenge = await test.http.get('/admin/queues').expect(401);
    expect(challenge.headers['www-authenticate']).toMatch(/^Basic /);
    const rota = await buildApiKey(test, { role: 'rota_manager', systemId: organisation.systemId });
    await test.http.get('/admin/queues').set('Authorization', basic(rota)).expect(403);
    const page = await test.http.get('/admin/queues').set('Authorization', basic(test.adminKey)).expect(200);
    expect(page.text).toContain('Fairshift queues');
  });
});
