import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  benchDatabase,
  dropQueues,
  machine,
  recordFigure,
  runCompliance,
  type RunningApi,
  sessionFor,
  startApi,
  startWorker,
} from './bench-support.js';
import { seedRegion } from './compliance-seed.js';

/**
 * `npm run bench:reports`: each report of a system over a year of BENCH_BOOKINGS bookings (default
 * 1,000,000 across 10 trusts), after a compliance run has recorded its breaches. Target: each
 * under 2 s.
 */
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const database = await benchDatabase('reports');
const client = new pg.Client({ connectionString: database.url });
const prefix = `fs-bench-${randomBytes(3).toString('hex')}`;
let running: RunningApi | undefined;
const worker = startWorker({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix, REDIS_URL });
try {
  console.log(`machine: ${machine()}`);
  await client.connect();
  const lastDay = new Date().toISOString().slice(0, 10);
  const region = await seedRegion(client, { trusts: 10, days: 365, bookings: BOOKINGS, lastDay });
  running = await startApi(database.url, { QUEUE_PREFIX: prefix });
  await runCompliance(running, { systemId: region.systemId, from: region.from, to: region.to });
  await client.query('VACUUM ANALYZE');
  console.log(`  seeded ${BOOKINGS.toLocaleString('en-GB')} bookings and checked them`);
  const window = `systemId=${region.systemId}&from=${region.from}&to=${region.to}`;
  const week = await client.query(`SELECT to_char($1::date - 14, 'IYYY-"W"IW') AS week`, [lastDay]);
  const reports: [string, string][] = [
    ['agency spend by trust', `/reports/agency-spend?${window}`],
    ['agency spend by month', `/reports/agency-spend?${window}&groupBy=month`],
    ['agency spend by agency', `/reports/agency-spend?${window}&groupBy=agency`],
    ['cap compliance', `/reports/cap-compliance?${window}`],
    ['rate variation', `/reports/rate-variation?${window}`],
    ['harmonisation savings', `/reports/harmonisation-savings?${window}`],
    ['weekly return', `/reports/weekly-return?systemId=${region.systemId}&week=${week.rows[0].week}`],
    // The workforce lead's page: every report above at once (spend by month once per trust).
    ['reports page', `/reports?${window}`],
  ];
  // The page is for a signed-in person: an admin's session, as a sign-in would have stored it.
  const [admin] = (
    await client.query<{ id: string }>(
      `INSERT INTO users (email, role) VALUES ('admin@bench.test', 'admin') RETURNING id`,
    )
  ).rows;
  const cookie = await sessionFor(client, admin!.id);
  const figures: string[] = [];
  let slowest = 0;
  for (const [label, path] of reports) {
    const times: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const started = performance.now();
      const page = path.startsWith('/reports?');
      const response = await fetch(page ? `${running.baseUrl}${path}` : `${running.baseUrl}/api/v1${path}`, {
        headers: page ? { Cookie: cookie } : { Authorization: `Bearer ${running.adminKey}` },
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      await response.text();
      times.push(performance.now() - started);
    }
    const median = [...times].sort((a, b) => a - b)[1]!;
    slowest = Math.max(slowest, median);
    recordFigure('reports', {
      figure: `${label}, ${BOOKINGS.toLocaleString('en-GB')} bookings, median of 3`,
      value: Math.round(median) / 1000,
      unit: 's',
      target: '< 2 s',
      met: median < 2_000,
    });
    figures.push(`${label} ${(median / 1000).toFixed(2)} s`);
  }
  console.log(
    `reports over ${BOOKINGS.toLocaleString('en-GB')} bookings, a year of one system, median of 3: ${figures.join('; ')} ` +
      `(target each < 2 s: ${slowest < 2_000 ? 'met' : 'missed'})`,
  );
} finally {
  await running?.stop();
  await worker.stop();
  await dropQueues(prefix);
  await client.end();
  await database.drop();
}
