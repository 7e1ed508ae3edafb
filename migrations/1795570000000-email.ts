import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail alerts (issue 16, item 6): e-mail subscriptions per system or trust and their deliveries,
 * one per event and subscription, beside the webhook tables the same dispatch fills.
 */
export class Email1795570000000 implements MigrationInterface {
  name = 'Email1795570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "system_id" uuid, "trust_id" uuid, "address" text NOT NULL, "events" text array NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_by_key_id" uuid, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_email_subscriptions_address" CHECK ("address" = lower("address") AND length("address") <= 254), CONSTRAINT "ck_email_subscriptions_scope" CHECK (("system_id" IS NULL) <> ("trust_id" IS NULL)), CONSTRAINT "pk_email_subscriptions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_email_subscriptions_trust" ON "email_subscriptions"  ("trust_id") `);
    await queryRunner.query(`CREATE INDEX "ix_email_subscriptions_system" ON "email_subscriptions"  ("system_id") `);
    await queryRunner.query(
      `CREATE TABLE "email_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" text, "message_id" text, "round" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_email_deliveries_event_subscription" UNIQUE ("event_id", "subscription_id"), CONSTRAINT "ck_email_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')), CONSTRAINT "pk_email_deliveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_email_deliveries_pending" ON "email_deliveries"  ("created_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_email_deliveries_subscription" ON "email_deliveries"  ("subscription_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "email_subscriptions" ADD CONSTRAINT "fk_email_subscriptions_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_subscriptions" ADD CONSTRAINT "fk_email_subscriptions_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_deliveries" ADD CONSTRAINT "fk_email_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "alert_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_deliveries" ADD CONSTRAINT "fk_email_deliveries_subscription" FOREIGN KEY ("subscription_id") REFERENCES "email_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP CONSTRAINT "fk_email_deliveries_subscription"`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP CONSTRAINT "fk_email_deliveries_event"`);
    await queryRunner.query(`ALTER TABLE "email_subscriptions" DROP CONSTRAINT "fk_email_subscriptions_trust"`);
    await queryRunner.query(`ALTER TABLE "email_subscriptions" DROP CONSTRAINT "fk_email_subscriptions_system"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_deliveries_subscription"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_deliveries_pending"`);
    await queryRunner.query(`DROP TABLE "email_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_subscriptions_system"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_subscriptions_trust"`);
    await queryRunner.query(`DROP TABLE "email_subscriptions"`);
  }
}
