import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../core/config/app-config.js';
import { dataSourceOptions } from '../core/database/data-source-options.js';
import pg from 'pg';
import { seedRegion } from '../bench/compliance-seed.js';
import { seedDemo } from './demo-seed.js';

const HISTORY_DAYS = 42;

/**
 * `npm run demo`: seeds the demo region (idempotently: Kent and Medway's trusts and wards, six
 * weeks of bookings, open shifts next week), runs the api and a worker in one process, starts a
 * compliance run over the history, and prints where to look and which key to use.
 */
process.env.BOOTSTRAP_ADMIN_KEY ||= `demo_${randomBytes(24).toString('base64url')}`;
process.env.LOG_LEVEL ||= 'warn';
const config = loadAppConfig(process.env);

const dataSource = new DataSource(dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'fairshift-demo' }));
await dataSource.initialize();
const { systemId, summary } = await seedDemo(dataSource);
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
// Six weeks of history (bank and agency bookings, timesheets, some over the caps), the first time.
const [history] = (await dataSource.query(
  `SELECT count(*)::int AS n FROM bookings b JOIN shifts s ON s.id = b.shift_id JOIN trusts t ON t.id = s.trust_id
    WHERE t.system_id = $1`,
  [systemId],
)) as { n: number }[];
if (history!.n === 0) {
  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  await seedRegion(client, { systemId, trusts: 0, days: HISTORY_DAYS, bookings: 2_500, lastDay: today });
  await client.end();
}
await dataSource.destroy();

await import('../start.js');

const base = `http://localhost:${config.PORT}`;
const key = config.BOOTSTRAP_ADMIN_KEY;
const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
// Open shifts next week to fill (posted through the API, so their band minutes are split as usual),
// and a compliance run over the history so breaches are there to look at.
const open = await call<{ items: { id: string }[] }>('GET', `/shifts?status=open&from=${today}&limit=1`);
if (open.items.length === 0) {
  const trusts = await call<{ items: { id: string }[] }>('GET', `/trusts?systemId=${systemId}&limit=10`);
  for (const [index, trust] of trusts.items.entries()) {
    const wards = await call<{ items: { id: string }[] }>('GET', `/trusts/${trust.id}/wards`);
    for (let day = 1; day <= 5; day += 1) {
      const date = new Date(Date.parse(`${today}T12:00:00Z`) + (day + index) * 86_400_000).toISOString().slice(0, 10);
      await call('POST', '/shifts', {
        trustId: trust.id,
        wardId: wards.items[day % wards.items.length]!.id,
        staffGroup: 'nursing',
        grade: 'band5',
        startsAt: new Date(`${date}T08:00:00Z`).toISOString(),
        endsAt: new Date(`${date}T20:00:00Z`).toISOString(),
        breakMinutes: 60,
        reason: 'Sickness cover',
      });
    }
  }
}
const from = new Date(Date.parse(`${today}T12:00:00Z`) - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
await call('POST', '/compliance-runs', { systemId, from, to: tomorrow });
const firstOpen = (await call<{ items: { id: string }[] }>('GET', `/shifts?status=open&from=${today}&limit=1`))
  .items[0];
console.log(`
Fairshift demo is running (${summary}).

  API            ${base}/api/v1
  API explorer   ${base}/docs          (OpenAPI document: ${base}/docs-json)
  Health         ${base}/healthz
  Dashboard      ${base}/dashboard     (user: any, password: the key below)
  Queues         ${base}/admin/queues  (user: admin, password: the key below)
  Admin key      ${key}

Try:
  curl -H "Authorization: Bearer ${key}" ${base}/api/v1/systems
  curl -H "Authorization: Bearer ${key}" "${base}/api/v1/trusts?limit=10"
  curl -H "Authorization: Bearer ${key}" "${base}/api/v1/shifts/${firstOpen?.id}/fill-options"
  curl -H "Authorization: Bearer ${key}" "${base}/api/v1/compliance-runs?limit=1"
  curl -H "Authorization: Bearer ${key}" "${base}/api/v1/breaches?severity=critical&limit=5"
  curl -H "Authorization: Bearer ${key}" "${base}/api/v1/alerts?limit=5"

Stop with Ctrl+C.
`);
