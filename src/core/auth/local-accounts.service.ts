import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { decryptSecret, encryptSecret, secretKey } from '../crypto/secret-box.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors/domain-errors.js';
import { LOCAL_SIGN_IN_ROLES } from './api-key.entity.js';
import { LocalAccount } from './local-account.entity.js';
import {
  acceptedTotpStep,
  hashPassword,
  LOCAL_LOCKOUT,
  newSetupToken,
  newTotpSecret,
  passwordMatches,
  passwordProblem,
  SETUP_LINK_DAYS,
  setupTokenHash,
  totpUri,
} from './local-sign-in.js';
import type { Principal } from './principal.js';
import { User } from './user.entity.js';
import { ANONYMOUS } from './users.service.js';

/** A hash to compare against when there is no account, so an unknown e-mail takes as long as a known one. */
const NOBODY = hashPassword('no one has this password');

/** `wrong` covers an unknown e-mail, a wrong password or code and a locked account alike. */
export type LocalRefusal = 'wrong' | 'deactivated';

/**
 * Local sign-in (docs/rules.md section 13): an admin gives a bank worker or agency staff member a one-time setup link; the
 * worker chooses a password and sets up an authenticator app (TOTP) through it; they then sign in
 * with e-mail, password and a code. Five failures in a row lock the account for 15 minutes, which
 * answers as any failure does (so it tells no one whether the e-mail has an account).
 */
@Injectable()
export class LocalAccountsService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.key = secretKey(config.ALERTS_SECRET_KEY);
  }

  /**
   * A setup link for the user (shown once): any password and authenticator they had are cleared,
   * and their sessions end. Only for the roles that may sign in locally (409 otherwise).
   */
  async issueSetup(userId: string, actor: Principal): Promise<{ setupUrl: string; expiresAt: Date }> {
    const { token, hash } = newSetupToken();
    const expiresAt = new Date(Date.now() + SETUP_LINK_DAYS * 86_400_000);
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw NotFoundError.of('user', userId);
      if (!LOCAL_SIGN_IN_ROLES.includes(user.role))
        throw new ConflictError(
          'Only bank workers and agency staff sign in with a local account: others sign in through their trust',
        );
      if (!user.active) throw new ConflictError('The user is deactivated: reactivate them first');
      await manager.upsert(
        LocalAccount,
        {
          userId,
          passwordHash: null,
          totpSecretSealed: null,
          totpConfirmedAt: null,
          lastTotpStep: null,
          setupTokenHash: hash,
          setupExpiresAt: expiresAt,
          failedAttempts: 0,
          lockedUntil: null,
        },
        ['userId'],
      );
      await manager.query(`DELETE FROM web_sessions WHERE sess ->> 'userId' = $1`, [userId]);
      await this.audit.record(manager, actor, 'user.local_setup_issued', 'user', userId, null, { expiresAt });
    });
    return { setupUrl: `${this.config.publicUrl}/auth/local/setup?token=${encodeURIComponent(token)}`, expiresAt };
  }

  /** The e-mail a setup token is for, while it works; null otherwise. */
  async setupFor(token: string): Promise<{ email: string; passwordChosen: boolean } | null> {
    const found = await this.bySetupToken(this.dataSource.manager, token, false);
    return found && { email: found.user.email, passwordChosen: found.account.passwordHash !== null };
  }

  /** Sets the chosen password and a new authenticator secret; answers what the app needs (400 for a weak password). */
  async choosePassword(token: string, password: string): Promise<{ secret: string; uri: string }> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.bySetupToken(manager, token, true);
      if (!found) throw new NotFoundError('The link has expired or been used: ask your bank office for a new one');
      const problem = passwordProblem(password, found.user.email);
      if (problem) throw new InvalidInputError(problem, [{ field: 'password', message: problem }]);
      const secret = newTotpSecret();
      await manager.update(
        LocalAccount,
        { userId: found.user.id },
        { passwordHash: await hashPassword(password), totpSecretSealed: encryptSecret(secret, this.key) },
      );
      return { secret, uri: totpUri(secret, found.user.email) };
    });
  }

  /** The authenticator's secret of a setup in progress (to show it again after a wrong code). */
  async pendingSecret(token: string): Promise<{ secret: string; uri: string } | null> {
    const found = await this.bySetupToken(this.dataSource.manager, token, false);
    if (!found?.account.totpSecretSealed) return null;
    const secret = decryptSecret(found.account.totpSecretSealed, this.key);
    return { secret, uri: totpUri(secret, found.user.email) };
  }

  /** Finishes the setup with a code from the app: the link is used up and sign-in works. False for a wrong code. */
  async confirm(token: string, code: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.bySetupToken(manager, token, true);
      if (!found?.account.totpSecretSealed) throw new NotFoundError('The link has expired or been used');
      const step = acceptedTotpStep(decryptSecret(found.account.totpSecretSealed, this.key), code, null);
      if (step === null) return false;
      await manager.update(
        LocalAccount,
        { userId: found.user.id },
        { totpConfirmedAt: new Date(), lastTotpStep: String(step), setupTokenHash: null, setupExpiresAt: null },
      );
      const actor = { ...ANONYMOUS, userId: found.user.id, role: found.user.role };
      await this.audit.record(manager, actor, 'user.local_setup_done', 'user', found.user.id, null, {});
      return true;
    });
  }

  /** A local sign-in: the user, or why not (the same `wrong` for an unknown e-mail, password or code). */
  async signIn(
    email: string,
    password: string,
    code: string,
    requestId: string | null,
  ): Promise<{ user: User } | { refused: LocalRefusal }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { email: email.trim().toLowerCase() } });
      const account = user
        ? await manager.findOne(LocalAccount, { where: { userId: user.id }, lock: { mode: 'pessimistic_write' } })
        : null;
      const outcome = await this.judge(manager, user, account, password, code);
      const actor = { ...ANONYMOUS, userId: 'user' in outcome ? outcome.user.id : null, requestId };
      await this.audit.record(
        manager,
        actor,
        'user' in outcome ? 'user.sign_in' : 'user.sign_in_refused',
        'user',
        user?.id ?? `local#${email.trim().toLowerCase().slice(0, 200)}`,
        null,
        'user' in outcome ? { email: user!.email, method: 'local' } : { refused: outcome.refused, method: 'local' },
      );
      return outcome;
    });
  }

  private async judge(
    manager: EntityManager,
    user: User | null,
    account: LocalAccount | null,
    password: string,
    code: string,
  ): Promise<{ user: User } | { refused: LocalRefusal }> {
    const now = new Date();
    // Every refusal costs one scrypt and answers alike: an unknown e-mail, a role that signs in
    // through its trust, a locked account, a wrong password or code.
    const usable =
      user &&
      LOCAL_SIGN_IN_ROLES.includes(user.role) &&
      account?.passwordHash &&
      account.totpSecretSealed &&
      account.totpConfirmedAt;
    if (!usable) {
      await passwordMatches(password, await NOBODY);
      return { refused: 'wrong' };
    }
    const passwordRight = await passwordMatches(password, account.passwordHash!);
    if (account.lockedUntil && account.lockedUntil > now) return { refused: 'wrong' };
    const lastStep = account.lastTotpStep === null ? null : Number(account.lastTotpStep);
    const step = acceptedTotpStep(decryptSecret(account.totpSecretSealed!, this.key), code, lastStep, now.getTime());
    if (!passwordRight || step === null) {
      const failed = account.failedAttempts + 1;
      const locks = failed >= LOCAL_LOCKOUT.attempts;
      await manager.update(
        LocalAccount,
        { userId: user.id },
        {
          failedAttempts: locks ? 0 : failed,
          lockedUntil: locks ? new Date(now.getTime() + LOCAL_LOCKOUT.minutes * 60_000) : account.lockedUntil,
        },
      );
      return { refused: 'wrong' };
    }
    if (!user.active) return { refused: 'deactivated' };
    await manager.update(
      LocalAccount,
      { userId: user.id },
      { failedAttempts: 0, lockedUntil: null, lastTotpStep: String(step) },
    );
    await manager.update(User, { id: user.id }, { lastSignInAt: now });
    return { user };
  }

  private async bySetupToken(
    manager: EntityManager,
    token: string,
    lock: boolean,
  ): Promise<{ user: User; account: LocalAccount } | null> {
    if (!token || token.length > 100) return null;
    const account = await manager.findOne(LocalAccount, {
      where: { setupTokenHash: setupTokenHash(token) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!account?.setupExpiresAt || account.setupExpiresAt <= new Date()) return null;
    const user = await manager.findOneBy(User, { id: account.userId });
    return user?.active ? { user, account } : null;
  }
}
