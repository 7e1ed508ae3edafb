import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { freePort } from '../../src/bench/bench-support.js';
import { buildOrganisation, type Organisation } from '../support/factories.js';
import { nursingRatesAndAgency } from '../support/rates.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Outcome {
  request: 'shift' | 'booking';
  status: number | 'network';
  id?: string;
}

/**
 * The api restarted under load (issue 9): rota managers keep posting shifts and booking them while
 * the api process is stopped (SIGTERM, graceful) and killed (SIGKILL) and started again. No request
 * is half-applied: every shift and booking a client was told about exists, each write has its
 * audit row, and no shift's status disagrees with its bookings.
 */
describe('the api restarted under load', () => {
  let test: TestApp;
  let org: Organisation;
  let contractId: string;
  let client: pg.Client;
  let api: ChildProcess | undefined;
  let port: number;

  async function startApi(): Promise<void> {
    port = await freePort();
    api = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...test.overrides, PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '10000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Generous: the sources compile as they load, on a machine that may be busy.
    for (let attempt = 0; attempt < 1_200; attempt += 1) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
    throw new Error('the api did not start');
  }

  /** The exit code: 0 when a graceful stop drained in time. */
  async function stopApi(signal: 'SIGTERM' | 'SIGKILL'): Promise<number | null> {
    const child = api!;
    const exited = once(child, 'exit');
    child.kill(signal);
    const [code] = (await exited) as [number | null];
    return code;
  }

  async function call(path: string, body: object): Promise<{ status: number | 'network'; id?: string }> {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${test.adminKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => ({}))) as { id?: string };
      return { status: response.status, id: answer.id };
    } catch {
      return { status: 'network' };
    }
  }

  /** Clients posting a shift and booking it, over and over, until `stop` is set. */
  function load(clients: number, outcomes: Outcome[], stop: { now: boolean }): Promise<void[]> {
    let sequence = 0;
    return Promise.all(
      Array.from({ length: clients }, async () => {
        while (!stop.now) {
          const day = (sequence += 1);
          const date = new Date(Date.UTC(2031, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
          const shift = await call('/shifts', {
            trustId: org.trustId,
            wardId: org.wardId,
            staffGroup: 'nursing',
            grade: 'band5',
            startsAt: `${date}T08:00:00Z`,
            endsAt: `${date}T20:00:00Z`,
            breakMinutes: 60,
          });
          outcomes.push({ request: 'shift', ...shift });
          if (shift.status === 'network') await new Promise((wake) => setTimeout(wake, 50));
          if (shift.status !== 201) continue;
          const booking = await call(`/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: contractId });
          outcomes.push({ request: 'booking', ...booking });
        }
      }),
    );
  }

  /** Waits until `more` bookings beyond those already answered have been made. */
  async function bookedAtLeast(outcomes: Outcome[], more: number): Promise<void> {
    const booked = () => outcomes.filter((outcome) => outcome.request === 'booking' && outcome.status === 201).length;
    const target = booked() + more;
    while (booked() < target) await new Promise((wake) => setTimeout(wake, 50));
  }

  beforeAll(async () => {
    test = await startTestApp();
    org = await buildOrganisation(test);
    contractId = await nursingRatesAndAgency(test, org.systemId, 2500);
    client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    await startApi();
  });

  afterAll(async () => {
    if (api && api.exitCode === null) await stopApi('SIGKILL');
    await client?.end();
    await test?.close();
  });

  it('applies each request whole or not at all across a graceful stop and a kill', async () => {
    const outcomes: Outcome[] = [];
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const stop = { now: false };
      const clients = load(8, outcomes, stop);
      await bookedAtLeast(outcomes, 10);
      const code = await stopApi(signal);
      // A graceful stop under load drains in flight requests and exits cleanly (not by its grace timeout).
      if (signal === 'SIGTERM') expect(code).toBe(0);
      await startApi();
      await bookedAtLeast(outcomes, 5);
      stop.now = true;
      await clients;
    }
    await stopApi('SIGTERM');

    const answered = (request: Outcome['request']) =>
      outcomes.filter((outcome) => outcome.request === request && outcome.status === 201).map((outcome) => outcome.id!);
    expect(answered('shift').length).toBeGreaterThan(10);
    expect(answered('booking').length).toBeGreaterThan(10);
    // Nothing a client sent met a 500: a request cut off is a network error, never a server error.
    expect(outcomes.filter((outcome) => typeof outcome.status === 'number' && outcome.status >= 500)).toEqual([]);

    // Every answer the clients got is in the database …
    const count = async (sql: string, values: unknown[] = []) => Number((await client.query(sql, values)).rows[0].n);
    expect(await count(`SELECT count(*) AS n FROM shifts WHERE id = ANY($1::uuid[])`, [answered('shift')])).toBe(
      answered('shift').length,
    );
    expect(await count(`SELECT count(*) AS n FROM bookings WHERE id = ANY($1::uuid[])`, [answered('booking')])).toBe(
      answered('booking').length,
    );
    // … and nothing is half there: each write has its audit row, each booking its shift's status.
    expect(
      await count(`SELECT count(*) AS n FROM shifts s
                    WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = s.id::text AND a.action = 'shift.create')`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM bookings b
                    WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = b.id::text AND a.action = 'booking.create')`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM shifts s
                    WHERE (s.status = 'booked') <> EXISTS (SELECT 1 FROM bookings b WHERE b.shift_id = s.id
                                                            AND b.status IN ('confirmed', 'pending_approval'))`),
    ).toBe(0);
    // No worker runs here, so every booked shift still carries its mark for the compliance re-check.
    expect(
      await count(`SELECT count(*) AS n FROM bookings b JOIN shifts s ON s.id = b.shift_id
                    WHERE b.status IN ('confirmed', 'pending_approval') AND s.recheck_requested_at IS NULL`),
    ).toBe(0);
  });
});
