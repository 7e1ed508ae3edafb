import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import pg from 'pg';
import { DataSource, In } from 'typeorm';
import { dataSourceOptions } from '../data-source-options.js';
import { fromShiftMinutesColumns } from '../modules/shifts/index.js';
import { redisOptionsFromUrl } from '../core/redis/redis-options.js';
import { Booking } from '../modules/bookings/index.js';
import { Timesheet } from '../modules/bookings/index.js';
import { AgencyContract } from '../modules/agencies/index.js';
import { Breach } from '../modules/compliance/index.js';
import { requiredSignoff } from '../modules/fill/index.js';
import { chargeJoin, chargeSql } from '../modules/invoices/index.js';
import { System } from '../modules/organisations/index.js';
import { Trust } from '../modules/organisations/index.js';
import { RateCard } from '../modules/rate-cards/index.js';
import { RateCardLine } from '../modules/rate-cards/index.js';
import { Shift } from '../modules/shifts/index.js';
import type { BandValues } from '../modules/time-bands/index.js';
import { costPence } from '../modules/time-bands/index.js';
import {
  benchDatabase,
  dropQueues,
  machine,
  recordFigure,
  runCompliance,
  type RunningApi,
  startApi,
  startWorker,
} from './bench-support.js';
import { seedRegion, type SeededRegion } from './compliance-seed.js';

/**
 * `npm run bench:compliance`: the compliance engine over a region's year of bookings (BENCH_BOOKINGS,
 * default 1,000,000, across BENCH_TRUSTS trusts, default 10), against the floor (one hand-written
 * statement for the national-cap rule alone) and a naive per-booking evaluation through the ORM.
 */
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const TRUSTS = Number(process.env.BENCH_TRUSTS ?? 10);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 10_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** The engine with `workers` worker processes, from POST /compliance-runs to `succeeded`. */
async function engineRun(
  running: RunningApi,
  region: SeededRegion,
  workers: number,
  prefix: string,
  databaseUrl: string,
  client: pg.Client,
) {
  await client.query('TRUNCATE breaches');
  const processes = Array.from({ length: workers }, () =>
    startWorker({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, REDIS_URL, WORKER_CONCURRENCY: '2' }),
  );
  const queue = new Queue('compliance', { connection: redisOptionsFromUrl(REDIS_URL), prefix });
  try {
    // Started and listening before the clock starts.
    for (let attempt = 0; (await queue.getWorkers()).length < workers; attempt += 1) {
      if (attempt > 300) throw new Error('the worker processes did not start');
      await new Promise((wake) => setTimeout(wake, 100));
    }
    const [run, ms] = await timed(() =>
      runCompliance(running, { systemId: region.systemId, from: region.from, to: region.to }, 100),
    );
    const peak = Math.max(...processes.map((process) => process.peakMemoryMiB() ?? 0));
    return { run, ms, peak };
  } finally {
    await queue.close();
    await Promise.all(processes.map((process) => process.stop()));
  }
}

/** The floor: the national-cap rule alone, in one hand-written INSERT … SELECT. */
const FLOOR = `
INSERT INTO floor_national (booking_id, amount_pence)
SELECT b.id, charge - c.cap
  FROM bookings b
  JOIN shifts s ON s.id = b.shift_id
  JOIN trusts t ON t.id = s.trust_id
  LEFT JOIN timesheets ts ON ts.booking_id = b.id
  ${chargeJoin('b')}
  JOIN rate_cards nc ON nc.scope = 'national' AND nc.status = 'published'
   AND nc.effective_from <= coalesce(ts.local_start_date, s.local_start_date)
   AND (nc.effective_to IS NULL OR nc.effective_to > coalesce(ts.local_start_date, s.local_start_date))
  CROSS JOIN LATERAL (SELECT ${chargeSql('ts', 'b')} AS charge) ch
  CROSS JOIN LATERAL (
    SELECT fairshift_half_up(sum(l.agency_cap_pence * m.minutes) * coalesce(ts.paid_minutes, s.paid_minutes),
                             coalesce(ts.elapsed_minutes, s.elapsed_minutes) * 60) AS cap,
           count(*) = count(l.id) AS complete
      FROM (VALUES ('bank_holiday', coalesce(ts.minutes_bank_holiday, s.minutes_bank_holiday)),
                   ('sunday', coalesce(ts.minutes_sunday, s.minutes_sunday)),
                   ('saturday', coalesce(ts.minutes_saturday, s.minutes_saturday)),
                   ('night', coalesce(ts.minutes_night, s.minutes_night)),
                   ('day', coalesce(ts.minutes_day, s.minutes_day)),
                   ('unsocial', coalesce(ts.minutes_unsocial, s.minutes_unsocial)),
                   ('core', coalesce(ts.minutes_core, s.minutes_core))) m(band, minutes)
      LEFT JOIN rate_card_lines l ON l.card_id = nc.id AND l.staff_group = s.staff_group AND l.grade = s.grade
                                 AND l.band = m.band
     WHERE m.minutes > 0) c
 WHERE b.type = 'agency' AND b.status IN ('pending_approval', 'confirmed')
   AND t.system_id = $1 AND s.local_start_date >= $2 AND s.local_start_date < $3
   AND c.complete AND ch.charge > c.cap`;

/**
 * What a first version written through the ORM would do: per booking, load it and its shift,
 * timesheet, contract and cards, cost it in TypeScript, and save each breach.
 */
async function naive(databaseUrl: string): Promise<{ ms: number; checked: number }> {
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl, applicationName: 'bench-naive' }));
  await dataSource.initialize();
  try {
    const sample = await dataSource.getRepository(Booking).find({
      where: { status: In(['pending_approval', 'confirmed']) },
      select: { id: true },
      take: NAIVE_SAMPLE,
      order: { id: 'ASC' },
    });
    const [, ms] = await timed(async () => {
      for (const { id } of sample) await naiveCheck(dataSource, id);
    });
    return { ms, checked: sample.length };
  } finally {
    await dataSource.destroy();
  }
}

/** One booking, the naive way: load, cost, save each breach. */
async function naiveCheck(dataSource: DataSource, id: string): Promise<void> {
  const loaded = await naiveLoad(dataSource, id);
  const { booking, shift, system, timesheet, contract } = loaded;
  const minutes = fromShiftMinutesColumns((timesheet ?? shift).minutes);
  const times = {
    elapsed: (timesheet ?? shift).minutes.elapsedMinutes,
    paid: (timesheet ?? shift).minutes.paidMinutes,
  };
  const national = await naiveRates(dataSource, loaded, 'national', 'agencyCapPence');
  const systemCap = await naiveRates(dataSource, loaded, 'system', 'agencyCapPence');
  const bank = await naiveRates(dataSource, loaded, 'system', 'bankRatePence');
  const costs = {
    capCost: national ? costPence(minutes, national, times) : null,
    systemCapCost: systemCap ? costPence(minutes, systemCap, times) : null,
    cardCost: bank ? costPence(minutes, bank, times) : null,
    charge: timesheet?.amountPence ?? booking.costPence,
    offFramework: booking.type === 'agency' && !contract?.framework,
  };
  const signoff = requiredSignoff(
    {
      type: booking.type,
      chargePence: costs.charge,
      capCostPence: costs.capCost,
      paidMinutes: times.paid,
      offFramework: costs.offFramework,
    },
    system,
  );
  for (const [rule, amount] of naiveBreaches(booking.type, costs)) {
    const existing = await dataSource.getRepository(Breach).findOneBy({ bookingId: booking.id, rule: rule as never });
    await dataSource.getRepository(Breach).save({
      ...(existing ?? {}),
      bookingId: booking.id,
      shiftId: shift.id,
      trustId: shift.trustId,
      systemId: system.id,
      localStartDate: shift.localStartDate,
      rule: rule as never,
      severity: existing?.severity ?? 'medium',
      status: existing?.status ?? 'open',
      amountPence: amount,
      chargePence: costs.charge,
      capCostPence: costs.capCost,
      systemCapCostPence: costs.systemCapCost,
      cardCostPence: costs.cardCost,
      signoffLevel: signoff,
    });
  }
}

type NaiveBooking = Awaited<ReturnType<typeof naiveLoad>>;

/** The booking, its shift, trust, system, timesheet and contract, one query each. */
async function naiveLoad(dataSource: DataSource, id: string) {
  const booking = await dataSource.getRepository(Booking).findOneByOrFail({ id });
  const shift = await dataSource.getRepository(Shift).findOneByOrFail({ id: booking.shiftId });
  const trust = await dataSource.getRepository(Trust).findOneByOrFail({ id: shift.trustId });
  const system = await dataSource.getRepository(System).findOneByOrFail({ id: trust.systemId });
  const timesheet = await dataSource.getRepository(Timesheet).findOneBy({ shiftId: shift.id });
  const contract = booking.agencyContractId
    ? await dataSource.getRepository(AgencyContract).findOneBy({ id: booking.agencyContractId })
    : null;
  return { booking, shift, system, timesheet, contract };
}

/** The rates of the card in force on the booking's date, for its group and grade. */
async function naiveRates(
  dataSource: DataSource,
  { shift, system, timesheet }: NaiveBooking,
  scope: 'national' | 'system',
  field: 'agencyCapPence' | 'bankRatePence',
): Promise<BandValues | null> {
  const date = timesheet?.localStartDate ?? shift.localStartDate;
  const card = await dataSource
    .getRepository(RateCard)
    .createQueryBuilder('card')
    .where(`card.scope = :scope AND card.status = 'published' AND card.effective_from <= :date`, {
      scope,
      date,
    })
    .andWhere('(card.effective_to IS NULL OR card.effective_to > :date)', { date })
    .andWhere(scope === 'system' ? 'card.system_id = :systemId' : '1 = 1', { systemId: system.id })
    .getOne();
  if (!card) return null;
  const lines = await dataSource
    .getRepository(RateCardLine)
    .findBy({ cardId: card.id, staffGroup: shift.staffGroup, grade: shift.grade });
  return Object.fromEntries(lines.map((line) => [line.band, line[field]])) as BandValues;
}

/** The rules a booking breaks, with the amount of each. */
function naiveBreaches(
  type: string,
  costs: {
    capCost: number | null;
    systemCapCost: number | null;
    cardCost: number | null;
    charge: number;
    offFramework: boolean;
  },
): [string, number][] {
  const { capCost, systemCapCost, cardCost, charge, offFramework } = costs;
  const found: [string, number][] = [];
  if (type === 'agency' && capCost !== null && charge > capCost)
    found.push(['AGENCY_OVER_NATIONAL_CAP', charge - capCost]);
  if (type === 'agency' && systemCapCost !== null && charge > systemCapCost)
    found.push(['AGENCY_OVER_SYSTEM_CAP', charge - systemCapCost]);
  if (offFramework) found.push(['OFF_FRAMEWORK_AGENCY', charge]);
  if (type === 'bank' && cardCost !== null && charge > cardCost) found.push(['BANK_ABOVE_CARD', charge - cardCost]);
  if (type === 'bank' && cardCost !== null && charge < cardCost) found.push(['BANK_BELOW_CARD', cardCost - charge]);
  return found;
}

const database = await benchDatabase('compliance');
const client = new pg.Client({ connectionString: database.url });
let running: RunningApi | undefined;
const prefix = `fs-bench-${randomBytes(3).toString('hex')}`;
try {
  console.log(`machine: ${machine()}`);
  await client.connect();
  const lastDay = new Date().toISOString().slice(0, 10);
  const [region, seedMs] = await timed(() =>
    seedRegion(client, { trusts: TRUSTS, days: DAYS, bookings: BOOKINGS, lastDay }),
  );
  const agency = await client.query(
    `SELECT count(*) FILTER (WHERE type = 'agency')::float / count(*) AS agency,
            (SELECT count(*) FROM timesheets)::float / count(*) AS timesheets FROM bookings`,
  );
  console.log(
    `  seeded ${BOOKINGS.toLocaleString('en-GB')} bookings, ${TRUSTS} trusts, ${DAYS} days in ${seconds(seedMs)}: ` +
      `${Math.round(agency.rows[0].agency * 100)} % agency, ${Math.round(agency.rows[0].timesheets * 100)} % with timesheets`,
  );
  running = await startApi(database.url, { QUEUE_PREFIX: prefix });

  const one = await engineRun(running, region, 1, prefix, database.url, client);
  const two = await engineRun(running, region, 2, prefix, database.url, client);
  const breaches = await client.query(`SELECT rule, count(*)::int AS n FROM breaches GROUP BY rule ORDER BY rule`);
  console.log(
    `  engine, 9 rules, ${one.run.chunksTotal} chunks: 1 worker ${seconds(one.ms)}, 2 workers ${seconds(two.ms)}; ` +
      `${Number(two.run.breachesOpened).toLocaleString('en-GB')} breaches (` +
      breaches.rows.map((row: { rule: string; n: number }) => `${row.rule} ${row.n}`).join(', ') +
      ')',
  );

  await client.query('CREATE UNLOGGED TABLE floor_national (booking_id uuid, amount_pence bigint)');
  const [, floorMs] = await timed(() => client.query(FLOOR, [region.systemId, region.from, region.to]));
  const mismatch = await client.query(
    `SELECT (SELECT count(*) FROM (SELECT booking_id, amount_pence FROM floor_national
                                   EXCEPT SELECT booking_id, amount_pence FROM breaches WHERE rule = 'AGENCY_OVER_NATIONAL_CAP') x)::int AS missing,
            (SELECT count(*) FROM (SELECT booking_id, amount_pence FROM breaches WHERE rule = 'AGENCY_OVER_NATIONAL_CAP'
                                   EXCEPT SELECT booking_id, amount_pence FROM floor_national) y)::int AS extra,
            (SELECT count(*) FROM floor_national)::int AS floor_rows`,
  );
  const check = mismatch.rows[0] as { missing: number; extra: number; floor_rows: number };
  console.log(`  floor: one INSERT … SELECT, national-cap rule only: ${seconds(floorMs)} (${check.floor_rows} rows)`);

  const naiveRun = await naive(database.url);
  const naiveMs = (naiveRun.ms / naiveRun.checked) * BOOKINGS;
  console.log(
    `  naive: ORM per booking, ${naiveRun.checked.toLocaleString('en-GB')} bookings in ${seconds(naiveRun.ms)}, ` +
      `extrapolated to ${BOOKINGS.toLocaleString('en-GB')}: ${seconds(naiveMs)}`,
  );
  const ok = check.missing === 0 && check.extra === 0;
  const floorSeconds = `floor: one INSERT … SELECT, national-cap rule only, ${seconds(floorMs)}`;
  recordFigure('compliance', {
    figure: `engine over ${BOOKINGS.toLocaleString('en-GB')} bookings, 1 worker`,
    value: Math.round(one.ms) / 1000,
    unit: 's',
    comparedWith: floorSeconds,
  });
  recordFigure('compliance', {
    figure: `engine over ${BOOKINGS.toLocaleString('en-GB')} bookings, 2 workers`,
    value: Math.round(two.ms) / 1000,
    unit: 's',
  });
  recordFigure('compliance', {
    figure: 'engine ÷ floor',
    value: Math.round((one.ms / floorMs) * 10) / 10,
    unit: '×',
    target: '≤ 3 ×',
    met: one.ms / floorMs <= 3,
    comparedWith: floorSeconds,
  });
  recordFigure('compliance', {
    figure: 'naive ÷ engine',
    value: Math.round(naiveMs / one.ms),
    unit: '×',
    target: '≥ 100 ×',
    met: naiveMs / one.ms >= 100,
    comparedWith: `naive per-booking ORM loop, extrapolated: ${seconds(naiveMs)}`,
  });
  recordFigure('compliance', {
    figure: 'worker peak memory',
    value: Math.max(one.peak, two.peak),
    unit: 'MiB',
    target: '< 512 MiB',
    met: Math.max(one.peak, two.peak) < 512,
  });
  recordFigure('compliance', {
    figure: 'national-cap breaches equal the floor’s, row for row',
    value: check.missing + check.extra,
    unit: 'rows differing',
    target: '0',
    met: ok,
  });
  console.log(
    `compliance: engine ${seconds(one.ms)} (1 worker), ${seconds(two.ms)} (2 workers); ` +
      `${(one.ms / floorMs).toFixed(1)} × the floor (target ≤ 3); ${Math.round(naiveMs / one.ms)} × faster than naive ` +
      `(target ≥ 100); worker peak memory ${Math.max(one.peak, two.peak)} MiB (target < 512); ` +
      `national-cap cross-check ${ok ? 'passed' : `FAILED (${check.missing} missing, ${check.extra} extra)`}`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await running?.stop();
  await dropQueues(prefix);
  await client.end();
  if (process.env.BENCH_KEEP_DATABASE) console.log(`  kept database ${database.url}`);
  else await database.drop();
}
