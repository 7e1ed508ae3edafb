import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { type Page, type PageQuery, paginate } from '../pagination/page.js';
import { ConflictError, NotFoundError } from '../errors/domain-errors.js';
import { ApiKey } from './api-key.entity.js';
import { checkGrant, checkGrantScopeExists, grantOfRow, grantScopeSql, type GrantScopeRow } from './grant.js';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-secret.js';
import type { ApiKeyView, CreateApiKeyDto, CreatedApiKeyView } from './api-keys.dto.js';
import type { Principal } from './principal.js';

const BOOTSTRAP_KEY_NAME = 'bootstrap admin';

const view = (key: ApiKey): ApiKeyView => ({
  id: key.id,
  name: key.name,
  role: key.role,
  systemId: key.systemId,
  trustIds: key.trustIds,
  approvalLevel: key.approvalLevel,
  bankWorkerId: key.bankWorkerId,
  agencyId: key.agencyId,
  keyPrefix: key.keyPrefix,
  createdAt: key.createdAt,
  revokedAt: key.revokedAt,
});

/**
 * Resolved keys are kept this long in each process, so most requests need no query to authenticate.
 * A revocation or a new trust made through this process applies at once; through another process,
 * within this time.
 */
const PRINCIPAL_CACHE_MS = 10_000;
const PRINCIPAL_CACHE_SIZE = 10_000;

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly principals = new Map<string, { principal: Omit<Principal, 'requestId'>; expiresAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Makes BOOTSTRAP_ADMIN_KEY a working admin key, and revokes an earlier bootstrap key when the
   * value changes (so rotating it works). A revoked bootstrap key stays revoked.
   */
  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.BOOTSTRAP_ADMIN_KEY;
    if (!key) return;
    await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO api_keys (name, role, key_prefix, key_hash) VALUES ($1, 'admin', $2, $3)
         ON CONFLICT ON CONSTRAINT uq_api_keys_key_hash DO NOTHING RETURNING id`,
        [BOOTSTRAP_KEY_NAME, apiKeyPrefix(key), hashApiKey(key)],
      );
      if (inserted.length === 0) return;
      await manager.query(
        `UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND key_hash <> $2 AND revoked_at IS NULL`,
        [BOOTSTRAP_KEY_NAME, hashApiKey(key)],
      );
      this.forgetPrincipals();
      this.logger.log('bootstrap admin key registered');
    });
  }

  /** The principal behind a presented key, with its scope resolved to trusts and systems; null if unknown or revoked. */
  async resolve(key: string, requestId: string | null): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const cacheKey = hash.toString('base64');
    const cached = this.principals.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return { ...cached.principal, requestId };
    const principal = await this.load(hash);
    if (!principal) return null;
    if (this.principals.size >= PRINCIPAL_CACHE_SIZE) this.principals.clear();
    this.principals.set(cacheKey, { principal, expiresAt: Date.now() + PRINCIPAL_CACHE_MS });
    return { ...principal, requestId };
  }

  /** Forget every resolved key: scopes or revocations changed. */
  forgetPrincipals(): void {
    this.principals.clear();
  }

  private async load(hash: Buffer): Promise<Omit<Principal, 'requestId'> | null> {
    const rows: (GrantScopeRow & { id: string })[] = await this.dataSource.query(
      `SELECT k.id, ${grantScopeSql('k')} FROM api_keys k WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    return row ? { keyId: row.id, userId: null, ...grantOfRow(row) } : null;
  }

  async create(input: CreateApiKeyDto, actor: Principal): Promise<CreatedApiKeyView> {
    checkGrant(input, 'key');
    const trustIds = input.trustIds ?? [];
    const secret = generateApiKey();
    return this.dataSource.transaction(async (manager) => {
      await checkGrantScopeExists(manager, input);
      const key = await manager.save(
        manager.create(ApiKey, {
          name: input.name,
          role: input.role,
          systemId: input.systemId ?? null,
          trustIds,
          approvalLevel: input.approvalLevel ?? null,
          bankWorkerId: input.bankWorkerId ?? null,
          agencyId: input.agencyId ?? null,
          keyPrefix: apiKeyPrefix(secret),
          keyHash: hashApiKey(secret),
          createdByKeyId: actor.keyId,
        }),
      );
      const created = view(key);
      await this.audit.record(manager, actor, 'api_key.create', 'api_key', key.id, null, created);
      return { ...created, key: secret };
    });
  }

  /** Keys by name (ties by id), so an admin's list reads in order from page to page. */
  async list(page: PageQuery): Promise<Page<ApiKeyView>> {
    const query = this.dataSource.getRepository(ApiKey).createQueryBuilder('key');
    const result = await paginate(query, page, 'name');
    return { items: result.items.map(view), nextCursor: result.nextCursor };
  }

  async get(id: string): Promise<ApiKeyView> {
    const key = await this.dataSource.manager.findOneBy(ApiKey, { id });
    if (!key) throw NotFoundError.of('api key', id);
    return view(key);
  }

  async revoke(id: string, actor: Principal): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (manager) => {
      const key = await manager.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw NotFoundError.of('api key', id);
      if (id === actor.keyId) throw new ConflictError('A key cannot revoke itself: revoke it with another admin key');
      const before = view(key);
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await manager.update(ApiKey, { id }, { revokedAt: key.revokedAt });
        await this.audit.record(manager, actor, 'api_key.revoke', 'api_key', id, before, view(key));
        this.forgetPrincipals();
      }
      return view(key);
    });
  }
}
