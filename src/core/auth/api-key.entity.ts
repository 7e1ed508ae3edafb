import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const ROLES = [
  'admin',
  'workforce_lead',
  'rota_manager',
  'approver',
  'integration',
  'bank_worker',
  'agency',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles that work for a trust or system and read its data. A bank worker (linked to one bank
 * worker record) sees only themselves and the shifts offered to them, through `/me`; an agency (linked
 * to one agency) only the shifts released to it, its submissions, bookings and invoices.
 */
export const STAFF_ROLES = ROLES.filter((role) => role !== 'bank_worker' && role !== 'agency');

/** The roles linked to one record instead of a system or trusts: their scope follows from it. */
export const LINKED_ROLES: readonly Role[] = ['bank_worker', 'agency'];

/** Who may have a local sign-in: people who often have no NHS identity (docs/rules.md section 13). */
export const LOCAL_SIGN_IN_ROLES: readonly Role[] = LINKED_ROLES;

/** The SQL list of the roles, for a CHECK. */
export const rolesSql = (): string => `(${ROLES.map((role) => `'${role}'`).join(', ')})`;

/** Sign-off levels, lowest first (docs/rules.md section 8). */
export const SIGNOFF_LEVELS = ['senior_manager', 'executive', 'chief_executive'] as const;
export type SignoffLevel = (typeof SIGNOFF_LEVELS)[number];

/** A level's rank: 1 (senior manager) to 3 (chief executive), 0 for none; higher covers lower. */
export const signoffRank = (level: SignoffLevel | null): number =>
  level === null ? 0 : SIGNOFF_LEVELS.indexOf(level) + 1;

/** The SQL list of the levels, e.g. for `IN`: `('senior_manager', …)`. */
export const signoffLevelsSql = (levels: readonly SignoffLevel[] = SIGNOFF_LEVELS): string =>
  `(${levels.map((level) => `'${level}'`).join(', ')})`;

/** SQL: signoffRank of a text column or expression (0 when it names no level). */
export const signoffRankSql = (column: string): string =>
  `CASE ${column} ${SIGNOFF_LEVELS.map((level) => `WHEN '${level}' THEN ${signoffRank(level)}`).join(' ')} ELSE 0 END`;

/** SQL: the level of a rank expression (signoffRankSql's), NULL for 0. */
export const signoffLevelOfRankSql = (rank: string): string =>
  `CASE ${rank} ${SIGNOFF_LEVELS.map((level) => `WHEN ${signoffRank(level)} THEN '${level}'`).join(' ')} END`;

/**
 * An API key. Only the SHA-256 of the key is stored: keys are 32 random bytes, so a slow
 * password hash would add latency to every request without adding safety.
 */
@Entity({ name: 'api_keys' })
@Unique('uq_api_keys_key_hash', ['keyHash'])
@Check('ck_api_keys_role', `role IN ${rolesSql()}`)
@Check('ck_api_keys_bank_worker', `(role = 'bank_worker') = (bank_worker_id IS NOT NULL)`)
@Check('ck_api_keys_agency', `(role = 'agency') = (agency_id IS NOT NULL)`)
@Check(
  'ck_api_keys_scope',
  `CASE WHEN role IN ('admin', 'bank_worker', 'agency') THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END`,
)
@Check(
  'ck_api_keys_approval_level',
  `(role = 'approver') = (approval_level IS NOT NULL) AND (approval_level IS NULL OR approval_level IN ${signoffLevelsSql()})`,
)
export class ApiKey {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: Role;

  // Named, not imported: core depends on no module. The key goes with its system.
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('System', { name: 'fk_api_keys_system', onDelete: 'CASCADE' })
  systemId!: string | null;

  /** Trusts in scope when the key is not scoped to a whole system. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  trustIds!: string[];

  @Column({ type: 'text', nullable: true })
  approvalLevel!: SignoffLevel | null;

  /** The bank worker a `bank_worker` key acts as (a worker app's key). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('BankWorker', { name: 'fk_api_keys_bank_worker', onDelete: 'CASCADE' })
  bankWorkerId!: string | null;

  /** The agency an `agency` key acts for (an agency's own system). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Agency', { name: 'fk_api_keys_agency', onDelete: 'CASCADE' })
  agencyId!: string | null;

  /** First characters of the key, to recognise it in listings; not enough to use it. */
  @Column({ type: 'text' })
  keyPrefix!: string;

  @Column({ type: 'bytea', select: false })
  keyHash!: Buffer;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
