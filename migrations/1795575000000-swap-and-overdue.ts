import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Swap and escalate (issue 16, docs/rules.md sections 8 and 10b): the `booking.cancelled` and
 * `booking.approval_overdue` events, and e-mail deliveries addressed to a person (the approvers of
 * an overdue sign-off) beside those to a subscription.
 */
export class SwapAndOverdue1795575000000 implements MigrationInterface {
  name = 'SwapAndOverdue1795575000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed', 'booking.cancelled', 'booking.approval_overdue'))`,
    );
    await queryRunner.query(`ALTER TABLE "email_deliveries" ADD "user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" ALTER COLUMN "subscription_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "email_deliveries" ADD CONSTRAINT "uq_email_deliveries_event_user" UNIQUE ("event_id", "user_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_deliveries" ADD CONSTRAINT "ck_email_deliveries_recipient" CHECK (("subscription_id" IS NULL) <> ("user_id" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_deliveries" ADD CONSTRAINT "fk_email_deliveries_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP CONSTRAINT "fk_email_deliveries_user"`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP CONSTRAINT "ck_email_deliveries_recipient"`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP CONSTRAINT "uq_email_deliveries_event_user"`);
    await queryRunner.query(`DELETE FROM "email_deliveries" WHERE "subscription_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" ALTER COLUMN "subscription_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP COLUMN "user_id"`);
    await queryRunner.query(
      `DELETE FROM "alert_events" WHERE "type" IN ('booking.cancelled', 'booking.approval_overdue')`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed'))`,
    );
  }
}
