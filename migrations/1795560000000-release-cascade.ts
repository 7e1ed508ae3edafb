import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The release cascade (issue 16, docs/rules.md section 10a): systems' cascade and suggestion
 * settings, and each shift's posting, stage release instants, early release and what the worker
 * has announced. Shifts posted before the cascade existed are not held to it: every stage of theirs
 * counts as released when they were posted, with nothing left to announce.
 */
export class ReleaseCascade1795560000000 implements MigrationInterface {
  name = 'ReleaseCascade1795560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "systems" ADD "release_cascade" jsonb DEFAULT '{"agency_tier_1": {"beforeStartHours": 120, "afterPostingHours": 2}, "agency_tier_2": {"beforeStartHours": 72, "afterPostingHours": 3}, "agency_tier_3": {"beforeStartHours": 48, "afterPostingHours": 4}, "collaborative_bank": {"beforeStartHours": 336, "afterPostingHours": 1}}'`,
    );
    await queryRunner.query(`ALTER TABLE "systems" ADD "suggest_lead_hours" integer NOT NULL DEFAULT '24'`);
    await queryRunner.query(`ALTER TABLE "systems" ADD "agency_notice_hours" integer NOT NULL DEFAULT '48'`);
    await queryRunner.query(`ALTER TABLE "systems" ADD "approval_overdue_hours" integer NOT NULL DEFAULT '24'`);
    await queryRunner.query(`ALTER TABLE "systems" ADD "releases_recompute_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "shifts" ADD "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD "release_collaborative_bank_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD "release_agency_tier_1_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD "release_agency_tier_2_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD "release_agency_tier_3_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(`ALTER TABLE "shifts" ADD "early_release_stage" text`);
    await queryRunner.query(`ALTER TABLE "shifts" ADD "early_released_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "shifts" ADD "announced_stage" text NOT NULL DEFAULT 'agency_tier_3'`);
    await queryRunner.query(`ALTER TABLE "shifts" ADD "next_release_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_shifts_next_release" ON "shifts"  ("next_release_at") WHERE "next_release_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD CONSTRAINT "ck_shifts_release_stages" CHECK ("announced_stage" IN ('own_bank', 'collaborative_bank', 'agency_tier_1', 'agency_tier_2', 'agency_tier_3') AND ("early_release_stage" IS NULL OR "early_release_stage" IN ('collaborative_bank', 'agency_tier_1', 'agency_tier_2', 'agency_tier_3')) AND (("early_release_stage" IS NULL) = ("early_released_at" IS NULL)))`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released'))`,
    );
    await queryRunner.query(
      `UPDATE "shifts" SET "posted_at" = "created_at", "release_collaborative_bank_at" = "created_at", "release_agency_tier_1_at" = "created_at", "release_agency_tier_2_at" = "created_at", "release_agency_tier_3_at" = "created_at"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "alert_events" WHERE "type" = 'shift.released'`);
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily'))`,
    );
    await queryRunner.query(`ALTER TABLE "shifts" DROP CONSTRAINT "ck_shifts_release_stages"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shifts_next_release"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "next_release_at"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "announced_stage"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "early_released_at"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "early_release_stage"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "release_agency_tier_3_at"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "release_agency_tier_2_at"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "release_agency_tier_1_at"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "release_collaborative_bank_at"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "posted_at"`);
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "releases_recompute_requested_at"`);
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "approval_overdue_hours"`);
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "agency_notice_hours"`);
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "suggest_lead_hours"`);
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "release_cascade"`);
  }
}
