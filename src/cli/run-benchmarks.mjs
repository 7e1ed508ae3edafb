#!/usr/bin/env node
// `npm run bench`: runs every `bench:*` script of package.json in turn (or those named:
// `npm run bench -- fill reports`), collects the figures each records (src/bench/bench-support.ts
// recordFigure) and writes them to bench/results.json and, as the README's table, bench/results.md.
// A benchmark that fails is reported as failed and the others still run; the exit code says so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = new URL('../../', import.meta.url);
const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const wanted = process.argv.slice(2);
const benchmarks = Object.keys(scripts)
  .filter((name) => name.startsWith('bench:'))
  .filter((name) => wanted.length === 0 || wanted.includes(name.slice('bench:'.length)))
  .sort();
if (benchmarks.length === 0) {
  console.error(
    `no benchmark matches ${wanted.join(', ')}; there are: ${Object.keys(scripts)
      .filter((n) => n.startsWith('bench:'))
      .join(', ')}`,
  );
  process.exit(1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'fairshift-bench-'));
const resultsFile = path.join(scratch, 'figures.jsonl');
writeFileSync(resultsFile, '');
const runs = [];
for (const name of benchmarks) {
  console.log(`\n== npm run ${name}`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', name], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
  });
  runs.push({
    benchmark: name.slice('bench:'.length),
    ok: result.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
  });
}

const figures = readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
rmSync(scratch, { recursive: true, force: true });
const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
const date = new Date().toISOString();

// A partial run (`npm run bench -- fill`) keeps the other benchmarks' figures from the last full run.
const outputDirectory = new URL('bench/', root);
mkdirSync(outputDirectory, { recursive: true });
const jsonPath = new URL('results.json', outputDirectory);
const previous = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : { figures: [], runs: [] };
const ran = new Set(runs.map((run) => run.benchmark));
const keep = (list) => (list ?? []).filter((entry) => !ran.has(entry.benchmark));
const all = {
  figures: [...keep(previous.figures), ...figures.map((figure) => ({ ...figure, date, machine }))],
  runs: [...keep(previous.runs), ...runs.map((run) => ({ ...run, date, machine }))],
};
all.figures.sort((a, b) => a.benchmark.localeCompare(b.benchmark));
all.runs.sort((a, b) => a.benchmark.localeCompare(b.benchmark));
writeFileSync(jsonPath, `${JSON.stringify(all, null, 2)}\n`);

const number = (value) =>
  Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toLocaleString('en-GB', { maximumFractionDigits: 3 });
const cell = (text) => String(text ?? '').replaceAll('|', '\\|');
const lines = [
  '| benchmark | figure | value | target | compared with | date |',
  '|---|---|---|---|---|---|',
  ...all.figures.map(
    (figure) =>
      `| ${figure.benchmark} | ${cell(figure.figure)} | ${number(figure.value)} ${cell(figure.unit)} | ` +
      `${figure.target ? `${cell(figure.target)}: ${figure.met ? 'met' : '**missed**'}` : ''} | ${cell(figure.comparedWith)} | ${figure.date.slice(0, 10)} |`,
  ),
  ...all.runs
    .filter((run) => !run.ok)
    .map((run) => `| ${run.benchmark} | **failed** (see its output) | | | | ${run.date.slice(0, 10)} |`),
];
const machines = [...new Set(all.figures.map((figure) => figure.machine))];
writeFileSync(new URL('results.md', outputDirectory), `${lines.join('\n')}\n\nMachine: ${machines.join('; ')}.\n`);

console.log(`\n== results (bench/results.json, bench/results.md)\n${lines.join('\n')}`);
const failed = runs.filter((run) => !run.ok);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.map((run) => run.benchmark).join(', ')}`);
  process.exit(1);
}
