import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { ApiModule } from '../api.module.js';
import { SuggestionsService } from '../modules/fill/index.js';
import { benchDatabase, machine, recordFigure } from './bench-support.js';
import { seedPrices } from './compliance-seed.js';
import { floorCandidates } from './suggestions-floor.js';
import { seedPastWork, seedWorkforce, stepsOn, type Step } from './workforce-seed.js';

/**
 * `npm run bench:suggestions` (issue 16, benchmark 9b): the nightly suggestions pass
 * (SuggestionsService.sweep, in this process) over BENCH_BOOKINGS past bookings (default
 * 1,000,000) of BENCH_WORKERS bank workers (default 20,000), with BENCH_OPEN open shifts about to
 * reach agencies (default 1,000) and BENCH_HELD agency bookings far enough ahead to swap (default
 * 800). Target: within 2× the time of one set-based statement that finds the same candidates
 * (src/bench/suggestions-floor.ts), timed on the same rows before and after the pass (the better
 * of the two counts, so the pass never has the warmer cache).
 */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 20_000);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 1_000);
const HELD = Number(process.env.BENCH_HELD ?? 800);
const TARGET_RATIO = 2;

/** Rates and agencies for both systems, then the shifts the pass looks at. */
async function seedDue(client: pg.Client, step: Step): Promise<void> {
  const from = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
  for (const { id } of (await client.query<{ id: string }>(`SELECT id FROM systems ORDER BY code`)).rows)
    await seedPrices((sql, values) => client.query(sql, values), id, from);
  // Open nursing band 5 shifts one to three days ahead: agencies see them within 24 hours.
  await step(
    `${OPEN.toLocaleString('en-GB')} open shifts about to reach agencies`,
    `INSERT INTO shifts (trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                         elapsed_minutes, paid_minutes, minutes_day, status, posted_at, release_collaborative_bank_at,
                         release_agency_tier_1_at, release_agency_tier_2_at, release_agency_tier_3_at,
                         announced_stage, next_release_at)
     SELECT t.id, (SELECT id FROM wards WHERE trust_id = t.id ORDER BY code OFFSET n % 5 LIMIT 1), 'nursing', 'band5',
            s.starts, s.starts + interval '12 hours', 60, (s.starts AT TIME ZONE 'Europe/London')::date, 720, 660, 720, 'open',
            now() - interval '2 days', now() - interval '1 day', now() + interval '6 hours', now() + interval '12 hours',
            now() + interval '18 hours', 'collaborative_bank', now() + interval '6 hours'
       FROM generate_series(1, $1) n
       CROSS JOIN LATERAL (SELECT date_trunc('day', now()) + (1 + n % 3) * interval '1 day' + interval '7 hours' AS starts) s
       JOIN trusts t ON t.ods_code = 'B' || lpad((1 + n % 10)::text, 2, '0')`,
    [OPEN],
  );
  // Agency bookings of shifts three to ten days ahead, at the framework contract's 2,500 an hour.
  await step(
    `${HELD.toLocaleString('en-GB')} agency bookings far enough ahead to swap`,
    `WITH shift AS (
       INSERT INTO shifts (trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                           elapsed_minutes, paid_minutes, minutes_day, status)
       SELECT t.id, (SELECT id FROM wards WHERE trust_id = t.id ORDER BY code OFFSET n % 5 LIMIT 1), 'nursing', 'band5',
              s.starts, s.starts + interval '12 hours', 60, (s.starts AT TIME ZONE 'Europe/London')::date, 720, 660, 720, 'booked'
         FROM generate_series(1, $1) n
         CROSS JOIN LATERAL (SELECT date_trunc('day', now()) + (3 + n % 8) * interval '1 day' + interval '19 hours' AS starts) s
         JOIN trusts t ON t.ods_code = 'B' || lpad((1 + n % 10)::text, 2, '0')
       RETURNING id, trust_id, ward_id, starts_at, ends_at)
     INSERT INTO bookings (shift_id, type, agency_contract_id, status, ward_id, starts_at, ends_at, paid_minutes,
                           rates_pence, cost_pence, ladder, eligible_bank_count)
     SELECT shift.id, 'agency',
            (SELECT c.id FROM agency_contracts c JOIN trusts t ON t.system_id = c.system_id
              WHERE t.id = shift.trust_id AND c.framework IS NOT NULL ORDER BY c.id LIMIT 1),
            'confirmed', shift.ward_id, shift.starts_at, shift.ends_at, 660, '{"day": 2500}', 27500, '{}', 0
       FROM shift`,
    [HELD],
  );
  await step('vacuum analyze', 'VACUUM ANALYZE');
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const database = await benchDatabase('suggestions');
const client = new pg.Client({ connectionString: database.url });
await client.connect();
let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
try {
  console.log(`machine: ${machine()}`);
  const step = stepsOn(client);
  await seedWorkforce(step, WORKERS);
  await seedPastWork(step, WORKERS, Math.max(1, Math.ceil(BOOKINGS / WORKERS)));
  await seedDue(client, step);
  const bookings = Number((await client.query(`SELECT count(*)::int AS n FROM bookings`)).rows[0].n);
  app = await NestFactory.createApplicationContext(
    ApiModule.forRoot({
      DATABASE_URL: database.url,
      // Every batch's facts statement takes seconds here: the slow-query warning would drown the figures.
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: `fs-bench-${randomBytes(3).toString('hex')}`,
      ALERTS_SECRET_KEY: randomBytes(32).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
    }),
    { logger: ['error', 'warn'] },
  );
  const now = new Date();
  const before = await timed(() => floorCandidates(client, now));
  console.log(
    `  floor (one statement): ${before.result.size.toLocaleString('en-GB')} shifts with candidates in ${(before.ms / 1000).toFixed(1)} s`,
  );
  const pass = await timed(() => app!.get(SuggestionsService).sweep(now));
  console.log(
    `  the pass: ${pass.result.raised.toLocaleString('en-GB')} suggestions raised in ${(pass.ms / 1000).toFixed(1)} s`,
  );
  const after = await timed(() => floorCandidates(client, now));
  console.log(`  floor again: ${(after.ms / 1000).toFixed(1)} s`);
  const floorMs = Math.min(before.ms, after.ms);

  // The pass must name whom the floor names: every suggestion raised, the same workers in the same order.
  const raised = await client.query<{ key: string; workers: string[] }>(
    `SELECT kind || ' ' || shift_id AS key, array(SELECT c->>'bankWorkerId' FROM jsonb_array_elements(candidates) c) AS workers
       FROM fill_suggestions WHERE status = 'open'`,
  );
  const differing = raised.rows.filter((row) => before.result.get(row.key)?.join() !== row.workers.join()).length;
  if (differing > 0 || raised.rows.length !== before.result.size) {
    process.exitCode = 1;
    console.error(
      `  the pass and the floor disagree: ${differing} of ${raised.rows.length} suggestions name other workers; ` +
        `the floor found candidates for ${before.result.size} shifts`,
    );
  }
  const ratio = pass.ms / floorMs;
  recordFigure('suggestions', {
    figure: `nightly suggestions pass over ${bookings.toLocaleString('en-GB')} bookings`,
    value: Math.round(pass.ms / 100) / 10,
    unit: 's',
  });
  recordFigure('suggestions', {
    figure: 'the pass against one set-based statement finding the same candidates',
    value: Math.round(ratio * 100) / 100,
    unit: '×',
    target: '≤ 2×',
    met: ratio <= TARGET_RATIO,
  });
  console.log(
    `suggestions: the nightly pass over ${bookings.toLocaleString('en-GB')} bookings (${OPEN.toLocaleString('en-GB')} open shifts, ` +
      `${HELD.toLocaleString('en-GB')} agency bookings due a look) took ${(pass.ms / 1000).toFixed(1)} s, ` +
      `the floor ${(floorMs / 1000).toFixed(1)} s: ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= TARGET_RATIO ? 'met' : 'missed'}); ` +
      `${raised.rows.length - differing} of ${raised.rows.length} suggestions name the floor's workers`,
  );
} finally {
  await app?.close();
  await client.end();
  if (process.env.BENCH_KEEP_DATABASE) console.log(`  kept database ${database.url}`);
  else await database.drop();
}
