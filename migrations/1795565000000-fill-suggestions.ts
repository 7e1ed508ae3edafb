import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fill suggestions (issue 16, docs/rules.md section 10b): the bank can still fill a shift that is
 * about to cost more, or that an agency holds; and their events in the outbox.
 */
export class FillSuggestions1795565000000 implements MigrationInterface {
  name = 'FillSuggestions1795565000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "fill_suggestions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shift_id" uuid NOT NULL, "trust_id" uuid NOT NULL, "system_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "candidates" jsonb NOT NULL, "agency_cost_pence" bigint NOT NULL, "saving_pence" bigint NOT NULL, "booking_id" uuid, "acted_booking_id" uuid, "saving_realised_pence" bigint, "close_reason" text, "raised_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_fill_suggestions_status" CHECK ("status" IN ('open', 'acted', 'expired')), CONSTRAINT "ck_fill_suggestions_kind" CHECK ("kind" IN ('before_agency', 'swap_to_bank')), CONSTRAINT "pk_fill_suggestions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_fill_suggestions_open" ON "fill_suggestions"  ("raised_at") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_fill_suggestions_trust_raised" ON "fill_suggestions"  ("trust_id", "raised_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_fill_suggestions_open" ON "fill_suggestions"  ("shift_id", "kind") WHERE "status" = 'open'`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "alert_events" WHERE "type" IN ('fill.suggested', 'fill.suggestion_closed')`);
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released'))`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_fill_suggestions_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_fill_suggestions_trust_raised"`);
    await queryRunner.query(`DROP INDEX "public"."ix_fill_suggestions_open"`);
    await queryRunner.query(`DROP TABLE "fill_suggestions"`);
  }
}
