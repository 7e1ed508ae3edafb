import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A local sign-in for a person without an NHS identity (docs/rules.md section 13): a password
 * (scrypt) and a second factor (TOTP, its secret sealed under ALERTS_SECRET_KEY), set up by the
 * person through a one-time link an admin gives them. Only bank workers have one so far.
 */
@Entity({ name: 'local_accounts' })
@Index('uq_local_accounts_setup_token', ['setupTokenHash'], { unique: true, where: 'setup_token_hash IS NOT NULL' })
export class LocalAccount {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_local_accounts' })
  @ForeignKey('User', { name: 'fk_local_accounts_user', onDelete: 'CASCADE' })
  userId!: string;

  /** `scrypt$N$r$p$salt$hash` (base64url); null until the person chooses one. */
  @Column({ type: 'text', nullable: true })
  passwordHash!: string | null;

  /** The TOTP secret (base32), sealed: `iv.tag.ciphertext`. */
  @Column({ type: 'text', nullable: true })
  totpSecretSealed!: string | null;

  /** When the person proved their authenticator app works; sign-in needs it. */
  @Column({ type: 'timestamptz', nullable: true })
  totpConfirmedAt!: Date | null;

  /** The last 30-second step a code was accepted for: a code is good once. */
  @Column({ type: 'bigint', nullable: true })
  lastTotpStep!: string | null;

  /** SHA-256 of the one-time setup link's token, and when it stops working. */
  @Column({ type: 'bytea', nullable: true })
  setupTokenHash!: Buffer | null;

  @Column({ type: 'timestamptz', nullable: true })
  setupExpiresAt!: Date | null;

  /** Failed sign-ins in a row; at LOCAL_LOCKOUT.attempts the account waits until `lockedUntil`. */
  @Column({ type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
