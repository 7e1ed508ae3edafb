import type { DataSource } from 'typeorm';
import { SIGNOFF_LEVELS } from '../../core/auth/api-key.entity.js';

/** A level and the one above it (chief executive has none above): who hears of an overdue sign-off. */
const LEVEL_AND_NEXT_SQL = `CASE b.required_signoff ${SIGNOFF_LEVELS.map(
  (level, index) =>
    `WHEN '${level}' THEN jsonb_build_array(${[level, SIGNOFF_LEVELS[index + 1]]
      .filter(Boolean)
      .map((name) => `'${name}'`)
      .join(', ')})`,
).join(' ')} END`;

/**
 * Raises `booking.approval_overdue` once for every booking still waiting for sign-off when its shift
 * starts within its system's `approvalOverdueHours` (docs/rules.md section 8): one statement, its
 * events addressed (`approverLevels`) to the approvers of the booking's level and the next, whom the
 * fan-out e-mails. A shift that has started is past helping. Answers how many were raised.
 */
export async function raiseOverdueApprovals(dataSource: DataSource, now: Date = new Date()): Promise<number> {
  const rows = (await dataSource.query(
    `INSERT INTO alert_events (type, system_id, trust_id, subject_id, data, dedupe_key)
     SELECT 'booking.approval_overdue', t.system_id, s.trust_id, b.id,
            jsonb_build_object('bookingId', b.id, 'shiftId', s.id, 'trustId', s.trust_id, 'wardId', s.ward_id,
                               'type', b.type, 'costPence', b.cost_pence, 'requiredSignoff', b.required_signoff,
                               'approverLevels', ${LEVEL_AND_NEXT_SQL},
                               'startsAt', s.starts_at, 'endsAt', s.ends_at, 'bookedAt', b.created_at),
            'booking.approval_overdue:' || b.id
       FROM bookings b
       JOIN shifts s ON s.id = b.shift_id
       JOIN trusts t ON t.id = s.trust_id
       JOIN systems y ON y.id = t.system_id
      WHERE b.status = 'pending_approval' AND b.required_signoff IS NOT NULL
        AND s.starts_at > $1::timestamptz
        AND s.starts_at <= $1::timestamptz + y.approval_overdue_hours * interval '1 hour'
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [now],
  )) as unknown[];
  return rows.length;
}
