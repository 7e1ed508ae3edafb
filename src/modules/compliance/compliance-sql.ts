import { bandMinutesColumn } from '../shifts/index.js';
import { ALL_BANDS, type Band } from '../time-bands/index.js';
import { STAFF_GROUPS } from '../time-bands/index.js';
import { offFrameworkRefused, SUPPORT_WORKER_BAN } from '../fill/index.js';
import { signoffLevelOfRankSql, signoffRank, signoffRankSql } from '../../core/auth/api-key.entity.js';
import { chargeJoin, chargeSql } from '../invoices/index.js';

/**
 * The ten rules of docs/rules.md section 8 as one set-based statement: it evaluates every active
 * booking in scope, upserts a breach per (booking, rule) that holds, resolves (`cleared`) the
 * breaches in scope that no longer hold, and keeps each booking's costing in `booking_costs` for
 * the reports. No booking is loaded into the application.
 *
 * Costs use section 5's formula, Σ rate × band minutes × paid ÷ (elapsed × 60), in exact numeric
 * arithmetic rounded once, half up, by `fairshift_half_up` (the migration's twin of divideHalfUp).
 */

/** Which bookings a statement evaluates: a chunk of a run, or the shifts marked for re-check. */
export type EvaluationScope =
  { kind: 'window'; trustId: string; from: string; to: string } | { kind: 'shifts'; shiftIds: string[] };

export interface EvaluationCounts {
  bookingsChecked: number;
  breachesOpened: number;
  breachesUpdated: number;
  breachesResolved: number;
}

const [SENIOR_MANAGER, EXECUTIVE, CHIEF_EXECUTIVE] = [
  signoffRank('senior_manager'),
  signoffRank('executive'),
  signoffRank('chief_executive'),
];

/** Σ rate × minutes over every band, and whether a band the shift touches has no rate. */
function weighted(rates: string, rateColumn: (band: Band) => string): string {
  return ALL_BANDS.map(
    (band) => `coalesce(${rates}.${rateColumn(band)}, 0)::numeric * f.${bandMinutesColumn(band)}`,
  ).join(' + ');
}
function missing(rates: string, rateColumn: (band: Band) => string): string {
  return `(${ALL_BANDS.map((band) => `(f.${bandMinutesColumn(band)} > 0 AND ${rates}.${rateColumn(band)} IS NULL)`).join(' OR ')})`;
}
/**
 * The cost at a card's rates, null without a card in force or with a band unrated. Reads band
 * minutes, `paid` and `elapsed` from alias `f`, the card's id from `card`, rates from `rates`.
 */
export function costSql(card: string, rates: string, rateColumn: (band: Band) => string): string {
  return `CASE WHEN ${card}.id IS NULL OR ${missing(rates, rateColumn)} THEN NULL
               ELSE fairshift_half_up((${weighted(rates, rateColumn)}) * f.paid, f.elapsed * 60) END`;
}

/** The pivoted rate columns: a card line's agency cap and bank rate per band. */
export const capColumn = (band: Band) => `cap_${band}`;
export const bankColumn = (band: Band) => `bank_${band}`;

/** Staff groups whose off-framework agency use is refused outright (critical, not high). */
const REFUSED_OFF_FRAMEWORK_GROUPS = STAFF_GROUPS.filter((group) => offFrameworkRefused(group.ruleClass)).map(
  (group) => group.key,
);

/** The support-worker agency ban covers the booking's shift (supportWorkerAgencyBanned, as SQL over `j`). */
const BANNED_SUPPORT_WORKER = `j.support_worker_agency_ban AND j.staff_group = '${SUPPORT_WORKER_BAN.staffGroup}'
  AND j.grade IN (${SUPPORT_WORKER_BAN.grades.map((grade) => `'${grade}'`).join(', ')})`;

/** The card in force for a local date: published, its range containing the date. */
const inForce = (card: string, date: string) =>
  `${card}.status = 'published' AND ${card}.effective_from <= ${date} AND (${card}.effective_to IS NULL OR ${card}.effective_to > ${date})`;

/**
 * When a re-check finds a breach's condition holds again: one the engine had `cleared` reopens (as
 * it would open anew); a justified or manually resolved one stays as it is unless its amount grows.
 */
const CLEARED = `(breaches.status = 'resolved' AND breaches.resolution = 'cleared')`;
const REOPENS = `(${CLEARED} OR (breaches.status IN ('justified', 'resolved')
  AND EXCLUDED.amount_pence > coalesce(breaches.accepted_amount_pence, breaches.amount_pence)))`;

const MINUTES = ALL_BANDS.map(
  (band) =>
    `CASE WHEN ts.id IS NULL THEN s.${bandMinutesColumn(band)} ELSE ts.${bandMinutesColumn(band)} END AS ${bandMinutesColumn(band)}`,
).join(',\n           ');
const PIVOT = ALL_BANDS.map(
  (band) =>
    `max(l.agency_cap_pence) FILTER (WHERE l.band = '${band}') AS ${capColumn(band)},
           max(l.bank_rate_pence) FILTER (WHERE l.band = '${band}') AS ${bankColumn(band)}`,
).join(',\n           ');

/**
 * The active bookings of a shift scope (SQL over `b` bookings, `s` shifts and `t` trusts) as
 * the CTEs `facts`, `card_rates` and `costed`: each booking with its charge (invoice line
 * amount, else timesheet amount, else booked cost: chargeSql), paid minutes and its costs at the national cap (`cap_cost`), the
 * system cap (`system_cap_cost`) and the bank rate (`card_cost`) of the cards in force. The
 * compliance statement and the reports both start from it.
 */
export function costedBookingsCtes(shiftScope: string): string {
  return `facts AS (
  SELECT b.id AS booking_id, b.shift_id, s.trust_id, t.system_id, s.local_start_date, b.type, s.staff_group, s.grade,
         b.eligible_bank_count, b.best_bank_cost_pence, b.bypass_reason,
         coalesce(b.exemption_ref, s.exemption_ref) AS exemption_ref,
         b.agency_contract_id, ac.framework, ${signoffRankSql('b.decision_level')} AS approval_rank,
         coalesce(ts.started_at, s.starts_at) AS started_at,
         coalesce(ts.local_start_date, s.local_start_date) AS rate_date,
         ${chargeSql('ts', 'b')} AS charge,
         CASE WHEN ts.id IS NULL THEN s.elapsed_minutes ELSE ts.elapsed_minutes END AS elapsed,
         CASE WHEN ts.id IS NULL THEN s.paid_minutes ELSE ts.paid_minutes END AS paid,
         ${MINUTES},
         round(sys.executive_signoff_ratio * 1000) AS executive_ratio_thousandths,
         sys.ceo_signoff_rate_pence, sys.support_worker_agency_ban
    FROM bookings b
    JOIN shifts s ON s.id = b.shift_id
    JOIN trusts t ON t.id = s.trust_id
    JOIN systems sys ON sys.id = t.system_id
    LEFT JOIN timesheets ts ON ts.shift_id = b.shift_id AND ts.booking_id = b.id
    ${chargeJoin('b')}
    LEFT JOIN agency_contracts ac ON ac.id = b.agency_contract_id
   WHERE b.status IN ('pending_approval', 'confirmed') AND ${shiftScope}
),
card_rates AS (
  SELECT l.card_id, l.staff_group, l.grade,
         ${PIVOT}
    FROM rate_card_lines l
    JOIN rate_cards c ON c.id = l.card_id
   WHERE c.status = 'published' AND (c.scope = 'national' OR c.system_id IN (SELECT DISTINCT system_id FROM facts))
   GROUP BY l.card_id, l.staff_group, l.grade
),
costed AS (
  SELECT f.*,
         ${costSql('nc', 'nr', capColumn)} AS cap_cost,
         ${costSql('sc', 'sr', capColumn)} AS system_cap_cost,
         ${costSql('sc', 'sr', bankColumn)} AS card_cost,
         (nc.id IS NOT NULL AND ${missing('nr', capColumn)})
           OR (sc.id IS NOT NULL AND ${missing('sr', capColumn)})
           OR (sc.id IS NOT NULL AND f.type = 'bank' AND ${missing('sr', bankColumn)}) AS rate_missing
    FROM facts f
    LEFT JOIN rate_cards nc ON nc.scope = 'national' AND ${inForce('nc', 'f.rate_date')}
    LEFT JOIN card_rates nr ON nr.card_id = nc.id AND nr.staff_group = f.staff_group AND nr.grade = f.grade
    LEFT JOIN rate_cards sc ON sc.scope = 'system' AND sc.system_id = f.system_id AND ${inForce('sc', 'f.rate_date')}
    LEFT JOIN card_rates sr ON sr.card_id = sc.id AND sr.staff_group = f.staff_group AND sr.grade = f.grade
)`;
}

export interface EvaluationStatement {
  sql: string;
  parameters: unknown[];
}

/** The sign-off level each charge needs, ranked. */
const JUDGED_SQL = `
judged AS (
  -- The sign-off level the charge needs (section 8), as signoffRank ranks it (0 for none).
  SELECT c.*,
         GREATEST(
           CASE WHEN c.type = 'agency' AND c.cap_cost IS NOT NULL AND c.charge > c.cap_cost THEN ${SENIOR_MANAGER} ELSE 0 END,
           CASE WHEN c.type = 'agency' AND c.cap_cost IS NOT NULL
                 AND c.charge * 1000 >= c.executive_ratio_thousandths * c.cap_cost THEN ${EXECUTIVE} ELSE 0 END,
           CASE WHEN c.paid > 0 AND fairshift_half_up(c.charge * 60, c.paid) >= c.ceo_signoff_rate_pence THEN ${CHIEF_EXECUTIVE} ELSE 0 END,
           CASE WHEN c.type = 'agency' AND c.framework IS NULL THEN ${CHIEF_EXECUTIVE} ELSE 0 END) AS needed_rank
    FROM costed c
)`;

/** Every rule that holds for a booking, with its amount and severity. */
const FOUND_SQL = `
found AS (
  SELECT j.booking_id, j.shift_id, j.trust_id, j.system_id, j.local_start_date, j.charge, j.cap_cost,
         j.system_cap_cost, j.card_cost,
         ${signoffLevelOfRankSql('j.needed_rank')} AS signoff_level,
         r.rule, r.severity, r.amount, r.justification
    FROM judged j
   CROSS JOIN LATERAL (VALUES
     ('AGENCY_OVER_NATIONAL_CAP', j.type = 'agency' AND j.charge > j.cap_cost, j.charge - j.cap_cost,
        CASE WHEN j.needed_rank >= ${EXECUTIVE} THEN 'high' ELSE 'medium' END, NULL::text),
     ('AGENCY_OVER_SYSTEM_CAP', j.type = 'agency' AND j.charge > j.system_cap_cost, j.charge - j.system_cap_cost,
        'medium', NULL),
     ('OFF_FRAMEWORK_AGENCY', j.type = 'agency' AND j.framework IS NULL, j.charge,
        CASE WHEN j.staff_group = ANY($2::text[]) THEN 'critical' ELSE 'high' END, NULL),
     ('ADMIN_ESTATES_AGENCY', j.type = 'agency' AND j.staff_group IN ('admin', 'estates') AND coalesce(j.exemption_ref, '') = '',
        j.charge, 'medium', NULL),
     ('MISSING_SIGNOFF', j.started_at <= now() AND j.needed_rank > j.approval_rank,
        GREATEST(j.charge - coalesce(j.cap_cost, j.charge), 0), 'critical', NULL),
     ('BANK_FIRST_BYPASSED', j.type = 'agency' AND j.eligible_bank_count > 0,
        GREATEST(j.charge - coalesce(j.best_bank_cost_pence, j.charge), 0), 'medium', j.bypass_reason),
     ('BANK_ABOVE_CARD', j.type = 'bank' AND j.charge > j.card_cost, j.charge - j.card_cost, 'medium', NULL),
     ('BANK_BELOW_CARD', j.type = 'bank' AND j.charge < j.card_cost, j.card_cost - j.charge, 'low', NULL),
     ('NO_RATE_DEFINED', j.rate_missing, 0, 'low', NULL),
     ('SUPPORT_WORKER_AGENCY', j.type = 'agency' AND ${BANNED_SUPPORT_WORKER}, j.charge, 'high', NULL)
   ) AS r(rule, applies, amount, severity, justification)
   WHERE r.applies
)`;

/** New and changed breaches; unchanged ones are left alone. */
const UPSERTED_SQL = `
upserted AS (
  INSERT INTO breaches AS breaches (booking_id, shift_id, trust_id, system_id, local_start_date, rule, severity, status,
                                    reason, amount_pence, charge_pence, cap_cost_pence, system_cap_cost_pence,
                                    card_cost_pence, signoff_level, last_run_id)
  SELECT booking_id, shift_id, trust_id, system_id, local_start_date, rule, severity,
         CASE WHEN justification IS NULL THEN 'open' ELSE 'justified' END, justification,
         amount, charge, cap_cost, system_cap_cost, card_cost, signoff_level, $1::uuid
    FROM found
  ON CONFLICT (booking_id, rule) DO UPDATE SET
    severity = EXCLUDED.severity,
    amount_pence = EXCLUDED.amount_pence,
    charge_pence = EXCLUDED.charge_pence,
    cap_cost_pence = EXCLUDED.cap_cost_pence,
    system_cap_cost_pence = EXCLUDED.system_cap_cost_pence,
    card_cost_pence = EXCLUDED.card_cost_pence,
    signoff_level = EXCLUDED.signoff_level,
    local_start_date = EXCLUDED.local_start_date,
    status = CASE WHEN ${CLEARED} THEN EXCLUDED.status WHEN ${REOPENS} THEN 'open' ELSE breaches.status END,
    reason = CASE WHEN ${CLEARED} THEN EXCLUDED.reason ELSE breaches.reason END,
    resolution = CASE WHEN ${REOPENS} THEN NULL ELSE breaches.resolution END,
    resolved_at = CASE WHEN ${REOPENS} THEN NULL ELSE breaches.resolved_at END,
    accepted_amount_pence = CASE WHEN ${REOPENS} THEN NULL ELSE breaches.accepted_amount_pence END,
    -- now() is this transaction's start: a breach opened or reopened here reads back as opened.
    opened_at = CASE WHEN ${REOPENS} THEN now() ELSE breaches.opened_at END,
    last_run_id = EXCLUDED.last_run_id,
    updated_at = now()
  -- Unchanged breaches are left alone: a second run over the same window writes nothing.
  WHERE (${REOPENS})
     OR (breaches.severity, breaches.amount_pence, breaches.charge_pence, breaches.cap_cost_pence,
         breaches.system_cap_cost_pence, breaches.card_cost_pence, breaches.signoff_level, breaches.local_start_date)
        IS DISTINCT FROM
        (EXCLUDED.severity, EXCLUDED.amount_pence, EXCLUDED.charge_pence, EXCLUDED.cap_cost_pence,
         EXCLUDED.system_cap_cost_pence, EXCLUDED.card_cost_pence, EXCLUDED.signoff_level, EXCLUDED.local_start_date)
  RETURNING (breaches.opened_at = now()) AS inserted, breaches.*
)`;

/** Breaches of the scope that no longer hold. */
const resolvedCte = (breachScope: string) => `
resolved AS (
  UPDATE breaches
     SET status = 'resolved', resolution = 'cleared', resolved_at = now(), updated_at = now(), last_run_id = $1::uuid
   WHERE ${breachScope} AND breaches.status <> 'resolved'
     AND NOT EXISTS (SELECT 1 FROM found WHERE found.booking_id = breaches.booking_id AND found.rule = breaches.rule)
  RETURNING breaches.*
)`;

/** Each booking's costing, kept for the reports. */
const COSTS_SQL = `
-- Each booking's costing, kept for the reports; unchanged rows are left alone.
costs AS (
  INSERT INTO booking_costs AS bc (booking_id, shift_id, trust_id, local_start_date, staff_group, type, charge_pence,
                                   cap_cost_pence, system_cap_cost_pence, card_cost_pence)
  SELECT booking_id, shift_id, trust_id, local_start_date, staff_group, type, charge, cap_cost, system_cap_cost, card_cost
    FROM costed
  ON CONFLICT (booking_id) DO UPDATE SET
    shift_id = EXCLUDED.shift_id, trust_id = EXCLUDED.trust_id, local_start_date = EXCLUDED.local_start_date,
    staff_group = EXCLUDED.staff_group, type = EXCLUDED.type, charge_pence = EXCLUDED.charge_pence,
    cap_cost_pence = EXCLUDED.cap_cost_pence, system_cap_cost_pence = EXCLUDED.system_cap_cost_pence,
    card_cost_pence = EXCLUDED.card_cost_pence, evaluated_at = now()
  WHERE (bc.shift_id, bc.trust_id, bc.local_start_date, bc.staff_group, bc.type, bc.charge_pence, bc.cap_cost_pence,
         bc.system_cap_cost_pence, bc.card_cost_pence)
        IS DISTINCT FROM
        (EXCLUDED.shift_id, EXCLUDED.trust_id, EXCLUDED.local_start_date, EXCLUDED.staff_group, EXCLUDED.type,
         EXCLUDED.charge_pence, EXCLUDED.cap_cost_pence, EXCLUDED.system_cap_cost_pence, EXCLUDED.card_cost_pence)
  RETURNING 1
)`;

/** Costs of bookings no longer active. */
const staleCostsCte = (copiedScope: (table: string) => string) => `
-- A booking cancelled or rejected since its last check is no longer costed.
stale_costs AS (
  DELETE FROM booking_costs
   WHERE ${copiedScope('booking_costs')}
     AND NOT EXISTS (SELECT 1 FROM facts WHERE facts.booking_id = booking_costs.booking_id)
  RETURNING 1
)`;

/** The outbox: a new breach and a cleared one are alert events. */
const EVENTS_SQL = `
-- The outbox, in the same transaction: a new breach and a cleared one are alert events.
events AS (
  INSERT INTO alert_events (type, system_id, trust_id, subject_id, data)
  SELECT CASE WHEN changed.opened THEN 'breach.opened' ELSE 'breach.resolved' END,
         changed.system_id, changed.trust_id, changed.id,
         jsonb_build_object('breachId', changed.id, 'bookingId', changed.booking_id, 'shiftId', changed.shift_id,
                            'trustId', changed.trust_id, 'rule', changed.rule, 'severity', changed.severity,
                            'status', changed.status, 'resolution', changed.resolution,
                            'amountPence', changed.amount_pence, 'chargePence', changed.charge_pence,
                            'signoffLevel', changed.signoff_level, 'localStartDate', changed.local_start_date)
    FROM (SELECT true AS opened, upserted.* FROM upserted WHERE upserted.inserted
          UNION ALL
          SELECT false, true, resolved.* FROM resolved) changed
  RETURNING 1
)`;

/** The run's counts. */
const COUNTS_SQL = `
SELECT (SELECT count(*) FROM facts)::int AS "bookingsChecked",
       (SELECT count(*) FILTER (WHERE inserted) FROM upserted)::int AS "breachesOpened",
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM upserted)::int AS "breachesUpdated",
       (SELECT count(*) FROM resolved)::int AS "breachesResolved"`;

/**
 * The statement for one scope. Parameters: $1 the run id (or null), $2 refused off-framework
 * groups, then the scope's own.
 */
export function evaluationStatement(scope: EvaluationScope, runId: string | null): EvaluationStatement {
  const parameters: unknown[] = [runId, REFUSED_OFF_FRAMEWORK_GROUPS];
  let shiftScope: string;
  /** The same scope over a table with the shift's trust_id, local_start_date and shift_id. */
  let copiedScope: (table: string) => string;
  if (scope.kind === 'window') {
    parameters.push(scope.trustId, scope.from, scope.to);
    shiftScope = `s.trust_id = $3 AND s.local_start_date >= $4::date AND s.local_start_date < $5::date`;
    copiedScope = (table) =>
      `${table}.trust_id = $3 AND ${table}.local_start_date >= $4::date AND ${table}.local_start_date < $5::date`;
  } else {
    parameters.push(scope.shiftIds);
    shiftScope = `s.id = ANY($3::uuid[])`;
    copiedScope = (table) => `${table}.shift_id = ANY($3::uuid[])`;
  }
  const breachScope = copiedScope('breaches');

  const sql = `
WITH ${costedBookingsCtes(shiftScope)},
${JUDGED_SQL},
${FOUND_SQL},
${UPSERTED_SQL},
${resolvedCte(breachScope)},
${COSTS_SQL},
${staleCostsCte(copiedScope)},
${EVENTS_SQL}
${COUNTS_SQL}`;
  return { sql, parameters };
}
