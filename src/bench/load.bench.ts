import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
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
import { DEFAULT_DEMO_OPTIONS, seedDemo } from '../cli/demo-seed.js';
import { londonDate } from '../modules/time-bands/index.js';

/**
 * `npm run bench:load`: the api under CLIENTS concurrent clients (default 64) for BENCH_SECONDS
 * (default 60) on the demo data set, with a worker running, over a rota manager's mix: post a
 * shift, read its fill ladder, book the first option, list shifts, list breaches, and read the
 * ladder of another open shift. Targets: no 5xx, p99 under 100 ms.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Place {
  systemId: string;
  trustId: string;
  wardId: string;
}

interface Context {
  shiftId?: string;
  booking?: Record<string, unknown>;
  place?: Place;
}

const database = await benchDatabase('load');
const prefix = `fs-bench-${randomBytes(3).toString('hex')}`;
let running: RunningApi | undefined;
const worker = startWorker({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix, REDIS_URL });
try {
  console.log(`machine: ${machine()}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const today = londonDate();
  const region = await seedDemo(client, { seed: 1, today, ...DEFAULT_DEMO_OPTIONS });
  const places = (
    await client.query(
      `SELECT t.system_id AS "systemId", w.trust_id AS "trustId", w.id AS "wardId"
         FROM wards w JOIN trusts t ON t.id = w.trust_id ORDER BY w.id`,
    )
  ).rows as Place[];
  const openShifts = (
    await client.query(`SELECT id FROM shifts WHERE status = 'open' AND starts_at > now() ORDER BY id LIMIT 2000`)
  ).rows.map((row: { id: string }) => row.id);
  if (openShifts.length === 0) throw new Error('the demo data has no open shifts');
  running = await startApi(database.url, { QUEUE_PREFIX: prefix, DATABASE_POOL_SIZE: '20' });
  // As in the demo: one compliance run per system over the whole window, so breaches are there to list.
  for (const system of region.systems) {
    await runCompliance(running, { systemId: system.id, from: region.from, to: region.to });
  }
  await client.query('VACUUM ANALYZE');
  await client.end();
  console.log(`  demo data seeded (${region.from} to ${region.to}) and checked`);
  // A fresh object per request: autocannon writes Content-Length into the headers it is given, and
  // a shared object would send a GET with the length of the last POST's body.
  const authorization = `Bearer ${running.adminKey}`;
  const read = () => ({ Authorization: authorization });
  const write = () => ({ Authorization: authorization, 'Content-Type': 'application/json' });
  let sequence = 0;
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const now = Date.now();

  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      path: '/api/v1/shifts',
      setupRequest: (request, context: Context) => {
        const place = pick(places);
        context.place = place;
        // A 12-hour day shift 2 to 60 days ahead, 08:00 to 20:00 London time in winter and summer alike.
        const day = new Date(now + (2 + ((sequence += 1) % 59)) * 86_400_000).toISOString().slice(0, 10);
        return {
          ...request,
          headers: write(),
          body: JSON.stringify({
            trustId: place.trustId,
            wardId: place.wardId,
            staffGroup: 'nursing',
            grade: 'band5',
            startsAt: `${day}T08:00:00Z`,
            endsAt: `${day}T20:00:00Z`,
            breakMinutes: 60,
            reason: 'Sickness cover',
          }),
        };
      },
      onResponse: (status, body, context: Context) => {
        context.shiftId = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
      },
    },
    {
      method: 'GET',
      setupRequest: (request, context: Context) => ({
        ...request,
        headers: read(),
        path: `/api/v1/shifts/${context.shiftId ?? pick(openShifts)}/fill-options`,
      }),
      onResponse: (status, body, context: Context) => {
        context.booking = undefined;
        if (status !== 200) return;
        const ladder = JSON.parse(body) as {
          tiers: { options: { bankWorkerId?: string; agencyContractId?: string; refused?: boolean }[] }[];
        };
        const options = ladder.tiers.flatMap((tier) => tier.options).filter((option) => !option.refused);
        const first = options[0];
        if (first?.bankWorkerId) context.booking = { type: 'bank', bankWorkerId: first.bankWorkerId };
        else if (first?.agencyContractId)
          context.booking = { type: 'agency', agencyContractId: first.agencyContractId };
      },
    },
    {
      method: 'POST',
      setupRequest: (request, context: Context) => ({
        ...request,
        headers: write(),
        path: `/api/v1/shifts/${context.shiftId ?? pick(openShifts)}/bookings`,
        body: JSON.stringify(context.booking ?? { type: 'bank', bankWorkerId: '00000000-0000-4000-8000-000000000000' }),
      }),
    },
    {
      method: 'GET',
      setupRequest: (request, context: Context) => {
        const from = new Date(now).toISOString().slice(0, 10);
        const to = new Date(now + 14 * 86_400_000).toISOString().slice(0, 10);
        return {
          ...request,
          headers: read(),
          path: `/api/v1/shifts?trustId=${context.place?.trustId ?? places[0]!.trustId}&from=${from}&to=${to}&limit=50`,
        };
      },
    },
    {
      method: 'GET',
      setupRequest: (request, context: Context) => ({
        ...request,
        headers: read(),
        path: `/api/v1/breaches?systemId=${context.place?.systemId ?? places[0]!.systemId}&status=open&limit=50`,
      }),
    },
    {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        headers: read(),
        path: `/api/v1/shifts/${pick(openShifts)}/fill-options`,
      }),
    },
  ];

  const result = await autocannon({ url: running.baseUrl, connections: CLIENTS, duration: SECONDS, requests });
  const codes = result.statusCodeStats as Record<string, { count: number }>;
  const count = (test: (code: number) => boolean) =>
    Object.entries(codes)
      .filter(([code]) => test(Number(code)))
      .reduce((sum, [, stats]) => sum + stats.count, 0);
  const serverErrors = count((code) => code >= 500);
  const clientErrors = count((code) => code >= 400 && code < 500);
  console.log(
    `load: ${CLIENTS} clients, ${SECONDS} s, mix of post shift / fill options / book / list shifts / list breaches / ` +
      `fill options: median ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target < 100 ms), ` +
      `${Math.round(result.requests.average)} requests/s; 2xx ${count((code) => code < 300)}, 4xx ${clientErrors} ` +
      `(bookings refused as the ladder changed under other clients), 5xx ${serverErrors} (target 0), ` +
      `network errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  recordFigure('load', {
    figure: `api mix, ${CLIENTS} clients, ${SECONDS} s: median`,
    value: result.latency.p50,
    unit: 'ms',
  });
  recordFigure('load', {
    figure: `api mix, ${CLIENTS} clients, ${SECONDS} s: p99`,
    value: result.latency.p99,
    unit: 'ms',
    target: 'p99 < 100 ms',
    met: result.latency.p99 < 100,
  });
  recordFigure('load', {
    figure: 'api mix: throughput',
    value: Math.round(result.requests.average),
    unit: 'requests/s',
  });
  recordFigure('load', {
    figure: 'api mix: 5xx answers',
    value: serverErrors,
    unit: 'responses',
    target: '0',
    met: serverErrors === 0,
  });
  if (serverErrors > 0 || result.errors > 0) process.exitCode = 1;
} finally {
  await running?.stop();
  await worker.stop();
  await dropQueues(prefix);
  await database.drop();
}
