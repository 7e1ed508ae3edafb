import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { LOCAL_SIGN_IN_ROLES } from './api-key.entity.js';
import { AppConfig } from '../config/app-config.js';
import { ConflictError, NotFoundError } from '../errors/domain-errors.js';
import { type Page, type PageQuery, paginate } from '../pagination/page.js';
import {
  checkGrant,
  checkGrantScopeExists,
  type Grant,
  grantOfRow,
  grantScopeSql,
  type GrantScopeRow,
  sameGrant,
} from './grant.js';
import type { Principal } from './principal.js';
import { grantFromGroups, type SignInClaims } from './sign-in-rules.js';
import { User } from './user.entity.js';
import type { InviteUserDto, UpdateUserDto, UserView } from './users.dto.js';

export const userView = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  role: user.role,
  systemId: user.systemId,
  trustIds: user.trustIds,
  approvalLevel: user.approvalLevel,
  bankWorkerId: user.bankWorkerId,
  agencyId: user.agencyId,
  grantedBy: user.grantedBy,
  signedInBefore: user.issuer !== null,
  active: user.active,
  lastSignInAt: user.lastSignInAt,
  createdAt: user.createdAt,
});

/** Why someone is not let in: they are not known, their account is off, or their e-mail is not verified. */
export type SignInRefusal = 'unknown' | 'deactivated' | 'unverified';

const grantColumns = (grant: Grant) => ({
  role: grant.role,
  systemId: grant.systemId ?? null,
  trustIds: grant.trustIds ?? [],
  approvalLevel: grant.approvalLevel ?? null,
  bankWorkerId: grant.bankWorkerId ?? null,
  agencyId: grant.agencyId ?? null,
});

/**
 * People (docs/rules.md section 13): invited by an admin, bound to their identity at first sign-in,
 * deactivated (which ends their sessions at once). Their principal is resolved on every request,
 * so a change of role, scope or activity applies to the very next page.
 */
@Injectable()
export class UsersService {
  private readonly groupMap: Record<string, unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.groupMap = config.OIDC_GROUP_MAP ? (JSON.parse(config.OIDC_GROUP_MAP) as Record<string, unknown>) : {};
  }

  async invite(input: InviteUserDto, actor: Principal): Promise<UserView> {
    checkGrant(input, 'user');
    const email = input.email.trim().toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      await checkGrantScopeExists(manager, input);
      if (await manager.existsBy(User, { email }))
        throw new ConflictError(`There is already a user with e-mail ${email}`);
      // A bank worker is called by their bank record's name until their provider says otherwise.
      const [worker] = input.bankWorkerId
        ? ((await manager.query(`SELECT display_name FROM bank_workers WHERE id = $1`, [input.bankWorkerId])) as {
            display_name: string;
          }[])
        : [];
      const displayName = input.displayName ?? worker?.display_name ?? null;
      const user = await manager.save(manager.create(User, { email, displayName, ...grantColumns(input) }));
      const created = userView(user);
      await this.audit.record(manager, actor, 'user.invite', 'user', user.id, null, created);
      return created;
    });
  }

  /** People by e-mail (unique), so an admin's list reads in order from page to page. */
  async list(page: PageQuery): Promise<Page<UserView>> {
    const query = this.dataSource.getRepository(User).createQueryBuilder('user');
    const result = await paginate(query, page, 'email');
    return { items: result.items.map(userView), nextCursor: result.nextCursor };
  }

  async get(id: string): Promise<UserView> {
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw NotFoundError.of('user', id);
    return userView(user);
  }

  /** Changes activity, role or scope; deactivating deletes the person's sessions in the same transaction. */
  async update(id: string, input: UpdateUserDto, actor: Principal): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw NotFoundError.of('user', id);
      if (input.active === false && actor.userId === id) {
        throw new ConflictError('You cannot deactivate yourself: ask another admin');
      }
      const before = userView(user);
      const grantGiven = ['role', 'systemId', 'trustIds', 'approvalLevel', 'bankWorkerId', 'agencyId'].some(
        (field) => input[field as keyof UpdateUserDto] !== undefined,
      );
      let grantChanged = false;
      if (grantGiven) {
        // A new grant is given whole, so a scope cannot be left half-changed.
        const grant: Grant = {
          role: input.role ?? user.role,
          systemId: input.systemId,
          trustIds: input.trustIds,
          approvalLevel: input.approvalLevel,
          bankWorkerId: input.bankWorkerId,
          agencyId: input.agencyId,
        };
        checkGrant(grant, 'user');
        await checkGrantScopeExists(manager, grant);
        // The same grant given again (a form saved unchanged) ends no one's sessions.
        grantChanged = !sameGrant(user, grant);
        Object.assign(user, grantColumns(grant), { grantedBy: 'invitation' });
      }
      if (input.active !== undefined) user.active = input.active;
      const saved = await manager.save(user);
      // A local sign-in is a bank worker's or agency's only (docs/rules.md section 13): another role signs in through its trust.
      if (!LOCAL_SIGN_IN_ROLES.includes(saved.role))
        await manager.query(`DELETE FROM local_accounts WHERE user_id = $1`, [id]);
      if (!saved.active || grantChanged) await this.endSessions(manager, id);
      const after = userView(saved);
      await this.audit.record(manager, actor, 'user.update', 'user', id, before, after);
      return after;
    });
  }

  /** An active user's principal, with their scope resolved, and their name; null when unknown or deactivated. */
  async personOf(userId: string, requestId: string | null): Promise<{ principal: Principal; name: string } | null> {
    const rows: (GrantScopeRow & { name: string })[] = await this.dataSource.query(
      `SELECT coalesce(u.display_name, u.email) AS name, ${grantScopeSql('u')} FROM users u WHERE u.id = $1 AND u.active`,
      [userId],
    );
    const row = rows[0];
    return row ? { principal: { keyId: null, userId, ...grantOfRow(row), requestId }, name: row.name } : null;
  }

  /**
   * Who a sign-in is: the user bound to this identity; else the invitation for this verified e-mail,
   * now bound; else, where a group mapping names one of their groups, a user made from it. The
   * sign-in, let in or refused, is audited.
   */
  async signIn(claims: SignInClaims, requestId: string | null): Promise<{ user: User } | { refused: SignInRefusal }> {
    return this.dataSource.transaction(async (manager) => {
      const outcome = await this.whoSignsIn(manager, claims);
      const actor = 'user' in outcome ? this.actorOf(outcome.user, requestId) : null;
      const entityId = 'user' in outcome ? outcome.user.id : `${claims.issuer}#${claims.subject}`;
      const after =
        'user' in outcome ? { email: outcome.user.email } : { refused: outcome.refused, email: claims.email };
      await this.audit.record(
        manager,
        actor ?? { ...ANONYMOUS, requestId },
        'user' in outcome ? 'user.sign_in' : 'user.sign_in_refused',
        'user',
        entityId,
        null,
        after,
      );
      return outcome;
    });
  }

  private async whoSignsIn(
    manager: EntityManager,
    claims: SignInClaims,
  ): Promise<{ user: User } | { refused: SignInRefusal }> {
    let user = await manager.findOne(User, {
      where: { issuer: claims.issuer, subject: claims.subject },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user && claims.email) {
      const invited = await manager.findOne(User, {
        where: { email: claims.email },
        lock: { mode: 'pessimistic_write' },
      });
      // An invitation already bound to another identity is not taken over by a second one.
      if (invited && invited.issuer === null) {
        if (!claims.emailVerified) return { refused: 'unverified' };
        user = invited;
        user.issuer = claims.issuer;
        user.subject = claims.subject;
      }
    }
    const mapped = grantFromGroups(claims.groups, this.groupMap);
    if (
      !user &&
      mapped &&
      claims.email &&
      claims.emailVerified &&
      !(await manager.existsBy(User, { email: claims.email }))
    ) {
      user = manager.create(User, {
        email: claims.email,
        issuer: claims.issuer,
        subject: claims.subject,
        grantedBy: 'groups',
        active: true,
        ...grantColumns(mapped),
      });
    }
    if (!user) return { refused: 'unknown' };
    if (!user.active) return { refused: 'deactivated' };
    // A person let in by their groups follows their groups at every sign-in: out of every mapped
    // group, out of Fairshift (until an admin gives them a grant of their own).
    if (user.grantedBy === 'groups') {
      if (!mapped) return { refused: 'unknown' };
      Object.assign(user, grantColumns(mapped));
    }
    user.displayName = claims.displayName ?? user.displayName;
    user.lastSignInAt = new Date();
    return { user: await manager.save(user) };
  }

  private actorOf(user: User, requestId: string | null): Principal {
    return { ...ANONYMOUS, userId: user.id, role: user.role, requestId };
  }

  private async endSessions(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM web_sessions WHERE sess ->> 'userId' = $1`, [userId]);
  }
}

/** No key and no user: someone the service does not know, for the audit of a refused sign-in. */
export const ANONYMOUS: Principal = {
  keyId: null,
  userId: null,
  role: 'integration',
  approvalLevel: null,
  systemId: null,
  trustIds: new Set(),
  systemIds: new Set(),
  requestId: null,
};
