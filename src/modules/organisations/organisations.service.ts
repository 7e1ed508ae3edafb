import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { ApiKeysService } from '../../core/auth/api-keys.service.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { type Page, type PageQuery, paginate } from '../../core/pagination/page.js';
import { coversSystem, coversTrust, type Principal, systemScope, trustScope } from '../../core/auth/principal.js';
import type {
  CreateSystemDto,
  CreateTrustDto,
  CreateWardDto,
  ListTrustsQuery,
  SystemView,
  TrustView,
  UpdateSystemDto,
  WardView,
} from './organisations.dto.js';
import { sameCascade } from '../time-bands/index.js';
import { System } from './system.entity.js';
import { Trust } from './trust.entity.js';
import { Ward } from './ward.entity.js';

const systemView = (system: System): SystemView => ({
  id: system.id,
  code: system.code,
  name: system.name,
  settings: {
    executiveSignoffRatio: system.executiveSignoffRatio,
    ceoSignoffRatePence: system.ceoSignoffRatePence,
    nightlyCron: system.nightlyCron,
    recheckDays: system.recheckDays,
    bankOnCostPercent: system.bankOnCostPercent,
    releaseCascade: system.releaseCascade,
    suggestLeadHours: system.suggestLeadHours,
    agencyNoticeHours: system.agencyNoticeHours,
    approvalOverdueHours: system.approvalOverdueHours,
    bankCancelNoticeHours: system.bankCancelNoticeHours,
    supportWorkerAgencyBan: system.supportWorkerAgencyBan,
  },
  createdAt: system.createdAt,
  updatedAt: system.updatedAt,
});

/**
 * Marks for re-check (as markForRecheck in the shifts module does, which this module, below it,
 * cannot import) the system's shifts whose compliance a change of the support-worker agency ban
 * may change: those with an active agency booking that started within the nightly run's
 * `recheckDays` or start later, and those holding a `SUPPORT_WORKER_AGENCY` breach not yet resolved.
 */
const MARK_AGENCY_SHIFTS_FOR_RECHECK = `
UPDATE shifts s SET recheck_requested_at = now()
  FROM trusts t JOIN systems y ON y.id = t.system_id
 WHERE t.id = s.trust_id AND t.system_id = $1
   AND ((s.local_start_date >= (now() AT TIME ZONE 'Europe/London')::date - y.recheck_days
         AND EXISTS (SELECT 1 FROM bookings b WHERE b.shift_id = s.id AND b.type = 'agency'
                        AND b.status IN ('pending_approval', 'confirmed')))
        OR EXISTS (SELECT 1 FROM breaches br WHERE br.shift_id = s.id AND br.rule = 'SUPPORT_WORKER_AGENCY'
                      AND br.status <> 'resolved'))`;

const trustView = (trust: Trust): TrustView => ({
  id: trust.id,
  systemId: trust.systemId,
  odsCode: trust.odsCode,
  name: trust.name,
  createdAt: trust.createdAt,
});

const wardView = (ward: Ward): WardView => ({
  id: ward.id,
  trustId: ward.trustId,
  code: ward.code,
  name: ward.name,
  createdAt: ward.createdAt,
});

/** Systems, trusts and wards: the organisations every other module hangs off. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly apiKeys: ApiKeysService,
    private readonly signals: WorkerSignals,
  ) {}

  async createSystem(input: CreateSystemDto, actor: Principal): Promise<SystemView> {
    const created = await this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(System, { code: input.code })) {
        throw new ConflictError(`A system with code ${input.code} already exists`);
      }
      const system = await manager.save(
        manager.create(System, { code: input.code, name: input.name, ...input.settings }),
      );
      const created = systemView(await manager.findOneByOrFail(System, { id: system.id }));
      await this.audit.record(manager, actor, 'system.create', 'system', system.id, null, created);
      return created;
    });
    // Its nightly compliance schedule.
    await this.signals.schedulesChanged();
    return created;
  }

  async updateSystem(id: string, input: UpdateSystemDto, actor: Principal): Promise<SystemView> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const system = await this.lockSystem(manager, id, actor);
      const before = systemView(system);
      if (input.code && input.code !== system.code && (await manager.existsBy(System, { code: input.code }))) {
        throw new ConflictError(`A system with code ${input.code} already exists`);
      }
      const cascadeChanged =
        input.settings?.releaseCascade !== undefined &&
        !sameCascade(input.settings.releaseCascade, system.releaseCascade);
      await manager.update(
        System,
        { id },
        {
          ...(input.code ? { code: input.code } : {}),
          ...(input.name ? { name: input.name } : {}),
          ...input.settings,
          // The worker recomputes the release instants of the system's shifts still to start.
          ...(cascadeChanged ? { releasesRecomputeRequestedAt: new Date() } : {}),
        },
      );
      const after = systemView(await manager.findOneByOrFail(System, { id }));
      // The ban opens or clears breaches of the system's agency bookings: re-check them now.
      const banChanged = after.settings.supportWorkerAgencyBan !== before.settings.supportWorkerAgencyBan;
      if (banChanged) await manager.query(MARK_AGENCY_SHIFTS_FOR_RECHECK, [id]);
      await this.audit.record(manager, actor, 'system.update', 'system', id, before, after);
      return { after, cascadeChanged, banChanged };
    });
    if (input.settings?.nightlyCron !== undefined) await this.signals.schedulesChanged();
    if (updated.cascadeChanged) await this.signals.releasesChanged();
    if (updated.banChanged) await this.signals.recheckSoon();
    return updated.after;
  }

  async listSystems(page: PageQuery, actor: Principal): Promise<Page<SystemView>> {
    const query = this.dataSource.getRepository(System).createQueryBuilder('system');
    const scope = systemScope(actor);
    if (scope) query.where('system.id = ANY(:scope)', { scope });
    const result = await paginate(query, page, 'code');
    return { items: result.items.map(systemView), nextCursor: result.nextCursor };
  }

  async getSystem(id: string, actor: Principal): Promise<SystemView> {
    const system = await this.dataSource.getRepository(System).findOneBy({ id });
    if (!system || !coversSystem(actor, id)) throw NotFoundError.of('system', id);
    return systemView(system);
  }

  async createTrust(input: CreateTrustDto, actor: Principal): Promise<TrustView> {
    const created = await this.dataSource.transaction(async (manager) => {
      if (!coversSystem(actor, input.systemId) || !(await manager.existsBy(System, { id: input.systemId }))) {
        throw NotFoundError.of('system', input.systemId);
      }
      if (await manager.existsBy(Trust, { odsCode: input.odsCode })) {
        throw new ConflictError(`A trust with ODS code ${input.odsCode} already exists`);
      }
      const trust = await manager.save(manager.create(Trust, input));
      const created = trustView(trust);
      await this.audit.record(manager, actor, 'trust.create', 'trust', trust.id, null, created);
      // System-scoped keys now cover one more trust.
      this.apiKeys.forgetPrincipals();
      return created;
    });
    // Its daily digest.
    await this.signals.schedulesChanged();
    return created;
  }

  async listTrusts(filter: ListTrustsQuery, actor: Principal): Promise<Page<TrustView>> {
    const query = this.dataSource.getRepository(Trust).createQueryBuilder('trust');
    const scope = trustScope(actor);
    if (scope) query.andWhere('trust.id = ANY(:scope)', { scope });
    if (filter.systemId) query.andWhere('trust.system_id = :systemId', { systemId: filter.systemId });
    const result = await paginate(query, filter, 'odsCode');
    return { items: result.items.map(trustView), nextCursor: result.nextCursor };
  }

  async getTrust(id: string, actor: Principal): Promise<TrustView> {
    return trustView(await this.findTrust(this.dataSource.manager, id, actor));
  }

  /** The trust, or 404 when it does not exist or lies outside the caller's scope. */
  async findTrust(manager: EntityManager, id: string, actor: Principal): Promise<Trust> {
    const trust = coversTrust(actor, id) ? await manager.findOneBy(Trust, { id }) : null;
    if (!trust) throw NotFoundError.of('trust', id);
    return trust;
  }

  async createWard(trustId: string, input: CreateWardDto, actor: Principal): Promise<WardView> {
    return this.dataSource.transaction(async (manager) => {
      await this.findTrust(manager, trustId, actor);
      if (await manager.existsBy(Ward, { trustId, code: input.code })) {
        throw new ConflictError(`The trust already has a ward with code ${input.code}`);
      }
      const ward = await manager.save(manager.create(Ward, { trustId, ...input }));
      const created = wardView(ward);
      await this.audit.record(manager, actor, 'ward.create', 'ward', ward.id, null, created);
      return created;
    });
  }

  async listWards(trustId: string, page: PageQuery, actor: Principal): Promise<Page<WardView>> {
    await this.findTrust(this.dataSource.manager, trustId, actor);
    const query = this.dataSource
      .getRepository(Ward)
      .createQueryBuilder('ward')
      .where('ward.trust_id = :trustId', { trustId });
    const result = await paginate(query, page, 'code');
    return { items: result.items.map(wardView), nextCursor: result.nextCursor };
  }

  /**
   * The wards in scope with their trusts, for pages that name places: every one (for a filter's
   * choices), or only those of `ids` (to name the wards a page shows); by trust name, then ward name.
   */
  async wardsInScope(
    actor: Principal,
    ids?: readonly string[],
  ): Promise<{ id: string; name: string; trustId: string; trustName: string }[]> {
    if (ids?.length === 0) return [];
    return this.dataSource.query(
      `SELECT w.id, w.name, w.trust_id AS "trustId", t.name AS "trustName"
         FROM wards w JOIN trusts t ON t.id = w.trust_id
        WHERE ($1::uuid[] IS NULL OR t.id = ANY($1::uuid[]))
          AND ($2::uuid[] IS NULL OR w.id = ANY($2::uuid[]))
        ORDER BY t.name, w.name`,
      [trustScope(actor), ids ? [...new Set(ids)] : null],
    );
  }

  private async lockSystem(manager: EntityManager, id: string, actor: Principal): Promise<System> {
    const system = coversSystem(actor, id)
      ? await manager.findOne(System, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!system) throw NotFoundError.of('system', id);
    return system;
  }
}
