import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { type Principal, trustScope } from '../../core/auth/principal.js';

/**
 * The subscriptions (webhooks, e-mail) a caller may list: those of its trusts, and a system's own
 * only for the key that governs the system; with `systemId`, the system's own and its trusts'.
 * One rule for every channel.
 */
export function subscriptionsInScope<T extends ObjectLiteral>(
  rows: SelectQueryBuilder<T>,
  alias: string,
  actor: Principal,
  systemId: string | undefined,
): SelectQueryBuilder<T> {
  const trusts = trustScope(actor);
  if (trusts) {
    rows.andWhere(`(${alias}.system_id = ANY(:governed) OR ${alias}.trust_id = ANY(:trusts))`, {
      governed: actor.systemId ? [actor.systemId] : [],
      trusts,
    });
  }
  if (systemId) {
    rows.andWhere(
      `(${alias}.system_id = :systemId OR ${alias}.trust_id IN (SELECT id FROM trusts WHERE system_id = :systemId))`,
      { systemId },
    );
  }
  return rows;
}
