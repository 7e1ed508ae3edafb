#!/usr/bin/env node
// `npm run bench`: runs every `bench:*` script of package.json in turn and stops at the first
// that fails. Each benchmark prints its own figures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const benchmarks = Object.keys(scripts)
  .filter((name) => name.startsWith('bench:'))
  .sort();
if (benchmarks.length === 0) {
  console.log('no benchmarks yet');
  process.exit(0);
}
for (const name of benchmarks) {
  console.log(`\n== npm run ${name}`);
  const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
