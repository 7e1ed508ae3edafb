import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchDatabase, dropQueues, machine, recordFigure, startWorker } from './bench-support.js';

/**
 * `npm run bench:releases`: BENCH_SHIFTS (default 50,000) open shifts whose collaborative-bank
 * release comes at the same instant, a few seconds after a worker process has started (with the
 * default RELEASE_SWEEP_MS of 15 s). Measured: from that instant until every shift's
 * `shift.released` event is written. Target: within 60 s (issue 16). The floor, in the same run on
 * a copy of the same rows: one hand-written statement that announces them all at once, no batches.
 */
const SHIFTS = Number(process.env.BENCH_SHIFTS ?? 50_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_MS = 60_000;

/** The shifts, open, starting in ten days, their collaborative-bank release at `due`. */
async function seedShifts(client: pg.Client, due: Date): Promise<void> {
  const system = await client.query<{ id: string }>(
    `INSERT INTO systems (code, name) VALUES ('REL' || substr(md5(random()::text), 1, 6), 'Releases') RETURNING id`,
  );
  await client.query(
    `INSERT INTO trusts (system_id, ods_code, name)
       SELECT $1::uuid, 'R' || n || substr(md5(random()::text), 1, 2), 'Trust ' || n FROM generate_series(1, 10) n`,
    [system.rows[0]!.id],
  );
  await client.query(`INSERT INTO wards (trust_id, code, name) SELECT id, 'W1', 'Ward 1' FROM trusts`);
  await client.query(
    `INSERT INTO shifts (trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                         elapsed_minutes, paid_minutes, minutes_day, posted_at, release_collaborative_bank_at,
                         release_agency_tier_1_at, release_agency_tier_2_at, release_agency_tier_3_at,
                         announced_stage, next_release_at)
     SELECT w.trust_id, w.id, 'nursing', 'band5', s.starts, s.starts + interval '12 hours', 60, (s.starts AT TIME ZONE 'Europe/London')::date,
            720, 660, 720, now(), $2, s.starts - interval '120 hours', s.starts - interval '72 hours', s.starts - interval '48 hours',
            'own_bank', $2
       FROM (SELECT n, date_trunc('minute', now()) + interval '10 days' + (n % 1440) * interval '1 minute' AS starts
               FROM generate_series(1, $1::int) n) s
       JOIN LATERAL (SELECT id, trust_id FROM wards ORDER BY id OFFSET (s.n % 10) LIMIT 1) w ON true`,
    [SHIFTS, due],
  );
  await client.query('ANALYZE shifts');
}

const announcedCount = async (client: pg.Client): Promise<number> =>
  Number(
    (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert_events WHERE type = 'shift.released'`))
      .rows[0]!.n,
  );

const database = await benchDatabase('releases');
const floorDatabase = await benchDatabase('releases-floor');
const client = new pg.Client({ connectionString: database.url });
const floor = new pg.Client({ connectionString: floorDatabase.url });
const prefix = `fs-bench-${randomBytes(3).toString('hex')}`;
await client.connect();
await floor.connect();
let worker: ReturnType<typeof startWorker> | undefined;
try {
  console.log(`machine: ${machine()}`);
  // The floor: the same rows, every one announced by one statement.
  const floorDue = new Date(Date.now() - 1_000);
  await seedShifts(floor, floorDue);
  const floorStarted = performance.now();
  await floor.query(
    `WITH moved AS (
       UPDATE shifts s SET announced_stage = 'collaborative_bank', next_release_at = s.release_agency_tier_1_at
        WHERE s.next_release_at <= now()
       RETURNING s.id, s.trust_id, s.announced_stage
     )
     INSERT INTO alert_events (type, system_id, trust_id, subject_id, data, dedupe_key)
     SELECT 'shift.released', t.system_id, m.trust_id, m.id, jsonb_build_object('shiftId', m.id, 'stage', m.announced_stage),
            'shift.released:' || m.id || ':' || m.announced_stage
       FROM moved m JOIN trusts t ON t.id = m.trust_id`,
  );
  const floorMs = performance.now() - floorStarted;
  console.log(
    `  floor: one statement announces ${SHIFTS.toLocaleString('en-GB')} releases in ${(floorMs / 1000).toFixed(2)} s`,
  );

  // The worker: every release due at once, 10 s after the worker is started.
  const due = new Date(Date.now() + 10_000);
  await seedShifts(client, due);
  worker = startWorker({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix, REDIS_URL });
  while (Date.now() < due.getTime()) await new Promise((wait) => setTimeout(wait, 100));
  let announced = 0;
  while (announced < SHIFTS) {
    if (Date.now() - due.getTime() > 10 * TARGET_MS) throw new Error(`only ${announced} announced after 10 minutes`);
    await new Promise((wait) => setTimeout(wait, 100));
    announced = await announcedCount(client);
  }
  const span = await client.query<{ first: Date; last: Date }>(
    `SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM alert_events WHERE type = 'shift.released'`,
  );
  const appliedMs = span.rows[0]!.last.getTime() - due.getTime();
  // The worker's own work: from its first batch's commit to its last, against the one statement.
  const workMs = span.rows[0]!.last.getTime() - span.rows[0]!.first.getTime();
  recordFigure('releases', {
    figure: `${SHIFTS.toLocaleString('en-GB')} releases due at once, all announced after`,
    value: Math.round(appliedMs / 100) / 10,
    unit: 's',
    target: '≤ 60 s',
    met: appliedMs <= TARGET_MS,
  });
  console.log(
    `releases: ${SHIFTS.toLocaleString('en-GB')} due at once, the last announced ${(appliedMs / 1000).toFixed(1)} s after their instant ` +
      `(target ≤ 60 s: ${appliedMs <= TARGET_MS ? 'met' : 'missed'}; RELEASE_SWEEP_MS 15 s); ` +
      `the worker's batches took ${(workMs / 1000).toFixed(2)} s, the floor (one statement) ${(floorMs / 1000).toFixed(2)} s: ` +
      `${(workMs / floorMs).toFixed(2)}× the floor`,
  );
} finally {
  await worker?.stop();
  await dropQueues(prefix);
  await client.end();
  await floor.end();
  await database.drop();
  await floorDatabase.drop();
}
