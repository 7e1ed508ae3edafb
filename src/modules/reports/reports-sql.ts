import { chargeJoin, chargeSql } from '../invoices/index.js';

/** SQL fragments the reports share. */

/** A system's shifts in a window, in the caller's scope: $1 system, $2 from, $3 to, $4 trusts (null for all). */
export const SCOPE_CONDITION = `t.system_id = $1 AND s.local_start_date >= $2::date AND s.local_start_date < $3::date
     AND ($4::uuid[] IS NULL OR s.trust_id = ANY($4::uuid[]))`;

/** The active bookings of the scope, with their charge (invoice line amount, else timesheet amount, else booked cost) and paid minutes. */
export const SCOPED = `
scoped AS (
  SELECT b.id AS booking_id, b.type, s.trust_id, t.name AS trust_name, t.ods_code, s.staff_group, s.grade,
         s.local_start_date, a.id AS agency_id, a.name AS agency_name, ac.framework, b.decision_level,
         ${chargeSql('ts', 'b')} AS charge,
         coalesce(ts.paid_minutes, s.paid_minutes) AS paid
    FROM bookings b
    JOIN shifts s ON s.id = b.shift_id
    JOIN trusts t ON t.id = s.trust_id
    LEFT JOIN timesheets ts ON ts.shift_id = b.shift_id AND ts.booking_id = b.id
    ${chargeJoin('b')}
    LEFT JOIN agency_contracts ac ON ac.id = b.agency_contract_id
    LEFT JOIN agencies a ON a.id = ac.agency_id
   WHERE b.status IN ('pending_approval', 'confirmed') AND ${SCOPE_CONDITION}
)`;

/** Breaches that stand (not cleared by a re-check) of the scoped bookings. */
export const STANDING = `
standing AS (
  SELECT br.* FROM breaches br JOIN scoped ON scoped.booking_id = br.booking_id
   WHERE br.resolution IS DISTINCT FROM 'cleared'
)`;

/**
 * The costed bookings (`bc`, joined to trusts `t`) of the scope: what the compliance engine
 * recorded at its last check of each active booking (booking_costs).
 */
export const COSTED_SCOPE = `t.system_id = $1 AND bc.local_start_date >= $2::date AND bc.local_start_date < $3::date
     AND ($4::uuid[] IS NULL OR bc.trust_id = ANY($4::uuid[]))`;

/** part ÷ whole to 4 decimals (half up), null when whole is 0. */
export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
