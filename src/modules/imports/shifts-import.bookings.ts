import type { EntityManager } from 'typeorm';
import { ConflictError, DomainError, RuleViolationError } from '../../core/errors/domain-errors.js';
import type { ImportContext } from './import-context.js';
import type { RowErrors } from './import-csv.js';
import type { ShiftImportRow } from './shifts.importer.js';

interface WorkerRef {
  id: string;
  externalRef: string;
  systemId: string;
  staffGroup: string;
}

/** The bank workers the file names, by system and reference (the booking locks the one it books). */
async function workersByRef(manager: EntityManager, rows: ShiftImportRow[]): Promise<Map<string, WorkerRef[]>> {
  const refs = rows.map((row) => row.booking!.bankWorkerExternalRef).filter((ref): ref is string => ref !== null);
  if (refs.length === 0) return new Map();
  const workers = (await manager.query(
    `SELECT w.id, w.external_ref AS "externalRef", home.system_id AS "systemId", w.staff_group AS "staffGroup"
       FROM bank_workers w JOIN trusts home ON home.id = w.home_trust_id
      WHERE w.external_ref = ANY($1::text[])
      ORDER BY w.id`,
    [[...new Set(refs)]],
  )) as WorkerRef[];
  const byRef = new Map<string, WorkerRef[]>();
  for (const worker of workers) {
    const key = `${worker.systemId}|${worker.externalRef}`;
    byRef.set(key, [...(byRef.get(key) ?? []), worker]);
  }
  return byRef;
}

/**
 * Which column a refusal of the booking rules belongs to. A conflict is the worker's other booking
 * for a bank row; for an agency row only the shift itself can be in the way.
 */
function refusedField(error: DomainError, type: 'bank' | 'agency'): string {
  const rule = error instanceof RuleViolationError ? error.rule : null;
  if (rule === 'NO_RATE_DEFINED') return 'ratesPence';
  if (rule === 'AGENCY_NOT_OFFERED' || rule === 'OFF_FRAMEWORK_REFUSED') return 'agencyContractId';
  if (error instanceof ConflictError && type === 'agency') return 'externalRef';
  return 'bankWorkerExternalRef';
}

/**
 * Each booking through the one way to book (`BookingsService.book`, by `context.book`), in start
 * order, so each is checked against the stored bookings and the file's earlier ones: eligibility
 * (overlap, 11-hour rest, 48-hour limit), agency rules, cost, sign-off, ladder snapshot, events.
 * A refusal is the row's error; the rest of the file's bookings are still checked.
 */
export async function bookRows(
  manager: EntityManager,
  rows: ShiftImportRow[],
  trustSystems: Map<string, { systemId: string }>,
  context: ImportContext,
  errors: RowErrors,
): Promise<{ booked: number; pendingApproval: number }> {
  const workers = await workersByRef(manager, rows);
  const ordered = [...rows].sort((a, b) => a.timing.startsAt.getTime() - b.timing.startsAt.getTime() || a.row - b.row);
  let booked = 0;
  let pendingApproval = 0;
  for (const row of ordered) {
    const booking = row.booking!;
    let bankWorkerId: string | null = null;
    if (booking.type === 'bank') {
      const systemId = trustSystems.get(row.input.trustId)?.systemId;
      const candidates = workers.get(`${systemId}|${booking.bankWorkerExternalRef}`) ?? [];
      const worker = candidates.filter((candidate) => candidate.staffGroup === row.input.staffGroup);
      if (worker.length !== 1) {
        const problem =
          worker.length > 1
            ? 'several bank workers of the system have this reference'
            : 'not a bank worker of this system and staff group';
        errors.add(row.row, 'bankWorkerExternalRef', problem);
        continue;
      }
      bankWorkerId = worker[0]!.id;
    }
    try {
      const made = await context.book(manager, row.id, {
        type: booking.type,
        bankWorkerId,
        agencyContractId: booking.agencyContractId,
        ratesPence: booking.ratesPence,
        bypassReason: booking.bypassReason,
        exemptionRef: row.input.exemptionRef ?? null,
      });
      booked += 1;
      if (made.status === 'pending_approval') pendingApproval += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.add(row.row, refusedField(error, booking.type), error.detail);
    }
  }
  return { booked, pendingApproval };
}
