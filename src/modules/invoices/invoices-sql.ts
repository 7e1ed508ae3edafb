import type { SignoffLevel } from '../../core/auth/api-key.entity.js';
import { bandMinutesColumn } from '../shifts/index.js';
import { ALL_BANDS, type BandValues } from '../time-bands/index.js';
import type { InvoicedBookingFacts } from './invoice-rules.js';
import { NON_COUNTING_STATUSES } from './invoice-rules.js';

/** SQL list of the statuses that do not count: `('duplicate', 'no_booking')`. */
export const NON_COUNTING_SQL = `(${NON_COUNTING_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * The booking's charge (docs/rules.md section 7): its counting invoice line's amount, else its
 * timesheet amount, else its booked cost. Every check and report computes the charge with these
 * two fragments: `chargeJoin(b)` joins the counting line (alias `il`, one per booking at most, by
 * uq_invoice_lines_counting_booking) of bookings `b`, and `chargeSql(ts, b)` reads it.
 */
export const chargeJoin = (bookings: string, alias = 'il'): string =>
  `LEFT JOIN invoice_lines ${alias} ON ${alias}.booking_id = ${bookings}.id AND ${alias}.status NOT IN ${NON_COUNTING_SQL}`;
export const chargeSql = (timesheets: string, bookings: string, lines = 'il'): string =>
  `coalesce(${lines}.amount_pence, ${timesheets}.amount_pence, ${bookings}.cost_pence)`;

/** Locks the bookings an invoice names, in id order, so concurrent invoices judge them one after the other. */
export const LOCK_BOOKINGS = `SELECT id FROM bookings WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

const BAND_MINUTES = ALL_BANDS.map((band) => `'${band}', ts.${bandMinutesColumn(band)}`).join(', ');

/**
 * The facts reconcileInvoice needs about the bookings of agency $1 that lines name ($2), among
 * the trusts $3 (null: every trust): rates, approval, timesheet, the national cap's rates in force
 * on the timesheet's local start date, the system's sign-off thresholds, and whether the booking
 * already has a counting line (on an invoice written before this one).
 */
export const INVOICED_BOOKING_FACTS = `
SELECT b.id AS "bookingId", t.system_id AS "systemId", b.rates_pence AS "ratesPence",
       b.decision_level AS "approvalLevel", ac.framework IS NULL AS "offFramework",
       EXISTS (SELECT 1 FROM invoice_lines il WHERE il.booking_id = b.id AND il.status NOT IN ${NON_COUNTING_SQL})
         AS "invoicedElsewhere",
       CASE WHEN ts.id IS NOT NULL THEN jsonb_build_object('elapsedMinutes', ts.elapsed_minutes,
            'paidMinutes', ts.paid_minutes, 'bandMinutes', jsonb_build_object(${BAND_MINUTES})) END AS timesheet,
       (SELECT jsonb_object_agg(l.band, l.agency_cap_pence)
          FROM rate_cards c JOIN rate_card_lines l ON l.card_id = c.id
         WHERE c.scope = 'national' AND c.status = 'published' AND c.effective_from <= ts.local_start_date
           AND (c.effective_to IS NULL OR c.effective_to > ts.local_start_date)
           AND l.staff_group = s.staff_group AND l.grade = s.grade) AS "nationalCapRates",
       sys.executive_signoff_ratio::float8 AS "executiveSignoffRatio", sys.ceo_signoff_rate_pence::int AS "ceoSignoffRatePence"
  FROM bookings b
  JOIN agency_contracts ac ON ac.id = b.agency_contract_id AND ac.agency_id = $1
  JOIN shifts s ON s.id = b.shift_id
  JOIN trusts t ON t.id = s.trust_id
  JOIN systems sys ON sys.id = t.system_id
  LEFT JOIN timesheets ts ON ts.booking_id = b.id
 WHERE b.id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR s.trust_id = ANY($3::uuid[]))`;

export interface InvoicedBookingRow {
  bookingId: string;
  systemId: string;
  ratesPence: BandValues;
  approvalLevel: SignoffLevel | null;
  offFramework: boolean;
  invoicedElsewhere: boolean;
  timesheet: { elapsedMinutes: number; paidMinutes: number; bandMinutes: BandValues } | null;
  nationalCapRates: Record<string, string | number> | null;
  executiveSignoffRatio: number;
  ceoSignoffRatePence: number;
}

export const toFacts = (row: InvoicedBookingRow): InvoicedBookingFacts => ({
  bookingId: row.bookingId,
  systemId: row.systemId,
  ratesPence: row.ratesPence,
  approvalLevel: row.approvalLevel,
  offFramework: row.offFramework,
  invoicedElsewhere: row.invoicedElsewhere,
  timesheet: row.timesheet,
  nationalCapRates: row.nationalCapRates
    ? Object.fromEntries(Object.entries(row.nationalCapRates).map(([band, rate]) => [band, Number(rate)]))
    : null,
  signoff: { executiveSignoffRatio: row.executiveSignoffRatio, ceoSignoffRatePence: row.ceoSignoffRatePence },
});

/** Each invoice's totals and line counts, for a page of invoices ($1). */
export const INVOICE_TOTALS = `
SELECT il.invoice_id AS "invoiceId", sum(il.amount_pence)::bigint AS "invoicedPence",
       sum(il.validated_pence)::bigint AS "validatedPence", count(*)::int AS "lineCount",
       count(*) FILTER (WHERE il.status <> 'matched')::int AS "disputedLineCount"
  FROM invoice_lines il WHERE il.invoice_id = ANY($1::uuid[]) GROUP BY il.invoice_id`;
