import 'reflect-metadata';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEFAULT_DEMO_OPTIONS, seedDemo } from '../cli/demo-seed.js';
import { londonDate } from '../modules/time-bands/index.js';
import { api, benchDatabase, machine, recordFigure, sessionFor, startApi } from './bench-support.js';

/**
 * `npm run bench:pages`: server time of people's pages on the demo data (92,000 shifts) under 8
 * concurrent users: the open-shifts page, a shift page with its ladder, and the approvals queue.
 * Each page's floor is the API call that gathers the same data (JSON, an API key): page ÷ floor is
 * what the session, the names, the rendering and the layout cost on top.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 8;

async function measure(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return {
    p50: result.latency.p50,
    p95: result.latency.p97_5 ?? result.latency.p99,
    p99: result.latency.p99,
    rps: result.requests.average,
  };
}

const database = await benchDatabase('pages');
const client = new pg.Client({ connectionString: database.url });
await client.connect();
let running: Awaited<ReturnType<typeof startApi>> | undefined;
try {
  const seeding = Date.now();
  await seedDemo(client, { seed: 1, today: londonDate(), ...DEFAULT_DEMO_OPTIONS });
  console.log(`  seed: the demo region (${((Date.now() - seeding) / 1000).toFixed(1)} s)`);
  const [place] = (
    await client.query<{ trust_id: string; system_id: string }>(
      `SELECT t.id AS trust_id, t.system_id FROM trusts t WHERE t.ods_code = 'RPA'`,
    )
  ).rows;
  const users = await client.query<{ id: string; role: string }>(
    `INSERT INTO users (email, role, trust_ids, system_id, approval_level)
     VALUES ('rota@bench.test', 'rota_manager', ARRAY[$1::uuid], NULL, NULL),
            ('approver@bench.test', 'approver', '{}', $2, 'executive')
     RETURNING id, role`,
    [place!.trust_id, place!.system_id],
  );
  const rotaCookie = await sessionFor(client, users.rows.find((row) => row.role === 'rota_manager')!.id);
  const approverCookie = await sessionFor(client, users.rows.find((row) => row.role === 'approver')!.id);
  const [shift] = (
    await client.query<{ id: string }>(
      `SELECT id FROM shifts WHERE trust_id = $1 AND status = 'open' AND starts_at > now() ORDER BY starts_at, id LIMIT 1`,
      [place!.trust_id],
    )
  ).rows;

  running = await startApi(database.url);
  const key = async (body: object) => (await api<{ key: string }>(running!, 'POST', '/api-keys', body)).key;
  const rotaKey = await key({ name: 'rota', role: 'rota_manager', trustIds: [place!.trust_id] });
  const approverKey = await key({
    name: 'approver',
    role: 'approver',
    systemId: place!.system_id,
    approvalLevel: 'executive',
  });
  const base = running.baseUrl;
  const today = londonDate();
  const cases = [
    {
      name: 'open shifts page',
      page: [`${base}/shifts`, rotaCookie],
      floor: [`${base}/api/v1/shifts?trustId=${place!.trust_id}&status=open&from=${today}&sort=startsAt`, rotaKey],
    },
    {
      name: 'shift page with its ladder',
      page: [`${base}/shifts/${shift!.id}`, rotaCookie],
      floor: [`${base}/api/v1/shifts/${shift!.id}/fill-options`, rotaKey],
    },
    {
      name: 'approvals queue',
      page: [`${base}/approvals`, approverCookie],
      floor: [`${base}/api/v1/bookings?awaitingMyApproval=true`, approverKey],
    },
  ] as const;
  console.log(`pages on the demo data, ${CONNECTIONS} concurrent users, ${SECONDS} s each (${machine()})`);
  for (const { name, page, floor } of cases) {
    const floorFigures = await measure(floor[0], { Authorization: `Bearer ${floor[1]}` });
    const pageFigures = await measure(page[0], { Cookie: page[1] });
    const ratio = pageFigures.p95 / floorFigures.p95;
    console.log(
      `  ${name.padEnd(28)} p50 ${pageFigures.p50} ms, p97.5 ${pageFigures.p95} ms, p99 ${pageFigures.p99} ms, ${Math.round(pageFigures.rps)} req/s; ` +
        `its API call p97.5 ${floorFigures.p95} ms: page ÷ API ${ratio.toFixed(2)}`,
    );
    recordFigure('pages', {
      figure: `${name}, ${CONNECTIONS} users: p97.5`,
      value: pageFigures.p95,
      unit: 'ms',
      target: 'p95 < 300 ms',
      met: pageFigures.p95 < 300,
    });
    recordFigure('pages', {
      figure: `${name}: page ÷ its API call (p97.5)`,
      value: Number(ratio.toFixed(2)),
      unit: '×',
      comparedWith: 'the API call with the same data',
    });
  }
} finally {
  await running?.stop();
  await client.end();
  await database.drop();
}
