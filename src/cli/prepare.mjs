#!/usr/bin/env node
// Gets a fresh clone ready, with nothing but Node and npm: installs dependencies, finds or starts
// PostgreSQL and Redis, creates the database, then runs the tests (`test`) or the demo (`demo`).
// `unit` runs only the unit tests (src/**/*.spec.ts), which need neither PostgreSQL nor Redis.
// Plain JavaScript with no dependencies, because it runs before `npm ci` has.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mode = process.argv[2];
const passThrough = process.argv.slice(3);

function say(message) {
  process.stderr.write(`[fairshift] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\n[fairshift] cannot continue: ${message}\n\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function loadDotEnv() {
  const file = join(root, '.env');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const value = match[2].replace(/^(['"])(.*)\1$/, '$2');
    if (process.env[match[1]] === undefined) process.env[match[1]] = value;
  }
}

function ensureDependencies() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
  if (!stale) return;
  say('installing dependencies (npm ci)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) fail('npm ci failed; see the output above');
}

function reachable(host, port, timeoutMs = 1_000) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let attempt = 0; attempt < seconds * 2; attempt += 1) {
    if (await reachable(host, port)) return true;
    await new Promise((wake) => setTimeout(wake, 500));
  }
  return false;
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

function dockerAnswers() {
  return commandExists('docker') && spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
}

function startLocalPostgres() {
  if (commandExists('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      say(`starting the local PostgreSQL ${version} cluster`);
      run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    }
    return true;
  }
  if (commandExists('pg_ctl') && process.env.PGDATA) {
    say('starting PostgreSQL with pg_ctl');
    return run('pg_ctl', ['-D', process.env.PGDATA, '-l', join(process.env.PGDATA, 'server.log'), 'start']);
  }
  return false;
}

function startLocalRedis(port) {
  if (!commandExists('redis-server')) return false;
  say(`starting a local Redis on port ${port}`);
  return run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
}

async function ensureService(name, url, defaultPort, startLocal, composeService) {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port || defaultPort);
  if (await reachable(host, port)) return;
  if (isLocal(host)) {
    if (startLocal(port) && (await waitFor(host, port, 30))) return;
    if (dockerAnswers()) {
      say(`starting ${name} with docker compose`);
      run('docker', ['compose', '-f', 'docker/compose.yml', 'up', '-d', '--wait', composeService]);
      if (await waitFor(host, port, 60)) return;
    }
  }
  fail(
    `${name} is not reachable at ${host}:${port}.\n` +
      `  Start it, point ${name === 'PostgreSQL' ? 'DATABASE_URL' : 'REDIS_URL'} at a running server, ` +
      `or install it: apt-get install ${name === 'PostgreSQL' ? 'postgresql' : 'redis-server'} ` +
      '(or install Docker, and this script will use docker/compose.yml).',
  );
}

async function ensureDatabase(url) {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      say(`creating database ${database}`);
      await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    }
  } catch (error) {
    fail(`could not prepare database ${database}: ${error.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The browser test drives Debian's chromium package (playwright-core downloads no browser). Where
 * it is missing and apt-get can install it (as root), it is installed; otherwise the test fails
 * and says what to install.
 */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return;
  if (commandExists('apt-get') && process.getuid?.() === 0) {
    say('installing Chromium for the browser test (apt-get install chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) && run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }))
      return;
  }
  say(
    'Chromium is not installed: test/e2e/dashboard-browser.test.ts will fail. Install it with ' +
      '`apt-get install chromium`, or set CHROMIUM_PATH to a Chromium executable.',
  );
}

function exec(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function runJest(args) {
  process.env.NODE_ENV = 'test';
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  exec(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, ...args]);
}

if (!['test', 'unit', 'demo'].includes(mode)) fail('usage: prepare.mjs test|unit|demo [args]');

loadDotEnv();
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/fairshift';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
ensureDependencies();
// The unit project has no global setup, so nothing connects to PostgreSQL or Redis.
if (mode === 'unit') {
  runJest(['--selectProjects', 'unit', ...passThrough]);
} else {
  await ensureService('PostgreSQL', process.env.DATABASE_URL, 5432, startLocalPostgres, 'postgres');
  await ensureService('Redis', process.env.REDIS_URL, 6379, startLocalRedis, 'redis');
  await ensureDatabase(process.env.DATABASE_URL);
  if (mode === 'test') {
    ensureChromium();
    runJest(passThrough);
  } else {
    say('building');
    if (!run('npm', ['run', 'build', '--silent'])) fail('the build failed; see the output above');
    if (!run(process.execPath, ['dist/src/cli/migrate.js'])) fail('migrations failed; see the output above');
    exec(process.execPath, ['dist/src/cli/demo.js', ...passThrough]);
  }
}
