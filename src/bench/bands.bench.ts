import 'reflect-metadata';
import autocannon from 'autocannon';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../modules/time-bands/index.js';
import { BandCalendar } from '../modules/time-bands/index.js';
import type { BandScheme, BandValues } from '../modules/time-bands/index.js';
import { costPence } from '../modules/time-bands/index.js';
import { api, benchDatabase, machine, recordFigure, seededRandom, startApi, startNestFloor } from './bench-support.js';

/**
 * `npm run bench:bands`: (1) split and cost 1,000,000 generated shifts in-process; (2) the latency
 * of POST /quotes under 32 concurrent clients against the built api in its own process.
 */
const SHIFTS = Number(process.env.BENCH_SHIFTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const AFC_RATES: BandValues = { day: 2996, night: 3895, saturday: 3895, sunday: 4794, bank_holiday: 4794 };
const MEDICAL_RATES: BandValues = { core: 8061, unsocial: 10747 };

/** One warm-up pass (JIT, the calendar's day cache), then the median of three measured passes. */
function splitAndCost(): { perSecond: number; checksum: number } {
  splitAndCostOnce();
  const runs = [splitAndCostOnce(), splitAndCostOnce(), splitAndCostOnce()].sort((a, b) => a.perSecond - b.perSecond);
  return runs[1]!;
}

function splitAndCostOnce(): { perSecond: number; checksum: number } {
  const random = seededRandom(42);
  const from = Date.UTC(2025, 0, 1) / 60_000;
  const starts = new Float64Array(SHIFTS);
  const lengths = new Int32Array(SHIFTS);
  for (let index = 0; index < SHIFTS; index += 1) {
    starts[index] = (from + Math.floor(random() * 2 * 365 * 1440)) * 60_000;
    lengths[index] = 15 + Math.floor(random() * (1440 - 15));
  }
  const calendar = new BandCalendar(ENGLAND_AND_WALES_BANK_HOLIDAYS);
  let checksum = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < SHIFTS; index += 1) {
    const scheme: BandScheme = index % 5 === 0 ? 'medical' : 'agenda_for_change';
    const start = starts[index]!;
    const elapsed = lengths[index]!;
    const minutes = calendar.split(start, start + elapsed * 60_000, scheme);
    const paid = elapsed > 360 ? elapsed - 30 : elapsed;
    checksum += costPence(minutes, scheme === 'medical' ? MEDICAL_RATES : AFC_RATES, { elapsed, paid }) ?? 0;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: SHIFTS / seconds, checksum };
}

async function floorLatency() {
  const floor = await startNestFloor();
  try {
    return await autocannon({ url: `${floor.baseUrl}/floor`, connections: 32, duration: SECONDS });
  } finally {
    await floor.stop();
  }
}

async function quoteLatency() {
  const database = await benchDatabase('bands');
  let started: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    const running = (started = await startApi(database.url));
    const system = await api<{ id: string }>(running, 'POST', '/systems', { code: 'BENCH', name: 'Bench system' });
    const trust = await api<{ id: string }>(running, 'POST', '/trusts', {
      systemId: system.id,
      odsCode: 'RB1',
      name: 'Bench trust',
    });
    const lines = Object.entries(AFC_RATES).map(([band, rate]) => ({
      staffGroup: 'nursing',
      grade: 'band5',
      band,
      agencyCapPence: rate!,
    }));
    const national = await api<{ id: string }>(running, 'POST', '/rate-cards', {
      scope: 'national',
      name: 'caps',
      effectiveFrom: '2025-01-01',
      lines,
    });
    await api(running, 'POST', `/rate-cards/${national.id}/publish`);
    const systemCard = await api<{ id: string }>(running, 'POST', '/rate-cards', {
      scope: 'system',
      systemId: system.id,
      name: 'card',
      effectiveFrom: '2025-01-01',
      lines: lines.map((line) => ({ ...line, bankRatePence: Math.round(line.agencyCapPence * 0.55) })),
    });
    await api(running, 'POST', `/rate-cards/${systemCard.id}/publish`);

    const body = (day: number) =>
      JSON.stringify({
        trustId: trust.id,
        staffGroup: 'nursing',
        grade: 'band5',
        startsAt: `2025-04-${String(day).padStart(2, '0')}T19:00:00+01:00`,
        endsAt: `2025-04-${String(day + 1).padStart(2, '0')}T07:30:00+01:00`,
        breakMinutes: 30,
      });
    const result = await autocannon({
      url: `${running.baseUrl}/api/v1/quotes`,
      connections: 32,
      duration: SECONDS,
      requests: Array.from({ length: 20 }, (_, index) => ({
        method: 'POST' as const,
        headers: { Authorization: `Bearer ${running.adminKey}`, 'Content-Type': 'application/json' },
        body: body(index + 1),
      })),
    });
    return result;
  } finally {
    await started?.stop();
    await database.drop();
  }
}

const bands = splitAndCost();
console.log(`machine: ${machine()}`);
console.log(
  `split and cost, in-process: ${SHIFTS.toLocaleString('en-GB')} shifts, median of 3 warm runs ${Math.round(bands.perSecond).toLocaleString('en-GB')} shifts/s ` +
    `(target ≥ 1,000,000/s) [checksum ${bands.checksum}]`,
);
recordFigure('bands', {
  figure: 'split and cost in-process, median of 3 warm runs',
  value: Math.round(bands.perSecond),
  unit: 'shifts/s',
  target: '≥ 1,000,000/s',
  met: bands.perSecond >= 1_000_000,
});
const floor = await floorLatency();
const quotes = await quoteLatency();
if (quotes.non2xx > 0 || quotes.errors > 0) {
  console.error(
    `POST /quotes answered ${quotes.non2xx} non-2xx and ${quotes.errors} errors: the latency below is not of quotes`,
  );
  process.exitCode = 1;
}
console.log(
  `POST /quotes, 32 concurrent clients, ${SECONDS} s: median ${quotes.latency.p50} ms, p99 ${quotes.latency.p99} ms ` +
    `(target p99 < 20 ms), ${Math.round(quotes.requests.average)} requests/s, non-2xx ${quotes.non2xx}, errors ${quotes.errors}`,
);
recordFigure('bands', { figure: 'POST /quotes, 32 clients: median', value: quotes.latency.p50, unit: 'ms' });
recordFigure('bands', {
  figure: 'POST /quotes, 32 clients: p99',
  value: quotes.latency.p99,
  unit: 'ms',
  target: 'p99 < 20 ms',
  met: quotes.latency.p99 < 20,
  comparedWith: `floor (GET on a minimal NestJS app, same load): p99 ${floor.latency.p99} ms`,
});
recordFigure('bands', {
  figure: 'POST /quotes throughput',
  value: Math.round(quotes.requests.average),
  unit: 'requests/s',
  comparedWith: `floor: ${Math.round(floor.requests.average)} requests/s`,
});
console.log(
  `floor: GET on a minimal NestJS app (no database, auth, validation or logging), same load: median ${floor.latency.p50} ms, ` +
    `p99 ${floor.latency.p99} ms, ${Math.round(floor.requests.average)} requests/s; quotes run at ` +
    `${(quotes.requests.average / floor.requests.average).toFixed(2)} × its throughput`,
);
