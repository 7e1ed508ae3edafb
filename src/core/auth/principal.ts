import type { Role, SignoffLevel } from './api-key.entity.js';

/**
 * Who is calling: an API key or a signed-in person (a user), with the role and the organisations
 * it may see. Admin sees everything; anyone else the trusts of their system, or the trusts listed.
 */
export interface Principal {
  /** The API key acting, or null for a person. */
  keyId: string | null;
  /** The user (person) acting, or null for an API key. */
  userId: string | null;
  role: Role;
  approvalLevel: SignoffLevel | null;
  /** The key's own system scope (null for admin and trust-scoped keys). */
  systemId: string | null;
  /** Every trust in scope; empty for admin (who sees all). */
  trustIds: ReadonlySet<string>;
  /** Every system in scope: the key's system, or the systems of its trusts; empty for admin. */
  systemIds: ReadonlySet<string>;
  /** For the `bank_worker` role, the bank worker record it acts as; its trusts are the home trust and those it is cleared for. */
  bankWorkerId?: string | null;
  /**
   * For the `agency` role, the agency it acts for; its trusts and systems are those of the systems
   * where the agency holds a contract (what it may see of them: docs/rules.md section 14).
   */
  agencyId?: string | null;
  /** The request this principal acts in, for the audit log. */
  requestId: string | null;
}

export const isAdmin = (principal: Principal): boolean => principal.role === 'admin';

export const coversTrust = (principal: Principal, trustId: string): boolean =>
  isAdmin(principal) || principal.trustIds.has(trustId);

/** May read the system (a key scoped to some of its trusts may read it too). */
export const coversSystem = (principal: Principal, systemId: string): boolean =>
  isAdmin(principal) || principal.systemIds.has(systemId);

/** Acts for the whole system: admin, or a key scoped to that system. */
export const governsSystem = (principal: Principal, systemId: string): boolean =>
  isAdmin(principal) || principal.systemId === systemId;

/** SQL-ready scope: null means "everything" (admin). */
export const trustScope = (principal: Principal): string[] | null =>
  isAdmin(principal) ? null : [...principal.trustIds];
export const systemScope = (principal: Principal): string[] | null =>
  isAdmin(principal) ? null : [...principal.systemIds];

/** The actor's id as recorded on what it writes: a key id or a user id. */
export interface MadeBy {
  keyId: string | null;
  userId: string | null;
}

/** Whether the principal is the key or the person that made something (four eyes: docs/rules.md section 8). */
export const isSameActor = (principal: Principal, madeBy: MadeBy): boolean =>
  (principal.keyId !== null && principal.keyId === madeBy.keyId) ||
  (principal.userId !== null && principal.userId === madeBy.userId);
