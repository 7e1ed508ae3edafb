import { AuditLogEntry } from '../audit/audit-log-entry.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { LocalAccount } from '../auth/local-account.entity.js';
import { User } from '../auth/user.entity.js';
import { AlertEvent } from '../outbox/alert-event.entity.js';

/** Core's own entities: the modules register theirs beside these at the composition root (src/entities.ts). */
export const CORE_ENTITIES = [ApiKey, User, LocalAccount, AuditLogEntry, AlertEvent];
