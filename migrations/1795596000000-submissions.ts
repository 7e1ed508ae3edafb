import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency side (issue 18, docs/rules.md section 14): agency workers (one person by their
 * registration, whichever agency names them), their bookings held apart in time by the database as
 * bank workers' are, and what an agency charge is made of; agencies' submissions; agencies' own
 * webhooks and the events addressed to them.
 */
export class Submissions1795596000000 implements MigrationInterface {
  name = 'Submissions1795596000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agency_workers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "registration" text, "display_name" text NOT NULL, "name_key" text NOT NULL, "agency_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_agency_workers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_agency_workers_unregistered" ON "agency_workers"  ("agency_id", "name_key") WHERE "registration" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_agency_workers_registration" ON "agency_workers"  ("registration") WHERE "registration" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shift_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "agency_contract_id" uuid NOT NULL, "agency_worker_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'submitted', "rates_pence" jsonb NOT NULL, "worker_pay_rates_pence" jsonb, "agency_fee_rates_pence" jsonb, "cost_pence" bigint NOT NULL, "agency_fee_pence" bigint, "cap_cost_pence" bigint, "system_cap_cost_pence" bigint, "cap_position" text NOT NULL, "signoff_level" text, "booking_id" uuid, "reason" text, "submitted_by_key_id" uuid, "submitted_by_user_id" uuid, "decided_by_key_id" uuid, "decided_by_user_id" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_submissions_booking" CHECK (("status" = 'accepted') = ("booking_id" IS NOT NULL)), CONSTRAINT "ck_submissions_status" CHECK ("status" IN ('submitted', 'accepted', 'declined', 'withdrawn')), CONSTRAINT "pk_submissions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_submissions_candidate" ON "submissions"  ("shift_id", "agency_worker_id") WHERE "status" = 'submitted'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_submissions_agency" ON "submissions"  ("agency_id", "submitted_at") `);
    await queryRunner.query(`CREATE INDEX "ix_submissions_shift" ON "submissions"  ("shift_id", "submitted_at") `);
    await queryRunner.query(`ALTER TABLE "alert_events" ADD "agency_id" uuid`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "agency_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "agency_worker_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "worker_pay_rates_pence" jsonb`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "agency_fee_rates_pence" jsonb`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "agency_fee_pence" bigint`);
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_subscriptions_agency" ON "webhook_subscriptions"  ("agency_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "ck_bookings_agency_worker" CHECK ("agency_worker_id" IS NULL OR "type" = 'agency')`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "ex_bookings_agency_worker_overlap" EXCLUDE USING gist ("agency_worker_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("agency_worker_id" IS NOT NULL AND "status" IN ('pending_approval', 'confirmed'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_workers" ADD CONSTRAINT "fk_agency_workers_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD CONSTRAINT "fk_submissions_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD CONSTRAINT "fk_submissions_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD CONSTRAINT "fk_submissions_contract" FOREIGN KEY ("agency_contract_id") REFERENCES "agency_contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD CONSTRAINT "fk_submissions_agency_worker" FOREIGN KEY ("agency_worker_id") REFERENCES "agency_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "fk_webhook_subscriptions_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "fk_bookings_agency_worker" FOREIGN KEY ("agency_worker_id") REFERENCES "agency_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed', 'booking.cancelled', 'booking.approval_overdue', 'shift.offered', 'submission.accepted', 'submission.declined'))`,
    );
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "ck_webhook_subscriptions_scope"`);
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "ck_webhook_subscriptions_scope" CHECK (num_nonnulls("system_id", "trust_id", "agency_id") = 1)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "alert_events" WHERE "type" IN ('submission.accepted', 'submission.declined')`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed', 'booking.cancelled', 'booking.approval_overdue', 'shift.offered'))`,
    );
    await queryRunner.query(`DELETE FROM "webhook_subscriptions" WHERE "agency_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "ck_webhook_subscriptions_scope"`);
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "ck_webhook_subscriptions_scope" CHECK (("system_id" IS NULL) <> ("trust_id" IS NULL))`,
    );
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "fk_bookings_agency_worker"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "fk_webhook_subscriptions_agency"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "fk_submissions_agency_worker"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "fk_submissions_contract"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "fk_submissions_agency"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "fk_submissions_shift"`);
    await queryRunner.query(`ALTER TABLE "agency_workers" DROP CONSTRAINT "fk_agency_workers_agency"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "ex_bookings_agency_worker_overlap"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "ck_bookings_agency_worker"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_agency"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "agency_fee_pence"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "agency_fee_rates_pence"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "worker_pay_rates_pence"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "agency_worker_id"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "agency_id"`);
    await queryRunner.query(`ALTER TABLE "alert_events" DROP COLUMN "agency_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_submissions_shift"`);
    await queryRunner.query(`DROP INDEX "public"."ix_submissions_agency"`);
    await queryRunner.query(`DROP INDEX "public"."uq_submissions_candidate"`);
    await queryRunner.query(`DROP TABLE "submissions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agency_workers_registration"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agency_workers_unregistered"`);
    await queryRunner.query(`DROP TABLE "agency_workers"`);
  }
}
