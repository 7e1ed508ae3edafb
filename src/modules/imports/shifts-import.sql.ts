import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { ImportContext } from './import-context.js';
import type { CsvRecord } from './import-csv.js';
import { MINUTES_COLUMNS, TIMING_NAMES, TIMING_TYPES, timingParameters, unnestParameters } from './import-sql.js';
import type { ShiftImportRow, StoredShift } from './shifts.importer.js';
import { postingColumns } from '../shifts/index.js';
import type { ReleaseCascade } from '../time-bands/index.js';

/** The statements of the shifts import (shifts.importer.ts). */

/** Rows of `sql` for `ids`, by id. */
export async function lookUp<T extends { id: string }>(
  manager: EntityManager,
  sql: string,
  ids: string[],
): Promise<Map<string, T>> {
  const rows = (await manager.query(sql, [[...new Set(ids)]])) as T[];
  return new Map(rows.map((row) => [row.id, row]));
}

/** The trusts' shifts the file names by externalRef, locked, with their active booking. */
export async function storedShifts(manager: EntityManager, records: CsvRecord[]): Promise<Map<string, StoredShift>> {
  const withRefs = records.filter(({ values }) => values.externalRef && values.trustId && isUUID(values.trustId));
  if (withRefs.length === 0) return new Map();
  const found = (await manager.query(
    `SELECT s.id, s.trust_id AS "trustId", s.external_ref AS "externalRef", s.ward_id AS "wardId", s.staff_group AS "staffGroup",
            s.grade, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.break_minutes AS "breakMinutes", s.reason,
            s.exemption_ref AS "exemptionRef", s.status, worker.external_ref AS "bankWorkerExternalRef",
            b.agency_contract_id AS "agencyContractId"
       FROM shifts s
       JOIN unnest($1::uuid[], $2::text[]) AS wanted(trust_id, external_ref)
         ON wanted.trust_id = s.trust_id AND wanted.external_ref = s.external_ref
       LEFT JOIN bookings b ON b.shift_id = s.id AND b.status IN ('pending_approval', 'confirmed')
       LEFT JOIN bank_workers worker ON worker.id = b.bank_worker_id
        FOR UPDATE OF s`,
    [withRefs.map(({ values }) => values.trustId), withRefs.map(({ values }) => values.externalRef)],
  )) as StoredShift[];
  return new Map(found.map((shift) => [`${shift.trustId}|${shift.externalRef}`, shift]));
}

export async function insertShifts(
  manager: EntityManager,
  batch: ShiftImportRow[],
  context: ImportContext,
): Promise<void> {
  // An open shift from the e-roster enters its system's cascade as one posted now does; the
  // bookings it carries are recorded from elsewhere, not held to it (docs/rules.md section 10a).
  const cascades = await lookUp<{ id: string; cascade: ReleaseCascade | null }>(
    manager,
    `SELECT t.id, y.release_cascade AS cascade FROM trusts t JOIN systems y ON y.id = t.system_id WHERE t.id = ANY($1::uuid[])`,
    batch.map((row) => row.input.trustId),
  );
  const now = new Date();
  const posting = batch.map((row) =>
    postingColumns(now, row.timing.startsAt, cascades.get(row.input.trustId)?.cascade ?? null),
  );
  await manager.query(
    `INSERT INTO shifts (id, trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                         ${MINUTES_COLUMNS.join(', ')}, status, reason, exemption_ref, external_ref, created_by_key_id,
                         ${POSTING_NAMES.join(', ')})
     SELECT id, trust_id, ward_id, staff_group, grade, ${TIMING_NAMES.join(', ')}, 'open', reason, exemption_ref,
            external_ref, $22::uuid, ${POSTING_NAMES.join(', ')}
       FROM unnest(${unnestParameters(['uuid', 'uuid', 'uuid', 'text', 'text'], 1)}, ${unnestParameters(TIMING_TYPES, 6)},
                   ${unnestParameters(['text', 'text', 'text'], 19)}, ${unnestParameters(POSTING_TYPES, 23)})
            AS row(id, trust_id, ward_id, staff_group, grade, ${TIMING_NAMES.join(', ')}, reason, exemption_ref, external_ref,
                   ${POSTING_NAMES.join(', ')})`,
    [
      batch.map((row) => row.id),
      batch.map((row) => row.input.trustId),
      batch.map((row) => row.input.wardId),
      batch.map((row) => row.input.staffGroup),
      batch.map((row) => row.input.grade),
      ...timingParameters(batch.map((row) => ({ timing: row.timing, breakMinutes: row.input.breakMinutes }))),
      batch.map((row) => row.input.reason ?? null),
      batch.map((row) => row.input.exemptionRef ?? null),
      batch.map((row) => row.input.externalRef ?? null),
      context.keyId,
      posting.map((columns) => columns.postedAt),
      posting.map((columns) => columns.releaseCollaborativeBankAt),
      posting.map((columns) => columns.releaseAgencyTier1At),
      posting.map((columns) => columns.releaseAgencyTier2At),
      posting.map((columns) => columns.releaseAgencyTier3At),
      posting.map((columns) => columns.announcedStage),
      posting.map((columns) => columns.nextReleaseAt),
    ],
  );
}

const POSTING_NAMES = [
  'posted_at',
  'release_collaborative_bank_at',
  'release_agency_tier_1_at',
  'release_agency_tier_2_at',
  'release_agency_tier_3_at',
  'announced_stage',
  'next_release_at',
];
const POSTING_TYPES = [
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'text',
  'timestamptz',
];

/** What `PATCH /shifts/{id}` may change on an open shift: ward, times, break, reason (and the exemption). */
export async function updateShifts(manager: EntityManager, batch: ShiftImportRow[]): Promise<void> {
  const minutes = MINUTES_COLUMNS.map((column, index) => `${column} = row.${TIMING_NAMES[index + 4]}`).join(', ');
  await manager.query(
    `UPDATE shifts s SET ward_id = row.ward_id, starts_at = row.starts_at, ends_at = row.ends_at,
            break_minutes = row.break_minutes, local_start_date = row.local_start_date, ${minutes},
            reason = row.reason, exemption_ref = row.exemption_ref, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], ${unnestParameters(TIMING_TYPES, 3)}, $16::text[], $17::text[])
            AS row(id, ward_id, ${TIMING_NAMES.join(', ')}, reason, exemption_ref)
      WHERE s.id = row.id AND s.status = 'open'`,
    [
      batch.map((row) => row.id),
      batch.map((row) => row.input.wardId),
      ...timingParameters(batch.map((row) => ({ timing: row.timing, breakMinutes: row.input.breakMinutes }))),
      batch.map((row) => row.input.reason ?? null),
      batch.map((row) => row.input.exemptionRef ?? null),
    ],
  );
}
