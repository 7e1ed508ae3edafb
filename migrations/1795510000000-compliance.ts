import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Compliance: runs and their chunks, breaches, the shifts' re-check mark, and exact half-up division (issue 5). */
export class Compliance1795510000000 implements MigrationInterface {
  name = 'Compliance1795510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // n ÷ d rounded half up (n ≥ 0, d > 0), exactly: the time-bands module's divideHalfUp.
    await queryRunner.query(
      `CREATE FUNCTION "fairshift_half_up"(numerator numeric, denominator numeric) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT div(2 * numerator + denominator, 2 * denominator)::bigint'`,
    );
    await queryRunner.query(
      `CREATE TABLE "breaches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "booking_id" uuid NOT NULL, "shift_id" uuid NOT NULL, "trust_id" uuid NOT NULL, "system_id" uuid NOT NULL, "local_start_date" date NOT NULL, "rule" text NOT NULL, "severity" text NOT NULL, "status" text NOT NULL, "resolution" text, "reason" text, "amount_pence" bigint NOT NULL, "charge_pence" bigint NOT NULL, "cap_cost_pence" bigint, "system_cap_cost_pence" bigint, "card_cost_pence" bigint, "signoff_level" text, "last_run_id" uuid, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "accepted_amount_pence" bigint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_breaches_booking_rule" UNIQUE ("booking_id", "rule"), CONSTRAINT "ck_breaches_severity" CHECK ("severity" IN ('low', 'medium', 'high', 'critical')), CONSTRAINT "ck_breaches_status" CHECK ("status" IN ('open', 'acknowledged', 'justified', 'resolved') AND ("status" = 'resolved') = ("resolution" IS NOT NULL)), CONSTRAINT "pk_breaches" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_breaches_shift" ON "breaches"  ("shift_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_breaches_system_status" ON "breaches"  ("system_id", "status", "detected_at") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_breaches_trust_date" ON "breaches"  ("trust_id", "local_start_date") `);
    await queryRunner.query(
      `CREATE TABLE "compliance_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "system_id" uuid NOT NULL, "from_date" date NOT NULL, "to_date" date NOT NULL, "trigger" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "chunks_total" integer NOT NULL DEFAULT '0', "bookings_checked" integer NOT NULL DEFAULT '0', "breaches_opened" integer NOT NULL DEFAULT '0', "breaches_updated" integer NOT NULL DEFAULT '0', "breaches_resolved" integer NOT NULL DEFAULT '0', "error" text, "requested_by_key_id" uuid, "card_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_compliance_runs_window" CHECK ("to_date" > "from_date"), CONSTRAINT "ck_compliance_runs_trigger" CHECK ("trigger" IN ('manual', 'nightly', 'card_change')), CONSTRAINT "ck_compliance_runs_status" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed')), CONSTRAINT "pk_compliance_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_compliance_runs_system_created" ON "compliance_runs"  ("system_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "compliance_run_chunks" ("run_id" uuid NOT NULL, "chunk_key" text NOT NULL, "bookings_checked" integer NOT NULL, "breaches_opened" integer NOT NULL, "breaches_updated" integer NOT NULL, "breaches_resolved" integer NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_compliance_run_chunks" PRIMARY KEY ("run_id", "chunk_key"))`,
    );
    await queryRunner.query(`ALTER TABLE "shifts" ADD "recheck_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_shifts_recheck" ON "shifts"  ("recheck_requested_at") WHERE "recheck_requested_at" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_shifts_trust_local_date" ON "shifts" ("trust_id", "local_start_date") `);
    await queryRunner.query(
      `ALTER TABLE "breaches" ADD CONSTRAINT "fk_breaches_booking" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "breaches" ADD CONSTRAINT "fk_breaches_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "breaches" ADD CONSTRAINT "fk_breaches_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "breaches" ADD CONSTRAINT "fk_breaches_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "compliance_runs" ADD CONSTRAINT "fk_compliance_runs_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "compliance_run_chunks" ADD CONSTRAINT "fk_compliance_run_chunks_run" FOREIGN KEY ("run_id") REFERENCES "compliance_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "compliance_run_chunks" DROP CONSTRAINT "fk_compliance_run_chunks_run"`);
    await queryRunner.query(`ALTER TABLE "compliance_runs" DROP CONSTRAINT "fk_compliance_runs_system"`);
    await queryRunner.query(`ALTER TABLE "breaches" DROP CONSTRAINT "fk_breaches_system"`);
    await queryRunner.query(`ALTER TABLE "breaches" DROP CONSTRAINT "fk_breaches_trust"`);
    await queryRunner.query(`ALTER TABLE "breaches" DROP CONSTRAINT "fk_breaches_shift"`);
    await queryRunner.query(`ALTER TABLE "breaches" DROP CONSTRAINT "fk_breaches_booking"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shifts_trust_local_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shifts_recheck"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "recheck_requested_at"`);
    await queryRunner.query(`DROP TABLE "compliance_run_chunks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_compliance_runs_system_created"`);
    await queryRunner.query(`DROP TABLE "compliance_runs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_breaches_trust_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_breaches_system_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_breaches_shift"`);
    await queryRunner.query(`DROP TABLE "breaches"`);
    await queryRunner.query(`DROP FUNCTION "fairshift_half_up"(numeric, numeric)`);
  }
}
