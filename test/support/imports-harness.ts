import { expect } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from './eventually.js';
import { buildApiKey, buildBankWorker, buildOrganisation, type Organisation } from './factories.js';
import { queryRows } from './postgres.js';
import { nursingRatesAndAgency } from './rates.js';
import { startTestApp, startTestWorker, type TestApp } from './test-app.js';

export const SHIFT_HEADER = 'trustId,wardId,staffGroup,grade,startsAt,endsAt,breakMinutes,externalRef';
export const dayShift = (org: { trustId: string; wardId: string }, date: string, ref: string, end = '20:00') =>
  `${org.trustId},${org.wardId},nursing,band5,${date}T08:00:00+01:00,${date}T${end}:00+01:00,60,${ref}`;

export interface ImportAnswer {
  id: string;
  status: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: { row: number; field: string | null; message: string }[];
}

export interface RowCounts {
  shifts: number;
  bookings: number;
  timesheets: number;
  workers: number;
}

/** The app and a worker in this process, with imports of at most 4,096 bytes. */
export interface ImportsHarness {
  test: TestApp;
  worker: INestApplicationContext;
  org: Organisation;
  /** May import into both trusts of `org`. */
  integrationKey: string;
  /** An agency contract charging 2,900 under a national cap of 3,000 and a system cap of 2,600. */
  contractId: string;
}

/** Starts the harness; `org` has a bank worker with external reference BW-1. */
export async function startImportsHarness(): Promise<ImportsHarness> {
  const test = await startTestApp({ IMPORT_MAX_BYTES: '4096' });
  const worker = await startTestWorker(test);
  const org = await buildOrganisation(test);
  const integrationKey = await buildApiKey(test, { role: 'integration', trustIds: [org.trustId, org.otherTrustId] });
  const contractId = await nursingRatesAndAgency(test, org.systemId, 2900);
  await buildBankWorker(test, org.trustId, { displayName: 'Bank nurse', externalRef: 'BW-1' });
  return { test, worker, org, integrationKey, contractId };
}

export async function stopImportsHarness(harness: ImportsHarness): Promise<void> {
  await harness.worker.close();
  await harness.test.close();
}

/** Sends a file by `key`, not through `test.as`, which sends a JSON body of its own. */
export const sendImport = (test: TestApp, kind: string, csv: string | Buffer, key: string, type = 'text/csv') =>
  test.http.post(`/api/v1/imports/${kind}`).set('Authorization', `Bearer ${key}`).set('Content-Type', type).send(csv);

/** Sends a file and waits until the worker has finished with it. */
export async function importAndWait(
  test: TestApp,
  kind: string,
  csv: string | Buffer,
  key: string,
): Promise<ImportAnswer> {
  const accepted = await sendImport(test, kind, csv, key).expect(202);
  return eventually(async () => {
    const state = await test.as(key).get(`/api/v1/imports/${accepted.body.id}`).expect(200);
    expect(['succeeded', 'failed']).toContain(state.body.status);
    return state.body as ImportAnswer;
  });
}

export const countRows = async (test: TestApp): Promise<RowCounts> =>
  (
    await queryRows<RowCounts>(
      test.database.url,
      `SELECT (SELECT count(*)::int FROM shifts) AS shifts, (SELECT count(*)::int FROM bookings) AS bookings,
              (SELECT count(*)::int FROM timesheets) AS timesheets, (SELECT count(*)::int FROM bank_workers) AS workers`,
    )
  )[0]!;
