import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';

type Snapshot = object | null;

const toJson = (snapshot: Snapshot): string | null => (snapshot === null ? null : JSON.stringify(snapshot));

/** Writes audit entries inside the caller's transaction, so an entry exists if and only if the write does. */
@Injectable()
export class AuditService {
  async record(
    manager: EntityManager,
    actor: Principal | null,
    action: string,
    entity: string,
    entityId: string,
    before: Snapshot,
    after: Snapshot,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (api_key_id, user_id, request_id, action, entity, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        actor?.keyId ?? null,
        actor?.userId ?? null,
        actor?.requestId ?? null,
        action,
        entity,
        entityId,
        toJson(before),
        toJson(after),
      ],
    );
  }
}
