import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversTrust, type Principal, trustScope } from '../../core/auth/principal.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { Breach } from './breach.entity.js';
import { recordEvent } from '../../core/outbox/outbox.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { type BreachAction, BREACH_SEVERITIES, type BreachSeverity, BREACH_TRANSITIONS } from './compliance-rules.js';
import type { BreachView, ListBreachesQuery } from './compliance.dto.js';

/** The filters of a breach list, without its paging. */
export type BreachFilters = Omit<ListBreachesQuery, 'limit' | 'cursor'>;

export const breachView = (breach: Breach): BreachView => ({
  id: breach.id,
  bookingId: breach.bookingId,
  shiftId: breach.shiftId,
  trustId: breach.trustId,
  systemId: breach.systemId,
  localStartDate: breach.localStartDate,
  rule: breach.rule,
  severity: breach.severity,
  status: breach.status,
  resolution: breach.resolution,
  reason: breach.reason,
  amountPence: breach.amountPence,
  chargePence: breach.chargePence,
  capCostPence: breach.capCostPence,
  systemCapCostPence: breach.systemCapCostPence,
  cardCostPence: breach.cardCostPence,
  signoffLevel: breach.signoffLevel,
  detectedAt: breach.detectedAt,
  updatedAt: breach.updatedAt,
  resolvedAt: breach.resolvedAt,
});

/** Breaches as people see and handle them: listed in scope, acknowledged, justified, resolved. */
@Injectable()
export class BreachesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  /** Newest shifts first. */
  async list(query: ListBreachesQuery, actor: Principal): Promise<Page<BreachView>> {
    const page = await paginate(this.filtered(query, actor), query, 'localStartDate', 'descending');
    return { items: page.items.map(breachView), nextCursor: page.nextCursor };
  }

  /** How many breaches `list` would return for the same filters, by severity (every severity, zeros too). */
  async countBySeverity(
    query: Omit<BreachFilters, 'severity'>,
    actor: Principal,
  ): Promise<Record<BreachSeverity, number>> {
    const rows = (await this.filtered(query, actor)
      .select('breach.severity', 'severity')
      .addSelect('count(*)::int', 'count')
      .groupBy('breach.severity')
      .getRawMany()) as { severity: BreachSeverity; count: number }[];
    const counts = Object.fromEntries(BREACH_SEVERITIES.map((severity) => [severity, 0])) as Record<
      BreachSeverity,
      number
    >;
    for (const row of rows) counts[row.severity] = Number(row.count);
    return counts;
  }

  /** The caller's breaches that match the filters. */
  private filtered(query: BreachFilters, actor: Principal): SelectQueryBuilder<Breach> {
    const breaches = this.dataSource.getRepository(Breach).createQueryBuilder('breach');
    const scope = trustScope(actor);
    if (scope) breaches.andWhere('breach.trust_id = ANY(:scope)', { scope });
    const filters: [keyof BreachFilters, string][] = [
      ['systemId', 'system_id'],
      ['trustId', 'trust_id'],
      ['rule', 'rule'],
      ['status', 'status'],
      ['severity', 'severity'],
      ['bookingId', 'booking_id'],
      ['shiftId', 'shift_id'],
    ];
    for (const [field, column] of filters) {
      if (query[field] !== undefined) breaches.andWhere(`breach.${column} = :${field}`, { [field]: query[field] });
    }
    if (query.from) breaches.andWhere('breach.local_start_date >= :from', { from: query.from });
    if (query.to) breaches.andWhere('breach.local_start_date < :to', { to: query.to });
    return breaches;
  }

  async get(id: string, actor: Principal): Promise<BreachView> {
    const breach = await this.dataSource.manager.findOneBy(Breach, { id });
    if (!breach || !coversTrust(actor, breach.trustId)) throw NotFoundError.of('breach', id);
    return breachView(breach);
  }

  /**
   * A person's transition (section 8's lifecycle), audited. A justified breach stays justified
   * through re-checks unless its amount grows; a resolved one is `manual`.
   */
  async transition(
    id: string,
    action: BreachAction,
    reason: string | undefined,
    actor: Principal,
  ): Promise<BreachView> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const breach = await manager.findOne(Breach, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!breach || !coversTrust(actor, breach.trustId)) throw NotFoundError.of('breach', id);
      const { to, from } = BREACH_TRANSITIONS[action];
      if (!(from as readonly string[]).includes(breach.status)) {
        throw new ConflictError(
          `The breach is ${breach.status}; only a breach that is ${from.join(' or ')} can be ${to}`,
        );
      }
      const before = breachView(breach);
      await manager.update(
        Breach,
        { id },
        {
          status: to,
          updatedAt: new Date(),
          ...(reason !== undefined ? { reason } : {}),
          ...(to === 'resolved' ? { resolution: 'manual' as const, resolvedAt: new Date() } : {}),
          ...(to === 'justified' || to === 'resolved' ? { acceptedAmountPence: breach.amountPence } : {}),
        },
      );
      const after = breachView(await manager.findOneByOrFail(Breach, { id }));
      await this.audit.record(manager, actor, `breach.${action}`, 'breach', id, before, after);
      if (to === 'resolved') {
        await recordEvent(manager, {
          type: 'breach.resolved',
          systemId: after.systemId,
          trustId: after.trustId,
          subjectId: id,
          data: { breachId: id, ...after },
        });
      }
      return after;
    });
    if (updated.status === 'resolved') await this.signals.dispatchAlerts();
    return updated;
  }
}
