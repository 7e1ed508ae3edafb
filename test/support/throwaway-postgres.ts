import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/bench/bench-support.js';

/** The server binaries of the newest PostgreSQL installed (Debian keeps them out of PATH). */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => existsSync(path.join(root, entry, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}: install postgresql`);
  return path.join(root, versions[0]!, 'bin');
}

/**
 * A private PostgreSQL cluster on its own port and directory, for tests that stop and restart the
 * database: never the shared server other test files use. As root (CI), it runs as `postgres`,
 * because PostgreSQL refuses to run as root.
 */
export class ThrowawayPostgres {
  private process: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly directory: string,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const directory = mkdtempSync(path.join(tmpdir(), 'fairshift-pg-'));
    const server = new ThrowawayPostgres(await freePort(), directory);
    if (process.getuid?.() === 0) chownSync(directory, ...server.postgresIds());
    server.run('initdb', [
      '-D',
      path.join(directory, 'data'),
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await server.start();
    return server;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const args = [
      '-D',
      path.join(this.directory, 'data'),
      '-p',
      String(this.port),
      '-k',
      this.directory,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'TimeZone=UTC',
    ];
    this.process = this.spawnAsOwner(path.join(binaries(), 'postgres'), args);
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const client = new pg.Client({ connectionString: this.url() });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch {
        await new Promise((wake) => setTimeout(wake, 100));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(`PostgreSQL did not start on port ${this.port}`);
  }

  /** A fast shutdown (SIGINT): sessions are cut, open transactions roll back. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    // Signalled directly (its pid is the first line of postmaster.pid): runuser would turn the
    // signal into SIGTERM, a smart shutdown that waits for every client to leave.
    const postmaster = Number(readFileSync(path.join(this.directory, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      process.kill(postmaster, 'SIGINT');
    });
    this.process = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private postgresIds(): [number, number] {
    const ids = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return [ids('-u'), ids('-g')];
  }

  private run(program: string, args: string[]): void {
    const binary = path.join(binaries(), program);
    if (process.getuid?.() === 0)
      execFileSync('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: 'ignore' });
    else execFileSync(binary, args, { stdio: 'ignore' });
  }

  private spawnAsOwner(binary: string, args: string[]): ChildProcess {
    return process.getuid?.() === 0
      ? spawn('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: 'ignore' })
      : spawn(binary, args, { stdio: 'ignore' });
  }
}
