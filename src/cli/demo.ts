import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../core/config/app-config.js';
import { dataSourceOptions } from '../core/database/data-source-options.js';
import { seedDemo } from './demo-seed.js';

/**
 * `npm run demo`: seeds the demo region (idempotently), then runs the api and a worker in one
 * process and prints where to look and which key to use.
 */
process.env.BOOTSTRAP_ADMIN_KEY ||= `demo_${randomBytes(24).toString('base64url')}`;
process.env.LOG_LEVEL ||= 'warn';
const config = loadAppConfig(process.env);

const dataSource = new DataSource(dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'fairshift-demo' }));
await dataSource.initialize();
const summary = await seedDemo(dataSource);
await dataSource.destroy();

await import('../start.js');

const base = `http://localhost:${config.PORT}`;
const key = config.BOOTSTRAP_ADMIN_KEY;
console.log(`
Fairshift demo is running (${summary}).

  API            ${base}/api/v1
  API explorer   ${base}/docs          (OpenAPI document: ${base}/docs-json)
  Health         ${base}/healthz
  Queues         ${base}/admin/queues  (user: admin, password: the key below)
  Admin key      ${key}

Try:
  curl -H "Authorization: Bearer ${key}" ${base}/api/v1/systems
  curl -H "Authorization: Bearer ${key}" "${base}/api/v1/trusts?limit=10"

Stop with Ctrl+C.
`);
