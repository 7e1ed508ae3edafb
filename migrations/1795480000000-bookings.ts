import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bookings: one active booking per shift, and no worker booked twice at once (issue 4). */
export class Bookings1795480000000 implements MigrationInterface {
  name = 'Bookings1795480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bookings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shift_id" uuid NOT NULL, "type" text NOT NULL, "bank_worker_id" uuid, "agency_contract_id" uuid, "status" text NOT NULL, "ward_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "paid_minutes" integer NOT NULL, "rates_pence" jsonb NOT NULL, "cost_pence" bigint NOT NULL, "required_signoff" text, "bypass_reason" text, "exemption_ref" text, "ladder" jsonb NOT NULL, "eligible_bank_count" integer NOT NULL, "best_bank_cost_pence" bigint, "decided_by_key_id" uuid, "decision_level" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "created_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_bookings_status" CHECK ("status" IN ('pending_approval', 'confirmed', 'rejected', 'cancelled')), CONSTRAINT "ck_bookings_type" CHECK (("type" = 'bank' AND "bank_worker_id" IS NOT NULL AND "agency_contract_id" IS NULL) OR ("type" = 'agency' AND "agency_contract_id" IS NOT NULL AND "bank_worker_id" IS NULL)), CONSTRAINT "ex_bookings_worker_overlap" EXCLUDE USING gist ("bank_worker_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("bank_worker_id" IS NOT NULL AND "status" IN ('pending_approval', 'confirmed')), CONSTRAINT "pk_bookings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_bookings_worker_time" ON "bookings"  ("bank_worker_id", "starts_at") `);
    await queryRunner.query(`CREATE INDEX "ix_bookings_shift" ON "bookings" ("shift_id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_bookings_worker_ward" ON "bookings" ("bank_worker_id", "ward_id", "ends_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_bookings_active_shift" ON "bookings"  ("shift_id") WHERE "status" IN ('pending_approval', 'confirmed')`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "fk_bookings_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "fk_bookings_bank_worker" FOREIGN KEY ("bank_worker_id") REFERENCES "bank_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "fk_bookings_agency_contract" FOREIGN KEY ("agency_contract_id") REFERENCES "agency_contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "fk_bookings_agency_contract"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "fk_bookings_bank_worker"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "fk_bookings_shift"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bookings_active_shift"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_worker_ward"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_shift"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_worker_time"`);
    await queryRunner.query(`DROP TABLE "bookings"`);
  }
}
