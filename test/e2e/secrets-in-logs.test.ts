import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { WebhookReceiver } from '../../src/bench/webhook-receiver.js';
import { MailCatcher } from '../../src/cli/mail-catcher.js';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildOrganisation } from '../support/factories.js';
import { agencyBooking, nursingRatesAndAgency } from '../support/rates.js';
import { clientFor, type TestApi, testOverrides } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

/**
 * Secrets never reach the logs: the api and a worker run as one real process (src/start.ts, the
 * TypeScript sources through test/support/ts-loader.mjs) logging at `trace`, and everything it
 * writes is searched for every key, webhook secret and SMTP password it handled.
 */
describe('secrets in the logs', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let mailbox: MailCatcher;
  let child: ChildProcess;
  let output = '';
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await WebhookReceiver.start();
    mailbox = await MailCatcher.start();
    secrets.smtpPassword = 'smtp-password-that-must-stay-secret';
    const port = await freePort();
    const env = testOverrides(database, {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      WEBHOOK_ALLOW_HTTP: 'true',
      RECHECK_DELAY_MS: '100',
      SMTP_URL: `smtp://fairshift:${secrets.smtpPassword}@127.0.0.1:${mailbox.port}`,
    });
    secrets.bootstrapAdminKey = env.BOOTSTRAP_ADMIN_KEY!;
    child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk));
    const http = request(`http://127.0.0.1:${port}`);
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`the app exited: ${output}`);
      await http.get('/healthz').expect(200);
    });
    const app: TestApi = { adminKey: env.BOOTSTRAP_ADMIN_KEY!, as: (key) => clientFor(http, key) };

    const organisation = await buildOrganisation(app);
    secrets.leadKey = await buildApiKey(app, { role: 'workforce_lead', systemId: organisation.systemId });
    secrets.rotaKey = await buildApiKey(app, { role: 'rota_manager', trustIds: [organisation.trustId] });
    const webhook = await app
      .as(secrets.leadKey)
      .post('/api/v1/webhooks', {
        trustId: organisation.trustId,
        url: receiver.url('/events'),
        events: ['booking.pending_approval'],
      })
      .expect(201);
    secrets.webhookSecret = webhook.body.secret;
    mailbox.refuseAlways('rota@example.nhs.uk', 451);
    const email = await app
      .as(secrets.rotaKey)
      .post('/api/v1/email-subscriptions', {
        trustId: organisation.trustId,
        address: 'rota@example.nhs.uk',
        events: ['booking.pending_approval'],
      })
      .expect(201);
    // A booking that needs sign-off: the worker signs its event with the secret and delivers it.
    const contractId = await nursingRatesAndAgency(app, organisation.systemId, 4600);
    await agencyBooking(app, organisation, '2025-06-10', contractId);
    await eventually(async () => expect(receiver.callsTo('/events')).toHaveLength(1));
    // Sent through SMTP_URL, which carries a password; the mailbox turns it away, so the failure is logged too.
    await eventually(async () => {
      const deliveries = await app.as(secrets.rotaKey).get(`/api/v1/email-subscriptions/${email.body.id}/deliveries`);
      expect(deliveries.body.items[0]?.attempts).toBeGreaterThan(0);
    });

    await app.as(secrets.rotaKey).get(`/api/v1/shifts?trustId=${organisation.trustId}`).expect(200);
    await app.as(secrets.rotaKey).post('/api/v1/agencies', { name: 'refused' }).expect(403);
    secrets.unknownKey = 'fs_this-key-was-never-issued-but-is-still-a-secret';
    await app.as(secrets.unknownKey).get('/api/v1/shifts').expect(401);
    const basic = Buffer.from(`admin:${secrets.bootstrapAdminKey}`).toString('base64');
    secrets.basicCredentials = basic;
    await http.get('/admin/queues').set('Authorization', `Basic ${basic}`).expect(200);

    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await receiver?.close();
    await mailbox?.close();
    await database?.drop();
  });

  it('logged the requests it searches', () => {
    expect(output).toContain('"url":"/api/v1/api-keys"');
    expect(output).toContain('"url":"/api/v1/webhooks"');
    expect(output).toContain('bootstrap admin key registered');
    expect(output).toContain('"authorization":"[redacted]"');
  });

  it.each([
    'bootstrapAdminKey',
    'leadKey',
    'rotaKey',
    'unknownKey',
    'basicCredentials',
    'webhookSecret',
    'smtpPassword',
  ])('never writes the %s', (name) => {
    expect(secrets[name]).toEqual(expect.any(String));
    expect(output).not.toContain(secrets[name]);
  });
});
