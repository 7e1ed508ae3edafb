import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * booking_costs: the compliance engine's costing of each active booking, kept for the cap-compliance
 * and rate-variation reports (issue 7). Derived data, kept by the compliance statement from now on;
 * filled here for every active booking, so the reports are whole the moment the upgrade is done.
 */
export class BookingCosts1795530000000 implements MigrationInterface {
  name = 'BookingCosts1795530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "booking_costs" ("booking_id" uuid NOT NULL, "shift_id" uuid NOT NULL, "trust_id" uuid NOT NULL, "local_start_date" date NOT NULL, "staff_group" text NOT NULL, "type" text NOT NULL, "charge_pence" bigint NOT NULL, "cap_cost_pence" bigint, "system_cap_cost_pence" bigint, "card_cost_pence" bigint, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_booking_costs" PRIMARY KEY ("booking_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_booking_costs_shift" ON "booking_costs"  ("shift_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_booking_costs_trust_date" ON "booking_costs"  ("trust_id", "local_start_date") `,
    );
    await queryRunner.query(
      `ALTER TABLE "booking_costs" ADD CONSTRAINT "fk_booking_costs_booking" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(BACKFILL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "booking_costs"`);
  }
}

/**
 * Every active booking costed as the compliance statement costs it (src/modules/compliance/
 * compliance-sql.ts `costedBookingsCtes`, as it stood when this migration was written; frozen
 * here, as a migration must be).
 */
const BACKFILL = `
WITH
    facts AS (
      SELECT b.id AS booking_id, b.shift_id, s.trust_id, t.system_id, s.local_start_date, b.type, s.staff_group, s.grade,
             b.eligible_bank_count, b.best_bank_cost_pence, b.bypass_reason,
             coalesce(b.exemption_ref, s.exemption_ref) AS exemption_ref,
             b.agency_contract_id, ac.framework, CASE b.decision_level WHEN 'senior_manager' THEN 1 WHEN 'executive' THEN 2 WHEN 'chief_executive' THEN 3 ELSE 0 END AS approval_rank,
             coalesce(ts.started_at, s.starts_at) AS started_at,
             coalesce(ts.local_start_date, s.local_start_date) AS rate_date,
             coalesce(ts.amount_pence, b.cost_pence) AS charge,
             CASE WHEN ts.id IS NULL THEN s.elapsed_minutes ELSE ts.elapsed_minutes END AS elapsed,
             CASE WHEN ts.id IS NULL THEN s.paid_minutes ELSE ts.paid_minutes END AS paid,
             CASE WHEN ts.id IS NULL THEN s.minutes_bank_holiday ELSE ts.minutes_bank_holiday END AS minutes_bank_holiday,
               CASE WHEN ts.id IS NULL THEN s.minutes_sunday ELSE ts.minutes_sunday END AS minutes_sunday,
               CASE WHEN ts.id IS NULL THEN s.minutes_saturday ELSE ts.minutes_saturday END AS minutes_saturday,
               CASE WHEN ts.id IS NULL THEN s.minutes_night ELSE ts.minutes_night END AS minutes_night,
               CASE WHEN ts.id IS NULL THEN s.minutes_day ELSE ts.minutes_day END AS minutes_day,
               CASE WHEN ts.id IS NULL THEN s.minutes_unsocial ELSE ts.minutes_unsocial END AS minutes_unsocial,
               CASE WHEN ts.id IS NULL THEN s.minutes_core ELSE ts.minutes_core END AS minutes_core,
             round(sys.executive_signoff_ratio * 1000) AS executive_ratio_thousandths,
             sys.ceo_signoff_rate_pence
        FROM bookings b
        JOIN shifts s ON s.id = b.shift_id
        JOIN trusts t ON t.id = s.trust_id
        JOIN systems sys ON sys.id = t.system_id
        LEFT JOIN timesheets ts ON ts.shift_id = b.shift_id AND ts.booking_id = b.id
        LEFT JOIN agency_contracts ac ON ac.id = b.agency_contract_id
       WHERE b.status IN ('pending_approval', 'confirmed') AND TRUE
    ),
    card_rates AS (
      SELECT l.card_id, l.staff_group, l.grade,
             max(l.agency_cap_pence) FILTER (WHERE l.band = 'bank_holiday') AS cap_bank_holiday,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'bank_holiday') AS bank_bank_holiday,
               max(l.agency_cap_pence) FILTER (WHERE l.band = 'sunday') AS cap_sunday,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'sunday') AS bank_sunday,
               max(l.agency_cap_pence) FILTER (WHERE l.band = 'saturday') AS cap_saturday,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'saturday') AS bank_saturday,
               max(l.agency_cap_pence) FILTER (WHERE l.band = 'night') AS cap_night,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'night') AS bank_night,
               max(l.agency_cap_pence) FILTER (WHERE l.band = 'day') AS cap_day,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'day') AS bank_day,
               max(l.agency_cap_pence) FILTER (WHERE l.band = 'unsocial') AS cap_unsocial,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'unsocial') AS bank_unsocial,
               max(l.agency_cap_pence) FILTER (WHERE l.band = 'core') AS cap_core,
               max(l.bank_rate_pence) FILTER (WHERE l.band = 'core') AS bank_core
        FROM rate_card_lines l
        JOIN rate_cards c ON c.id = l.card_id
       WHERE c.status = 'published' AND (c.scope = 'national' OR c.system_id IN (SELECT DISTINCT system_id FROM facts))
       GROUP BY l.card_id, l.staff_group, l.grade
    ),
    costed AS (
      SELECT f.*,
             CASE WHEN nc.id IS NULL OR ((f.minutes_bank_holiday > 0 AND nr.cap_bank_holiday IS NULL) OR (f.minutes_sunday > 0 AND nr.cap_sunday IS NULL) OR (f.minutes_saturday > 0 AND nr.cap_saturday IS NULL) OR (f.minutes_night > 0 AND nr.cap_night IS NULL) OR (f.minutes_day > 0 AND nr.cap_day IS NULL) OR (f.minutes_unsocial > 0 AND nr.cap_unsocial IS NULL) OR (f.minutes_core > 0 AND nr.cap_core IS NULL)) THEN NULL
                   ELSE fairshift_half_up((coalesce(nr.cap_bank_holiday, 0)::numeric * f.minutes_bank_holiday + coalesce(nr.cap_sunday, 0)::numeric * f.minutes_sunday + coalesce(nr.cap_saturday, 0)::numeric * f.minutes_saturday + coalesce(nr.cap_night, 0)::numeric * f.minutes_night + coalesce(nr.cap_day, 0)::numeric * f.minutes_day + coalesce(nr.cap_unsocial, 0)::numeric * f.minutes_unsocial + coalesce(nr.cap_core, 0)::numeric * f.minutes_core) * f.paid, f.elapsed * 60) END AS cap_cost,
             CASE WHEN sc.id IS NULL OR ((f.minutes_bank_holiday > 0 AND sr.cap_bank_holiday IS NULL) OR (f.minutes_sunday > 0 AND sr.cap_sunday IS NULL) OR (f.minutes_saturday > 0 AND sr.cap_saturday IS NULL) OR (f.minutes_night > 0 AND sr.cap_night IS NULL) OR (f.minutes_day > 0 AND sr.cap_day IS NULL) OR (f.minutes_unsocial > 0 AND sr.cap_unsocial IS NULL) OR (f.minutes_core > 0 AND sr.cap_core IS NULL)) THEN NULL
                   ELSE fairshift_half_up((coalesce(sr.cap_bank_holiday, 0)::numeric * f.minutes_bank_holiday + coalesce(sr.cap_sunday, 0)::numeric * f.minutes_sunday + coalesce(sr.cap_saturday, 0)::numeric * f.minutes_saturday + coalesce(sr.cap_night, 0)::numeric * f.minutes_night + coalesce(sr.cap_day, 0)::numeric * f.minutes_day + coalesce(sr.cap_unsocial, 0)::numeric * f.minutes_unsocial + coalesce(sr.cap_core, 0)::numeric * f.minutes_core) * f.paid, f.elapsed * 60) END AS system_cap_cost,
             CASE WHEN sc.id IS NULL OR ((f.minutes_bank_holiday > 0 AND sr.bank_bank_holiday IS NULL) OR (f.minutes_sunday > 0 AND sr.bank_sunday IS NULL) OR (f.minutes_saturday > 0 AND sr.bank_saturday IS NULL) OR (f.minutes_night > 0 AND sr.bank_night IS NULL) OR (f.minutes_day > 0 AND sr.bank_day IS NULL) OR (f.minutes_unsocial > 0 AND sr.bank_unsocial IS NULL) OR (f.minutes_core > 0 AND sr.bank_core IS NULL)) THEN NULL
                   ELSE fairshift_half_up((coalesce(sr.bank_bank_holiday, 0)::numeric * f.minutes_bank_holiday + coalesce(sr.bank_sunday, 0)::numeric * f.minutes_sunday + coalesce(sr.bank_saturday, 0)::numeric * f.minutes_saturday + coalesce(sr.bank_night, 0)::numeric * f.minutes_night + coalesce(sr.bank_day, 0)::numeric * f.minutes_day + coalesce(sr.bank_unsocial, 0)::numeric * f.minutes_unsocial + coalesce(sr.bank_core, 0)::numeric * f.minutes_core) * f.paid, f.elapsed * 60) END AS card_cost,
             (nc.id IS NOT NULL AND ((f.minutes_bank_holiday > 0 AND nr.cap_bank_holiday IS NULL) OR (f.minutes_sunday > 0 AND nr.cap_sunday IS NULL) OR (f.minutes_saturday > 0 AND nr.cap_saturday IS NULL) OR (f.minutes_night > 0 AND nr.cap_night IS NULL) OR (f.minutes_day > 0 AND nr.cap_day IS NULL) OR (f.minutes_unsocial > 0 AND nr.cap_unsocial IS NULL) OR (f.minutes_core > 0 AND nr.cap_core IS NULL)))
               OR (sc.id IS NOT NULL AND ((f.minutes_bank_holiday > 0 AND sr.cap_bank_holiday IS NULL) OR (f.minutes_sunday > 0 AND sr.cap_sunday IS NULL) OR (f.minutes_saturday > 0 AND sr.cap_saturday IS NULL) OR (f.minutes_night > 0 AND sr.cap_night IS NULL) OR (f.minutes_day > 0 AND sr.cap_day IS NULL) OR (f.minutes_unsocial > 0 AND sr.cap_unsocial IS NULL) OR (f.minutes_core > 0 AND sr.cap_core IS NULL)))
               OR (sc.id IS NOT NULL AND f.type = 'bank' AND ((f.minutes_bank_holiday > 0 AND sr.bank_bank_holiday IS NULL) OR (f.minutes_sunday > 0 AND sr.bank_sunday IS NULL) OR (f.minutes_saturday > 0 AND sr.bank_saturday IS NULL) OR (f.minutes_night > 0 AND sr.bank_night IS NULL) OR (f.minutes_day > 0 AND sr.bank_day IS NULL) OR (f.minutes_unsocial > 0 AND sr.bank_unsocial IS NULL) OR (f.minutes_core > 0 AND sr.bank_core IS NULL))) AS rate_missing
        FROM facts f
        LEFT JOIN rate_cards nc ON nc.scope = 'national' AND nc.status = 'published' AND nc.effective_from <= f.rate_date AND (nc.effective_to IS NULL OR nc.effective_to > f.rate_date)
        LEFT JOIN card_rates nr ON nr.card_id = nc.id AND nr.staff_group = f.staff_group AND nr.grade = f.grade
        LEFT JOIN rate_cards sc ON sc.scope = 'system' AND sc.system_id = f.system_id AND sc.status = 'published' AND sc.effective_from <= f.rate_date AND (sc.effective_to IS NULL OR sc.effective_to > f.rate_date)
        LEFT JOIN card_rates sr ON sr.card_id = sc.id AND sr.staff_group = f.staff_group AND sr.grade = f.grade
    )
INSERT INTO booking_costs (booking_id, shift_id, trust_id, local_start_date, staff_group, type, charge_pence,
                           cap_cost_pence, system_cap_cost_pence, card_cost_pence)
SELECT booking_id, shift_id, trust_id, local_start_date, staff_group, type, charge, cap_cost, system_cap_cost, card_cost
  FROM costed`;
