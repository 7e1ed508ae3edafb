import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { rolesSql, type Role, type SignoffLevel, signoffLevelsSql } from './api-key.entity.js';

/**
 * A person who signs in (docs/rules.md section 13): invited by e-mail with one role and scope, bound
 * to an identity (issuer and subject) at their first sign-in with that verified e-mail.
 */
@Entity({ name: 'users' })
@Unique('uq_users_email', ['email'])
@Check('ck_users_email', `email = lower(email)`)
@Index('uq_users_identity', ['issuer', 'subject'], { unique: true, where: 'issuer IS NOT NULL' })
@Check('ck_users_role', `role IN ${rolesSql()}`)
@Check('ck_users_bank_worker', `(role = 'bank_worker') = (bank_worker_id IS NOT NULL)`)
@Index('uq_users_bank_worker', ['bankWorkerId'], { unique: true, where: 'bank_worker_id IS NOT NULL' })
@Check('ck_users_agency', `(role = 'agency') = (agency_id IS NOT NULL)`)
@Check(
  'ck_users_scope',
  `CASE WHEN role IN ('admin', 'bank_worker', 'agency') THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END`,
)
@Check(
  'ck_users_approval_level',
  `(role = 'approver') = (approval_level IS NOT NULL) AND (approval_level IS NULL OR approval_level IN ${signoffLevelsSql()})`,
)
@Check('ck_users_identity', `(issuer IS NULL) = (subject IS NULL)`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id!: string;

  /** Lower-cased, so that one address is one person however it is typed. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', nullable: true })
  displayName!: string | null;

  /** The identity provider's issuer and the person's subject there; null until the first sign-in. */
  @Column({ type: 'text', nullable: true })
  issuer!: string | null;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  role!: Role;

  // Named, not imported: core depends on no module.
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('System', { name: 'fk_users_system', onDelete: 'CASCADE' })
  systemId!: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  trustIds!: string[];

  @Column({ type: 'text', nullable: true })
  approvalLevel!: SignoffLevel | null;

  /** The bank worker record a `bank_worker` person is: one person a record. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('BankWorker', { name: 'fk_users_bank_worker', onDelete: 'CASCADE' })
  bankWorkerId!: string | null;

  /** The agency an `agency` person works for. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('Agency', { name: 'fk_users_agency', onDelete: 'CASCADE' })
  agencyId!: string | null;

  /** Where the role and scope come from: an admin's invitation, or the provider's group claims. */
  @Column({ type: 'text', default: 'invitation' })
  grantedBy!: 'invitation' | 'groups';

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
