import 'reflect-metadata';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchDatabase, machine, recordFigure, startApi } from './bench-support.js';
import { seedPastWork, seedWorkforce, stepsOn, type Step } from './workforce-seed.js';

/**
 * `npm run bench:fill`: GET /shifts/{id}/fill-options under 32 concurrent clients, with WORKERS
 * bank workers (default 20,000) and BOOKINGS past bookings (default 1,000,000) seeded in SQL.
 */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 20_000);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const OPEN_SHIFTS = 200;

async function seed(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = stepsOn(client);
  try {
    await seedWorkforce(step, WORKERS);
    await seedPastWork(step, WORKERS, Math.max(1, Math.ceil(BOOKINGS / WORKERS)));
    await seedOpenShifts(step);
    return await seededOpenShifts(client);
  } finally {
    await client.end();
  }
}

/** The open shifts the ladders are asked for, then the vacuum. */
async function seedOpenShifts(step: Step): Promise<void> {
  await step(
    `${OPEN_SHIFTS} open nursing shifts next week`,
    `
    INSERT INTO shifts (trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                        elapsed_minutes, paid_minutes, minutes_day, status)
      SELECT t.id, (SELECT id FROM wards WHERE trust_id = t.id ORDER BY code LIMIT 1), 'nursing', 'band5',
             date_trunc('day', now()) + ((2 + n % 7) || ' days')::interval + interval '7 hours',
             date_trunc('day', now()) + ((2 + n % 7) || ' days')::interval + interval '19 hours', 60,
             (date_trunc('day', now()) + ((2 + n % 7) || ' days')::interval)::date, 720, 660, 720, 'open'
        FROM generate_series(1, $1) n JOIN trusts t ON t.ods_code = 'B' || lpad((1 + n % 10)::text, 2, '0')`,
    [OPEN_SHIFTS],
  );
  // Vacuumed as autovacuum would have left a year of history: index-only scans need the visibility map.
  await step('vacuum analyze', 'VACUUM ANALYZE');
}

/** Prints what was seeded; the open shifts' ids. */
async function seededOpenShifts(client: pg.Client): Promise<string[]> {
  const counts = await client.query(
    `SELECT (SELECT count(*) FROM bank_workers) AS workers, (SELECT count(*) FROM bookings) AS bookings`,
  );
  console.log(
    `  seeded ${Number(counts.rows[0].workers).toLocaleString('en-GB')} workers, ${Number(counts.rows[0].bookings).toLocaleString('en-GB')} bookings`,
  );
  const open = await client.query(`SELECT id FROM shifts WHERE status = 'open' ORDER BY id`);
  return open.rows.map((row: { id: string }) => row.id);
}

const database = await benchDatabase('fill');
let running: Awaited<ReturnType<typeof startApi>> | undefined;
try {
  console.log(`machine: ${machine()}`);
  const shiftIds = await seed(database.url);
  running = await startApi(database.url);
  const headers = { Authorization: `Bearer ${running.adminKey}` };
  // One request first: it warms the caches, and shows a broken ladder before the load does.
  const warmStarted = Date.now();
  const warm = await fetch(`${running.baseUrl}/api/v1/shifts/${shiftIds[0]}/fill-options`, { headers });
  const ladder = (await warm.json()) as { tiers?: { options: unknown[] }[]; ineligible?: unknown[] };
  const coldMs = Date.now() - warmStarted;
  if (!warm.ok) throw new Error(`fill-options answered ${warm.status}`);
  console.log(
    `  one ladder: ${coldMs} ms, ${ladder.tiers?.reduce((sum, tier) => sum + tier.options.length, 0)} options, ` +
      `${ladder.ineligible?.length} ineligible listed`,
  );
  const result = await autocannon({
    url: running.baseUrl,
    connections: 32,
    duration: SECONDS,
    requests: shiftIds.map((id) => ({ method: 'GET' as const, path: `/api/v1/shifts/${id}/fill-options`, headers })),
  });
  console.log(
    `GET /shifts/{id}/fill-options, 32 concurrent clients, ${SECONDS} s, ${shiftIds.length} open shifts: ` +
      `median ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target p99 < 50 ms), ` +
      `${Math.round(result.requests.average)} requests/s, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  recordFigure('fill', { figure: 'one fill ladder, cold', value: coldMs, unit: 'ms' });
  recordFigure('fill', { figure: 'GET fill-options, 32 clients: median', value: result.latency.p50, unit: 'ms' });
  recordFigure('fill', {
    figure: 'GET fill-options, 32 clients: p99',
    value: result.latency.p99,
    unit: 'ms',
    target: 'p99 < 50 ms',
    met: result.latency.p99 < 50,
  });
  if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
} finally {
  await running?.stop();
  if (process.env.BENCH_KEEP_DATABASE) console.log(`  kept database ${database.url}`);
  else await database.drop();
}
