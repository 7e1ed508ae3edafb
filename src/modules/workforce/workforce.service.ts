import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversTrust, isAdmin, type Principal, trustScope } from '../../core/auth/principal.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { Trust } from '../organisations/index.js';
import { OrganisationsService } from '../organisations/index.js';
import { checkWorkerGrade, clearanceOutsideSystem, otherClearedTrusts } from './bank-worker-rules.js';
import { BankWorkerClearance } from './bank-worker-clearance.entity.js';
import { BankWorker } from './bank-worker.entity.js';
import type {
  BankWorkerView,
  CreateBankWorkerDto,
  ListBankWorkersQuery,
  UpdateBankWorkerDto,
} from './workforce.dto.js';

/** Bank workers and the trusts they are cleared to work at (docs/rules.md section 10). */
@Injectable()
export class WorkforceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateBankWorkerDto, actor: Principal): Promise<BankWorkerView> {
    checkWorkerGrade(input.staffGroup, input.grade);
    return this.dataSource.transaction(async (manager) => {
      const home = await this.organisations.findTrust(manager, input.homeTrustId, actor);
      const cleared = await this.checkClearances(manager, home, input.clearedTrustIds ?? []);
      const worker = await this.saveUnique(
        manager,
        manager.create(BankWorker, {
          homeTrustId: home.id,
          displayName: input.displayName,
          staffGroup: input.staffGroup,
          grade: input.grade,
          optedOutOfWeeklyLimit: input.optedOutOfWeeklyLimit ?? false,
          contractedWeeklyHours: input.contractedWeeklyHours ?? 0,
          active: input.active ?? true,
          externalRef: input.externalRef ?? null,
        }),
      );
      await this.replaceClearances(manager, worker.id, cleared);
      const created = await this.view(manager, worker.id);
      await this.audit.record(manager, actor, 'bank_worker.create', 'bank_worker', worker.id, null, created);
      return created;
    });
  }

  async update(id: string, input: UpdateBankWorkerDto, actor: Principal): Promise<BankWorkerView> {
    return this.dataSource.transaction(async (manager) => {
      const worker = await manager.findOne(BankWorker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      // Only the home trust's people change a worker; others at most see them.
      if (!worker || !coversTrust(actor, worker.homeTrustId)) throw NotFoundError.of('bank worker', id);
      const before = await this.view(manager, id);
      const staffGroup = input.staffGroup ?? worker.staffGroup;
      const grade = input.grade ?? worker.grade;
      checkWorkerGrade(staffGroup, grade);
      const { clearedTrustIds, ...fields } = input;
      Object.assign(worker, fields);
      await this.saveUnique(manager, worker);
      if (clearedTrustIds) {
        const home = await manager.findOneByOrFail(Trust, { id: worker.homeTrustId });
        await this.replaceClearances(manager, id, await this.checkClearances(manager, home, clearedTrustIds));
      }
      const after = await this.view(manager, id);
      await this.audit.record(manager, actor, 'bank_worker.update', 'bank_worker', id, before, after);
      return after;
    });
  }

  async get(id: string, actor: Principal): Promise<BankWorkerView> {
    const worker = await this.view(this.dataSource.manager, id);
    if (
      !isAdmin(actor) &&
      ![worker.homeTrustId, ...worker.clearedTrustIds].some((trustId) => coversTrust(actor, trustId))
    ) {
      throw NotFoundError.of('bank worker', id);
    }
    return worker;
  }

  /** Workers whose home trust, or a trust they are cleared for, is in scope. */
  /**
   * The bank workers of `trustId` (their home trust) whose bank reference is `who`, or whose name
   * is `who` (any case): at most `limit`, for an admin finding the record a person is.
   */
  async matching(trustId: string, who: string, actor: Principal, limit = 5): Promise<BankWorkerView[]> {
    const scope = trustScope(actor);
    if (scope && !scope.includes(trustId)) return [];
    const workers = await this.dataSource
      .getRepository(BankWorker)
      .createQueryBuilder('worker')
      .where('worker.home_trust_id = :trustId', { trustId })
      .andWhere('(worker.external_ref = :who OR lower(worker.display_name) = lower(:who))', { who: who.trim() })
      .orderBy('worker.id')
      .limit(limit)
      .getMany();
    const clearances = await this.clearancesOf(
      this.dataSource.manager,
      workers.map((worker) => worker.id),
    );
    return workers.map((worker) => this.toView(worker, clearances.get(worker.id) ?? []));
  }

  async list(query: ListBankWorkersQuery, actor: Principal): Promise<Page<BankWorkerView>> {
    const workers = this.dataSource.getRepository(BankWorker).createQueryBuilder('worker');
    const visible = (trusts: string[], name: string) =>
      `(worker.home_trust_id = ANY(:${name}) OR EXISTS (SELECT 1 FROM bank_worker_clearances clearance
         WHERE clearance.bank_worker_id = worker.id AND clearance.trust_id = ANY(:${name})))`;
    const scope = trustScope(actor);
    if (scope) workers.andWhere(visible(scope, 'scope'), { scope });
    if (query.trustId) workers.andWhere(visible([query.trustId], 'trustIds'), { trustIds: [query.trustId] });
    if (query.staffGroup) workers.andWhere('worker.staff_group = :staffGroup', { staffGroup: query.staffGroup });
    if (query.grade) workers.andWhere('worker.grade = :grade', { grade: query.grade });
    if (query.active !== undefined) workers.andWhere('worker.active = :active', { active: query.active });
    const page = await paginate(workers, query, 'id');
    const clearances = await this.clearancesOf(
      this.dataSource.manager,
      page.items.map((worker) => worker.id),
    );
    return {
      items: page.items.map((worker) => this.toView(worker, clearances.get(worker.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  /** Cleared trusts must exist and belong to the home trust's system; the home trust itself is not a clearance. */
  private async checkClearances(manager: EntityManager, home: Trust, trustIds: string[]): Promise<string[]> {
    const others = otherClearedTrusts(home.id, trustIds);
    if (others.length === 0) return [];
    const inSystem = await manager.countBy(Trust, { id: In(others), systemId: home.systemId });
    if (inSystem !== others.length) throw clearanceOutsideSystem();
    return others;
  }

  private async replaceClearances(manager: EntityManager, workerId: string, trustIds: string[]): Promise<void> {
    await manager.delete(BankWorkerClearance, { bankWorkerId: workerId });
    if (trustIds.length > 0)
      await manager.insert(
        BankWorkerClearance,
        trustIds.map((trustId) => ({ bankWorkerId: workerId, trustId })),
      );
  }

  private async saveUnique(manager: EntityManager, worker: BankWorker): Promise<BankWorker> {
    if (worker.externalRef) {
      const clash = await manager.findOneBy(BankWorker, {
        homeTrustId: worker.homeTrustId,
        externalRef: worker.externalRef,
      });
      if (clash && clash.id !== worker.id)
        throw new ConflictError(`The home trust already has a worker with externalRef ${worker.externalRef}`);
    }
    return manager.save(worker);
  }

  private async clearancesOf(manager: EntityManager, workerIds: string[]): Promise<Map<string, string[]>> {
    const byWorker = new Map<string, string[]>();
    if (workerIds.length === 0) return byWorker;
    const rows = await manager.findBy(BankWorkerClearance, { bankWorkerId: In(workerIds) });
    for (const row of rows) byWorker.set(row.bankWorkerId, [...(byWorker.get(row.bankWorkerId) ?? []), row.trustId]);
    return byWorker;
  }

  private async view(manager: EntityManager, id: string): Promise<BankWorkerView> {
    const worker = await manager.findOneBy(BankWorker, { id });
    if (!worker) throw NotFoundError.of('bank worker', id);
    return this.toView(worker, (await this.clearancesOf(manager, [id])).get(id) ?? []);
  }

  private toView(worker: BankWorker, clearedTrustIds: string[]): BankWorkerView {
    return {
      id: worker.id,
      homeTrustId: worker.homeTrustId,
      displayName: worker.displayName,
      staffGroup: worker.staffGroup,
      grade: worker.grade,
      clearedTrustIds: [...clearedTrustIds].sort(),
      optedOutOfWeeklyLimit: worker.optedOutOfWeeklyLimit,
      contractedWeeklyHours: worker.contractedWeeklyHours,
      active: worker.active,
      externalRef: worker.externalRef,
      createdAt: worker.createdAt,
      updatedAt: worker.updatedAt,
    };
  }
}
