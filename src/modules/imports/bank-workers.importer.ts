import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../core/database/bulk-insert.js';
import { DomainError } from '../../core/errors/domain-errors.js';
import { checkWorkerGrade, clearanceOutsideSystem, otherClearedTrusts } from '../workforce/index.js';
import { CreateBankWorkerDto } from '../workforce/index.js';
import {
  column,
  type ImportContext,
  type Importer,
  type ImportOutcome,
  inBatches,
  inScope,
  OUTSIDE_SCOPE,
} from './import-context.js';
import {
  booleanCell,
  type CsvRecord,
  decimalCell,
  ImportRejected,
  listCell,
  type RowErrors,
  validateRow,
} from './import-csv.js';
import { BANK_WORKER_COLUMNS, CLEARANCE_COLUMNS } from '../workforce/index.js';

const BATCH = 5_000;

interface WorkerRow {
  row: number;
  id: string;
  homeTrustId: string;
  displayName: string;
  staffGroup: string;
  grade: string;
  clearedTrustIds: string[];
  optedOutOfWeeklyLimit: boolean;
  contractedWeeklyHours: number;
  active: boolean;
  externalRef: string | null;
  existing: boolean;
}

interface StoredWorker {
  id: string;
  homeTrustId: string;
  externalRef: string;
  displayName: string;
  staffGroup: string;
  grade: string;
  optedOutOfWeeklyLimit: boolean;
  contractedWeeklyHours: string;
  active: boolean;
  clearedTrustIds: string[];
}

/**
 * Bank workers, with the columns of `POST /bank-workers`; `clearedTrustIds` separated by `;`. A row
 * whose `externalRef` the home trust already has updates that worker (and replaces its clearances).
 */
export const bankWorkersImporter: Importer = {
  kind: 'bank-workers',
  columns: {
    required: ['homeTrustId', 'displayName', 'staffGroup', 'grade'],
    optional: ['clearedTrustIds', 'optedOutOfWeeklyLimit', 'contractedWeeklyHours', 'active', 'externalRef'],
  },

  async apply(manager, records, context, errors): Promise<ImportOutcome> {
    const rows = validate(records, context, errors);
    const trustIds = [...new Set(rows.flatMap((row) => [row.homeTrustId, ...row.clearedTrustIds]))];
    const systems = new Map(
      (
        (await manager.query(`SELECT id, system_id AS "systemId" FROM trusts WHERE id = ANY($1::uuid[])`, [
          trustIds,
        ])) as {
          id: string;
          systemId: string;
        }[]
      ).map((trust) => [trust.id, trust.systemId]),
    );
    const withRefs = rows.filter((row) => row.externalRef !== null);
    const stored = new Map(
      (
        (await manager.query(
          `SELECT w.id, w.home_trust_id AS "homeTrustId", w.external_ref AS "externalRef", w.display_name AS "displayName",
                  w.staff_group AS "staffGroup", w.grade, w.opted_out_of_weekly_limit AS "optedOutOfWeeklyLimit",
                  w.contracted_weekly_hours AS "contractedWeeklyHours", w.active,
                  coalesce((SELECT array_agg(c.trust_id::text ORDER BY c.trust_id) FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id), '{}'::text[]) AS "clearedTrustIds"
             FROM bank_workers w
             JOIN unnest($1::uuid[], $2::text[]) AS wanted(home_trust_id, external_ref)
               ON wanted.home_trust_id = w.home_trust_id AND wanted.external_ref = w.external_ref
              FOR UPDATE OF w`,
          [column(withRefs, 'homeTrustId'), column(withRefs, 'externalRef')],
        )) as StoredWorker[]
      ).map((worker) => [`${worker.homeTrustId}|${worker.externalRef}`, worker]),
    );
    const toWrite: WorkerRow[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const homeSystem = systems.get(row.homeTrustId);
      if (!homeSystem) {
        errors.add(row.row, 'homeTrustId', OUTSIDE_SCOPE);
        continue;
      }
      if (row.clearedTrustIds.some((trustId) => systems.get(trustId) !== homeSystem)) {
        const refusal = clearanceOutsideSystem();
        errors.addAll(row.row, refusal.errors!);
        continue;
      }
      const existing = row.externalRef ? stored.get(`${row.homeTrustId}|${row.externalRef}`) : undefined;
      if (existing) {
        row.id = existing.id;
        row.existing = true;
        if (same(existing, row)) {
          unchanged += 1;
          continue;
        }
      }
      toWrite.push(row);
    }
    if (!errors.empty) throw new ImportRejected(errors);

    await inBatches(toWrite, BATCH, (batch) => writeWorkers(manager, batch));
    const updated = toWrite.filter((row) => row.existing).length;
    return { created: toWrite.length - updated, updated, unchanged, recheck: false, alerts: false };
  },
};

/** Each record through the API's DTO and grade rule; in scope; no worker twice in one file. */
function validate(records: CsvRecord[], context: ImportContext, errors: RowErrors): WorkerRow[] {
  const rows: WorkerRow[] = [];
  const refs = new Map<string, number>();
  for (const { row, values } of records) {
    const checked = validateRow(CreateBankWorkerDto, {
      ...values,
      clearedTrustIds: listCell(values.clearedTrustIds),
      optedOutOfWeeklyLimit: booleanCell(values.optedOutOfWeeklyLimit),
      contractedWeeklyHours: decimalCell(values.contractedWeeklyHours),
      active: booleanCell(values.active),
    });
    if (checked.errors) {
      errors.addAll(row, checked.errors);
      continue;
    }
    const input = checked.value;
    try {
      checkWorkerGrade(input.staffGroup, input.grade);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.addAll(row, error.errors!);
      continue;
    }
    if (!inScope(context, input.homeTrustId)) {
      errors.add(row, 'homeTrustId', OUTSIDE_SCOPE);
      continue;
    }
    if (
      input.externalRef &&
      !errors.firstTime(refs, `${input.homeTrustId}|${input.externalRef}`, row, 'externalRef', 'worker')
    )
      continue;
    rows.push({
      row,
      id: randomUUID(),
      homeTrustId: input.homeTrustId,
      displayName: input.displayName,
      staffGroup: input.staffGroup,
      grade: input.grade,
      clearedTrustIds: otherClearedTrusts(input.homeTrustId, input.clearedTrustIds ?? []).sort(),
      optedOutOfWeeklyLimit: input.optedOutOfWeeklyLimit ?? false,
      contractedWeeklyHours: input.contractedWeeklyHours ?? 0,
      active: input.active ?? true,
      externalRef: input.externalRef ?? null,
      existing: false,
    });
  }
  return rows;
}

const same = (stored: StoredWorker, row: WorkerRow): boolean =>
  stored.displayName === row.displayName &&
  stored.staffGroup === row.staffGroup &&
  stored.grade === row.grade &&
  stored.optedOutOfWeeklyLimit === row.optedOutOfWeeklyLimit &&
  Number(stored.contractedWeeklyHours) === row.contractedWeeklyHours &&
  stored.active === row.active &&
  stored.clearedTrustIds.join(';') === row.clearedTrustIds.join(';');

/** One batch of workers, created or updated, with their clearances. */
async function writeWorkers(manager: EntityManager, batch: WorkerRow[]): Promise<void> {
  await bulkInsert(
    manager,
    'bank_workers',
    BANK_WORKER_COLUMNS,
    batch.map((row) => [
      row.id,
      row.homeTrustId,
      row.displayName,
      row.staffGroup,
      row.grade,
      row.optedOutOfWeeklyLimit,
      row.contractedWeeklyHours,
      row.active,
      row.externalRef,
    ]),
    {
      batchSize: BATCH,
      onConflict: `ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, staff_group = excluded.staff_group,
       grade = excluded.grade, opted_out_of_weekly_limit = excluded.opted_out_of_weekly_limit,
       contracted_weekly_hours = excluded.contracted_weekly_hours, active = excluded.active, updated_at = now()`,
    },
  );
  await manager.query(`DELETE FROM bank_worker_clearances WHERE bank_worker_id = ANY($1::uuid[])`, [
    batch.filter((row) => row.existing).map((row) => row.id),
  ]);
  const clearances = batch.flatMap((row) => row.clearedTrustIds.map((trustId) => [row.id, trustId]));
  await bulkInsert(manager, 'bank_worker_clearances', CLEARANCE_COLUMNS, clearances);
}
