import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts: the outbox of events, webhook subscriptions and their deliveries (issue 6). */
export class Alerts1795520000000 implements MigrationInterface {
  name = 'Alerts1795520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alert_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "system_id" uuid NOT NULL, "trust_id" uuid, "subject_id" uuid NOT NULL, "data" jsonb NOT NULL, "dedupe_key" text, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_alert_events_dedupe" UNIQUE ("dedupe_key"), CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily')), CONSTRAINT "pk_alert_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_alert_events_undispatched" ON "alert_events"  ("occurred_at") WHERE "dispatched_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_alert_events_system_occurred" ON "alert_events"  ("system_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_alert_events_trust_occurred" ON "alert_events"  ("trust_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "system_id" uuid, "trust_id" uuid, "url" text NOT NULL, "events" text array NOT NULL, "secret_encrypted" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_webhook_subscriptions_scope" CHECK (("system_id" IS NULL) <> ("trust_id" IS NULL)), CONSTRAINT "pk_webhook_subscriptions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_trust" ON "webhook_subscriptions"  ("trust_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_subscriptions_system" ON "webhook_subscriptions"  ("system_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" text, "round" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_webhook_deliveries_event_subscription" UNIQUE ("event_id", "subscription_id"), CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')), CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_deliveries_pending" ON "webhook_deliveries"  ("created_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_deliveries_subscription" ON "webhook_deliveries"  ("subscription_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "fk_webhook_subscriptions_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "fk_webhook_subscriptions_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "alert_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_subscription" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_subscription"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_event"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "fk_webhook_subscriptions_trust"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "fk_webhook_subscriptions_system"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_subscription"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_pending"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_system"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_trust"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_alert_events_trust_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."ix_alert_events_system_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."ix_alert_events_undispatched"`);
    await queryRunner.query(`DROP TABLE "alert_events"`);
  }
}
