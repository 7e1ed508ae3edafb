import type { BulkColumn } from '../../core/database/bulk-insert.js';

/** The bank_workers columns a bulk insert writes (an import, the demo), in this order. */
export const BANK_WORKER_COLUMNS: BulkColumn[] = [
  ['id', 'uuid'],
  ['home_trust_id', 'uuid'],
  ['display_name', 'text'],
  ['staff_group', 'text'],
  ['grade', 'text'],
  ['opted_out_of_weekly_limit', 'boolean'],
  ['contracted_weekly_hours', 'numeric'],
  ['active', 'boolean'],
  ['external_ref', 'text'],
];

/** The bank_worker_clearances columns: a worker and a trust they may work at. */
export const CLEARANCE_COLUMNS: BulkColumn[] = [
  ['bank_worker_id', 'uuid'],
  ['trust_id', 'uuid'],
];
