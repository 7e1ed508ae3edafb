import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank workers' way in (issue 17, docs/rules.md sections 10c and 13): the `bank_worker` role for
 * people and keys, each linked to one bank worker record; shifts offered to bank workers, and
 * their `shift.offered` event; the notice within which a bank worker may no longer cancel.
 */
export class BankWorkerAccess1795580000000 implements MigrationInterface {
  name = 'BankWorkerAccess1795580000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_role"`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_role" CHECK (role IN ('admin', 'workforce_lead', 'rota_manager', 'approver', 'integration', 'bank_worker'))`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_scope"`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_scope" CHECK (CASE WHEN role = 'admin' THEN system_id IS NULL AND cardinality(trust_ids) = 0 WHEN role = 'bank_worker' THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END)`,
    );
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "ck_api_keys_role"`);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "ck_api_keys_role" CHECK (role IN ('admin', 'workforce_lead', 'rota_manager', 'approver', 'integration', 'bank_worker'))`,
    );
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "ck_api_keys_scope"`);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "ck_api_keys_scope" CHECK (CASE WHEN role = 'admin' THEN system_id IS NULL AND cardinality(trust_ids) = 0 WHEN role = 'bank_worker' THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END)`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed', 'booking.cancelled', 'booking.approval_overdue', 'shift.offered'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "shift_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shift_id" uuid NOT NULL, "bank_worker_id" uuid NOT NULL, "trust_id" uuid NOT NULL, "system_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'open', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "pay_pence" bigint, "close_reason" text, "offered_by_key_id" uuid, "offered_by_user_id" uuid, "offered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_shift_offers_status" CHECK ("status" IN ('open', 'accepted', 'closed')), CONSTRAINT "pk_shift_offers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_shift_offers_open_expiry" ON "shift_offers"  ("expires_at") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_shift_offers_worker" ON "shift_offers"  ("bank_worker_id", "offered_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_shift_offers_open" ON "shift_offers"  ("shift_id", "bank_worker_id") WHERE "status" = 'open'`,
    );
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "bank_worker_id" uuid`);
    await queryRunner.query(`ALTER TABLE "users" ADD "bank_worker_id" uuid`);
    await queryRunner.query(`ALTER TABLE "systems" ADD "bank_cancel_notice_hours" integer NOT NULL DEFAULT '24'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_bank_worker" ON "users"  ("bank_worker_id") WHERE bank_worker_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "ck_api_keys_bank_worker" CHECK ((role = 'bank_worker') = (bank_worker_id IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_bank_worker" CHECK ((role = 'bank_worker') = (bank_worker_id IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_bank_worker" FOREIGN KEY ("bank_worker_id") REFERENCES "bank_workers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_bank_worker" FOREIGN KEY ("bank_worker_id") REFERENCES "bank_workers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shift_offers" ADD CONSTRAINT "fk_shift_offers_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shift_offers" ADD CONSTRAINT "fk_shift_offers_bank_worker" FOREIGN KEY ("bank_worker_id") REFERENCES "bank_workers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shift_offers" DROP CONSTRAINT "fk_shift_offers_bank_worker"`);
    await queryRunner.query(`ALTER TABLE "shift_offers" DROP CONSTRAINT "fk_shift_offers_shift"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_bank_worker"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_bank_worker"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_bank_worker"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "ck_api_keys_bank_worker"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_bank_worker"`);
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "bank_cancel_notice_hours"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "bank_worker_id"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "bank_worker_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_shift_offers_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shift_offers_worker"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shift_offers_open_expiry"`);
    await queryRunner.query(`DROP TABLE "shift_offers"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_role"`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_role" CHECK (role IN ('admin', 'workforce_lead', 'rota_manager', 'approver', 'integration'))`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_scope"`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_scope" CHECK (CASE WHEN role = 'admin' THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END)`,
    );
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "ck_api_keys_role"`);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "ck_api_keys_role" CHECK (role IN ('admin', 'workforce_lead', 'rota_manager', 'approver', 'integration'))`,
    );
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "ck_api_keys_scope"`);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "ck_api_keys_scope" CHECK (CASE WHEN role = 'admin' THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END)`,
    );
    await queryRunner.query(`ALTER TABLE "alert_events" DROP CONSTRAINT "ck_alert_events_type"`);
    await queryRunner.query(
      `ALTER TABLE "alert_events" ADD CONSTRAINT "ck_alert_events_type" CHECK ("type" IN ('breach.opened', 'breach.resolved', 'booking.pending_approval', 'digest.daily', 'shift.released', 'fill.suggested', 'fill.suggestion_closed', 'booking.cancelled', 'booking.approval_overdue'))`,
    );
  }
}
