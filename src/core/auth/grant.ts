import type { EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../errors/domain-errors.js';
import { LINKED_ROLES, type Role, type SignoffLevel } from './api-key.entity.js';
import type { Principal } from './principal.js';

/** What an API key or a user is granted: one role, its scope and, for approvers, a sign-off level. */
export interface Grant {
  role: Role;
  systemId?: string | null;
  trustIds?: string[];
  approvalLevel?: SignoffLevel | null;
  /** For `bank_worker`: the bank worker record the holder is (and no system or trusts). */
  bankWorkerId?: string | null;
  /** For `agency`: the agency the holder acts for (and no system or trusts). */
  agencyId?: string | null;
}

/**
 * Refuses a role and scope that do not fit together (docs/rules.md section 12): admin has no scope,
 * every other role a system or a non-empty list of trusts, and only approvers a sign-off level.
 */
export function checkGrant(grant: Grant, holder: 'key' | 'user'): void {
  const trustIds = grant.trustIds ?? [];
  const errors = [];
  if (grant.role === 'approver' && !grant.approvalLevel) {
    errors.push({ field: 'approvalLevel', message: `an approver ${holder} needs an approvalLevel` });
  }
  if (grant.role !== 'approver' && grant.approvalLevel) {
    errors.push({ field: 'approvalLevel', message: `only approver ${holder}s have an approvalLevel` });
  }
  if (grant.role === 'admin' && (grant.systemId || trustIds.length > 0)) {
    errors.push({ field: 'role', message: `an admin ${holder} has no scope: omit systemId and trustIds` });
  }
  linkedRecord(grant, holder, 'bank_worker', 'bankWorkerId', 'the bank worker record it is', errors);
  linkedRecord(grant, holder, 'agency', 'agencyId', 'the agency it acts for', errors);
  if (!['admin', ...LINKED_ROLES].includes(grant.role) && Boolean(grant.systemId) === trustIds.length > 0) {
    errors.push({ field: 'systemId', message: 'give either systemId or a non-empty trustIds, not both' });
  }
  if (errors.length > 0) throw new InvalidInputError(`The ${holder}’s role and scope do not fit together`, errors);
}

/** A role linked to one record (a bank worker, an agency) names it, and no system or trusts; no other role names one. */
function linkedRecord(
  grant: Grant,
  holder: 'key' | 'user',
  role: Role,
  field: 'bankWorkerId' | 'agencyId',
  what: string,
  errors: { field: string; message: string }[],
): void {
  if (grant.role === role) {
    if (!grant[field]) errors.push({ field, message: `a ${role} ${holder} needs ${field}: ${what}` });
    if (grant.systemId || (grant.trustIds ?? []).length > 0)
      errors.push({
        field: 'systemId',
        message: `a ${role} ${holder} has no scope of its own: it follows from ${what}`,
      });
  } else if (grant[field]) {
    errors.push({ field, message: `only ${role} ${holder}s have ${field}` });
  }
}

/** Whether two grants give the same role, scope and sign-off level (trusts in any order). */
export function sameGrant(one: Grant, other: Grant): boolean {
  const trusts = (grant: Grant) => [...new Set(grant.trustIds ?? [])].sort().join(',');
  return (
    one.role === other.role &&
    (one.systemId ?? null) === (other.systemId ?? null) &&
    (one.approvalLevel ?? null) === (other.approvalLevel ?? null) &&
    (one.bankWorkerId ?? null) === (other.bankWorkerId ?? null) &&
    (one.agencyId ?? null) === (other.agencyId ?? null) &&
    trusts(one) === trusts(other)
  );
}

/** 404 unless the grant's system and every one of its trusts exist. By table: core depends on no module. */
export async function checkGrantScopeExists(manager: EntityManager, grant: Grant): Promise<void> {
  if (grant.systemId) {
    const systems: unknown[] = await manager.query(`SELECT 1 FROM systems WHERE id = $1`, [grant.systemId]);
    if (systems.length === 0) throw NotFoundError.of('system', grant.systemId);
  }
  if (grant.bankWorkerId) {
    const workers: unknown[] = await manager.query(`SELECT 1 FROM bank_workers WHERE id = $1`, [grant.bankWorkerId]);
    if (workers.length === 0) throw NotFoundError.of('bank worker', grant.bankWorkerId);
  }
  if (grant.agencyId) {
    const agencies: unknown[] = await manager.query(`SELECT 1 FROM agencies WHERE id = $1`, [grant.agencyId]);
    if (agencies.length === 0) throw NotFoundError.of('agency', grant.agencyId);
  }
  const trustIds = grant.trustIds ?? [];
  if (trustIds.length > 0) {
    const [{ found }]: { found: number }[] = await manager.query(
      `SELECT count(*)::int AS found FROM trusts WHERE id = ANY($1::uuid[])`,
      [trustIds],
    );
    if (found !== trustIds.length) throw new NotFoundError('one or more trustIds do not exist');
  }
}

/**
 * SQL selecting a grant's resolved scope from a row aliased `alias` with role, system_id and
 * trust_ids columns: `trust_ids` (every trust of its system, or its own list) and `system_ids`.
 */
export const grantScopeSql = (alias: string): string => `
  ${alias}.role, ${alias}.approval_level, ${alias}.system_id,
  ${alias}.bank_worker_id, ${alias}.agency_id,
  CASE WHEN ${alias}.role = 'admin' THEN '{}'::uuid[]
       WHEN ${alias}.role = 'bank_worker' THEN ARRAY(
         SELECT w.home_trust_id FROM bank_workers w WHERE w.id = ${alias}.bank_worker_id
         UNION SELECT c.trust_id FROM bank_worker_clearances c WHERE c.bank_worker_id = ${alias}.bank_worker_id)
       WHEN ${alias}.role = 'agency' THEN ARRAY(
         SELECT t.id FROM trusts t WHERE t.system_id IN (
           SELECT ac.system_id FROM agency_contracts ac WHERE ac.agency_id = ${alias}.agency_id))
       WHEN ${alias}.system_id IS NOT NULL THEN ARRAY(SELECT t.id FROM trusts t WHERE t.system_id = ${alias}.system_id)
       ELSE ${alias}.trust_ids END AS trust_ids,
  CASE WHEN ${alias}.role = 'admin' THEN '{}'::uuid[]
       WHEN ${alias}.role = 'bank_worker' THEN ARRAY(
         SELECT t.system_id FROM bank_workers w JOIN trusts t ON t.id = w.home_trust_id WHERE w.id = ${alias}.bank_worker_id)
       WHEN ${alias}.role = 'agency' THEN ARRAY(
         SELECT DISTINCT ac.system_id FROM agency_contracts ac WHERE ac.agency_id = ${alias}.agency_id)
       WHEN ${alias}.system_id IS NOT NULL THEN ARRAY[${alias}.system_id]
       ELSE ARRAY(SELECT DISTINCT t.system_id FROM trusts t WHERE t.id = ANY(${alias}.trust_ids)) END AS system_ids`;

/** A row selected with grantScopeSql. */
export interface GrantScopeRow {
  role: Role;
  approval_level: SignoffLevel | null;
  system_id: string | null;
  trust_ids: string[];
  system_ids: string[];
  bank_worker_id: string | null;
  agency_id: string | null;
}

/** The principal's grant part of a row selected with grantScopeSql. */
export const grantOfRow = (
  row: GrantScopeRow,
): Pick<Principal, 'role' | 'approvalLevel' | 'systemId' | 'trustIds' | 'systemIds' | 'bankWorkerId' | 'agencyId'> => ({
  role: row.role,
  approvalLevel: row.approval_level,
  systemId: row.system_id,
  trustIds: new Set(row.trust_ids),
  systemIds: new Set(row.system_ids),
  bankWorkerId: row.bank_worker_id,
  agencyId: row.agency_id,
});
