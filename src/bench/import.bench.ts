import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { stringify } from 'csv-stringify/sync';
import { shiftTiming } from '../modules/shifts/index.js';
import { BandCalendar } from '../modules/time-bands/index.js';
import {
  api,
  benchDatabase,
  dropQueues,
  machine,
  recordFigure,
  type RunningApi,
  seededRandom,
  startApi,
  startWorker,
} from './bench-support.js';

/**
 * `npm run bench:import`: BENCH_ROWS shift rows (default 100,000) as one CSV file through
 * `POST /imports/shifts`, timed from the upload to `succeeded`, against the floor: PostgreSQL's
 * COPY of the same rows, already split into band minutes, into the same table. Target: < 10 s.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GRADES = ['band3', 'band4', 'band5', 'band6'];

/** `COPY … FROM STDIN` through node-pg's protocol hooks: one CSV chunk, then the end of the copy. */
class CopyFrom {
  private error: Error | null = null;
  readonly done: Promise<void>;
  private finish!: (error: Error | null) => void;

  constructor(
    readonly text: string,
    private readonly body: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.finish = (error) => (error ? reject(error) : resolve());
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    for (let offset = 0; offset < this.body.length; offset += 1 << 20) {
      connection.sendCopyFromChunk(this.body.subarray(offset, offset + (1 << 20)));
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.finish(this.error);
  }
}

const database = await benchDatabase('import');
const client = new pg.Client({ connectionString: database.url });
const prefix = `fs-bench-${randomBytes(3).toString('hex')}`;
let running: RunningApi | undefined;
const worker = startWorker({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix, REDIS_URL });
try {
  console.log(`machine: ${machine()}`);
  await client.connect();
  running = await startApi(database.url, { QUEUE_PREFIX: prefix, IMPORT_MAX_BYTES: String(200 * 1024 * 1024) });
  const system = await api<{ id: string }>(running, 'POST', '/systems', { code: 'BENCH', name: 'Bench system' });
  const places: { trustId: string; wardId: string }[] = [];
  for (let trustIndex = 0; trustIndex < 4; trustIndex += 1) {
    const trust = await api<{ id: string }>(running, 'POST', '/trusts', {
      systemId: system.id,
      odsCode: `BN${trustIndex}`,
      name: `Trust ${trustIndex}`,
    });
    for (let wardIndex = 0; wardIndex < 5; wardIndex += 1) {
      const ward = await api<{ id: string }>(running, 'POST', `/trusts/${trust.id}/wards`, {
        code: `W${wardIndex}`,
        name: `Ward ${wardIndex}`,
      });
      places.push({ trustId: trust.id, wardId: ward.id });
    }
  }

  // A year of day, long-day and night shifts, the same every run.
  const random = seededRandom(8);
  const header = ['trustId', 'wardId', 'staffGroup', 'grade', 'startsAt', 'endsAt', 'breakMinutes', 'externalRef'];
  const rows: string[][] = [];
  const firstDay = Date.UTC(2025, 0, 1);
  for (let index = 0; index < ROWS; index += 1) {
    const place = places[Math.floor(random() * places.length)]!;
    const [startHour, hours] = [
      [7, 8],
      [8, 12.5],
      [19, 12.5],
    ][Math.floor(random() * 3)]!;
    const start = firstDay + Math.floor(random() * 365) * 86_400_000 + startHour! * 3_600_000;
    const end = start + hours! * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    rows.push([
      place.trustId,
      place.wardId,
      'nursing',
      GRADES[Math.floor(random() * GRADES.length)]!,
      iso(start),
      iso(end),
      hours! > 8 ? '60' : '30',
      `E-${index}`,
    ]);
  }
  const file = Buffer.from(stringify([header, ...rows]));
  console.log(`  ${ROWS.toLocaleString('en-GB')} rows, ${(file.length / 2 ** 20).toFixed(1)} MiB`);

  const started = performance.now();
  const response = await fetch(`${running.baseUrl}/api/v1/imports/shifts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${running.adminKey}`, 'Content-Type': 'text/csv' },
    body: file,
  });
  if (response.status !== 202) throw new Error(`POST /imports/shifts: ${response.status} ${await response.text()}`);
  const accepted = (await response.json()) as { id: string };
  const uploadedMs = performance.now() - started;
  for (;;) {
    const state = await api<{ status: string; created: number; errors: unknown[] }>(
      running,
      'GET',
      `/imports/${accepted.id}`,
    );
    if (state.status === 'succeeded') {
      if (state.created !== ROWS) throw new Error(`created ${state.created} of ${ROWS} shifts`);
      break;
    }
    if (state.status === 'failed') throw new Error(`the import failed: ${JSON.stringify(state.errors.slice(0, 5))}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
  const importMs = performance.now() - started;
  const [timing] = (
    await client.query(`SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms FROM imports WHERE id = $1`, [
      accepted.id,
    ])
  ).rows as { ms: string }[];

  // The floor: the same rows, split beforehand (not timed), copied into the emptied table.
  const holidays = (await client.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM bank_holidays`)).rows;
  const calendar = new BandCalendar(holidays.map((row: { date: string }) => row.date));
  const columns = [
    'trust_id',
    'ward_id',
    'staff_group',
    'grade',
    'starts_at',
    'ends_at',
    'break_minutes',
    'local_start_date',
    'elapsed_minutes',
    'paid_minutes',
    'minutes_bank_holiday',
    'minutes_sunday',
    'minutes_saturday',
    'minutes_night',
    'minutes_day',
    'minutes_unsocial',
    'minutes_core',
    'status',
    'external_ref',
  ];
  const copyRows = rows.map(([trustId, wardId, group, grade, startsAt, endsAt, breakMinutes, ref]) => {
    const split = shiftTiming(
      { staffGroup: group!, grade: grade!, startsAt: startsAt!, endsAt: endsAt!, breakMinutes: Number(breakMinutes) },
      calendar,
    );
    const minutes = split.minutes;
    return [
      trustId,
      wardId,
      group,
      grade,
      startsAt,
      endsAt,
      breakMinutes,
      split.localStartDate,
      minutes.elapsedMinutes,
      minutes.paidMinutes,
      minutes.minutesBankHoliday,
      minutes.minutesSunday,
      minutes.minutesSaturday,
      minutes.minutesNight,
      minutes.minutesDay,
      minutes.minutesUnsocial,
      minutes.minutesCore,
      'open',
      ref,
    ];
  });
  const copyBody = Buffer.from(stringify(copyRows));
  await client.query('DELETE FROM shifts');
  await client.query('VACUUM ANALYZE shifts');
  const copyStarted = performance.now();
  const copy = new CopyFrom(`COPY shifts (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`, copyBody);
  void client.query(copy as never);
  await copy.done;
  const copyMs = performance.now() - copyStarted;
  const copied = (await client.query('SELECT count(*)::int AS n FROM shifts')).rows[0].n as number;
  if (copied !== ROWS) throw new Error(`COPY wrote ${copied} of ${ROWS} rows`);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const floor = `PostgreSQL's COPY of the same rows, split beforehand: ${seconds(copyMs)}`;
  recordFigure('import', {
    figure: `${ROWS.toLocaleString('en-GB')} shift rows, upload to succeeded`,
    value: Math.round(importMs) / 1000,
    unit: 's',
    target: '< 10 s',
    met: importMs < 10_000,
    comparedWith: floor,
  });
  recordFigure('import', {
    figure: 'import ÷ COPY',
    value: Math.round((importMs / copyMs) * 10) / 10,
    unit: '×',
    comparedWith: floor,
  });
  console.log(
    `import of ${ROWS.toLocaleString('en-GB')} shift rows: ${seconds(importMs)} from upload to succeeded ` +
      `(upload ${seconds(uploadedMs)}, worker ${seconds(Number(timing!.ms))}; target < 10 s: ${importMs < 10_000 ? 'met' : 'missed'})`,
  );
  console.log(
    `floor: COPY of the same rows, split beforehand, ${seconds(copyMs)}; import ÷ floor ${(importMs / copyMs).toFixed(1)} ×`,
  );
} finally {
  await running?.stop();
  await worker.stop();
  await dropQueues(prefix);
  await client.end();
  await database.drop();
}
