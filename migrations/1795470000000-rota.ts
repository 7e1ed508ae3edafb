import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bank workers and their clearances, agencies and their contracts, and shifts (issue 4). */
export class Rota1795470000000 implements MigrationInterface {
  name = 'Rota1795470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_agencies_name" UNIQUE ("name"), CONSTRAINT "pk_agencies" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agency_contracts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency_id" uuid NOT NULL, "system_id" uuid NOT NULL, "framework" text, "tier" smallint NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "created_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_agency_contracts_range" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from"), CONSTRAINT "ck_agency_contracts_tier" CHECK ("tier" BETWEEN 1 AND 3), CONSTRAINT "pk_agency_contracts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_agency_contracts_system" ON "agency_contracts"  ("system_id", "valid_from") `,
    );
    await queryRunner.query(
      `CREATE TABLE "agency_contract_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "staff_group" text NOT NULL, "grade" text NOT NULL, "band" text NOT NULL, "charge_rate_pence" bigint NOT NULL, "worker_pay_pence" bigint NOT NULL, CONSTRAINT "uq_agency_contract_lines_key" UNIQUE ("contract_id", "staff_group", "grade", "band"), CONSTRAINT "ck_agency_contract_lines_rates" CHECK ("charge_rate_pence" BETWEEN 1 AND 100000 AND "worker_pay_pence" BETWEEN 1 AND "charge_rate_pence"), CONSTRAINT "pk_agency_contract_lines" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "shifts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trust_id" uuid NOT NULL, "ward_id" uuid NOT NULL, "staff_group" text NOT NULL, "grade" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "break_minutes" integer NOT NULL, "local_start_date" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "reason" text, "exemption_ref" text, "external_ref" text, "cancel_reason" text, "created_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "elapsed_minutes" integer NOT NULL, "paid_minutes" integer NOT NULL, "minutes_bank_holiday" integer NOT NULL DEFAULT '0', "minutes_sunday" integer NOT NULL DEFAULT '0', "minutes_saturday" integer NOT NULL DEFAULT '0', "minutes_night" integer NOT NULL DEFAULT '0', "minutes_day" integer NOT NULL DEFAULT '0', "minutes_unsocial" integer NOT NULL DEFAULT '0', "minutes_core" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_shifts_external_ref" UNIQUE ("trust_id", "external_ref"), CONSTRAINT "ck_shifts_break" CHECK ("break_minutes" >= 0 AND "break_minutes" < "elapsed_minutes"), CONSTRAINT "ck_shifts_times" CHECK ("ends_at" > "starts_at" AND "ends_at" <= "starts_at" + interval '24 hours'), CONSTRAINT "ck_shifts_status" CHECK ("status" IN ('open', 'booked', 'worked', 'cancelled')), CONSTRAINT "pk_shifts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_shifts_trust_start" ON "shifts"  ("trust_id", "starts_at") `);
    await queryRunner.query(
      `CREATE TABLE "bank_workers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "home_trust_id" uuid NOT NULL, "display_name" text NOT NULL, "staff_group" text NOT NULL, "grade" text NOT NULL, "opted_out_of_weekly_limit" boolean NOT NULL DEFAULT false, "contracted_weekly_hours" numeric(5,2) NOT NULL DEFAULT '0', "active" boolean NOT NULL DEFAULT true, "external_ref" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_bank_workers_external_ref" UNIQUE ("home_trust_id", "external_ref"), CONSTRAINT "ck_bank_workers_contracted_hours" CHECK ("contracted_weekly_hours" >= 0 AND "contracted_weekly_hours" <= 100), CONSTRAINT "pk_bank_workers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_bank_workers_home_trust" ON "bank_workers"  ("home_trust_id", "staff_group", "grade") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bank_worker_clearances" ("bank_worker_id" uuid NOT NULL, "trust_id" uuid NOT NULL, CONSTRAINT "pk_bank_worker_clearances" PRIMARY KEY ("bank_worker_id", "trust_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_bank_worker_clearances_trust" ON "bank_worker_clearances"  ("trust_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_contracts" ADD CONSTRAINT "fk_agency_contracts_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_contracts" ADD CONSTRAINT "fk_agency_contracts_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_contract_lines" ADD CONSTRAINT "fk_agency_contract_lines_contract" FOREIGN KEY ("contract_id") REFERENCES "agency_contracts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD CONSTRAINT "fk_shifts_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD CONSTRAINT "fk_shifts_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bank_workers" ADD CONSTRAINT "fk_bank_workers_home_trust" FOREIGN KEY ("home_trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bank_worker_clearances" ADD CONSTRAINT "fk_bank_worker_clearances_worker" FOREIGN KEY ("bank_worker_id") REFERENCES "bank_workers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bank_worker_clearances" ADD CONSTRAINT "fk_bank_worker_clearances_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bank_worker_clearances" DROP CONSTRAINT "fk_bank_worker_clearances_trust"`);
    await queryRunner.query(`ALTER TABLE "bank_worker_clearances" DROP CONSTRAINT "fk_bank_worker_clearances_worker"`);
    await queryRunner.query(`ALTER TABLE "bank_workers" DROP CONSTRAINT "fk_bank_workers_home_trust"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP CONSTRAINT "fk_shifts_ward"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP CONSTRAINT "fk_shifts_trust"`);
    await queryRunner.query(`ALTER TABLE "agency_contract_lines" DROP CONSTRAINT "fk_agency_contract_lines_contract"`);
    await queryRunner.query(`ALTER TABLE "agency_contracts" DROP CONSTRAINT "fk_agency_contracts_system"`);
    await queryRunner.query(`ALTER TABLE "agency_contracts" DROP CONSTRAINT "fk_agency_contracts_agency"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bank_worker_clearances_trust"`);
    await queryRunner.query(`DROP TABLE "bank_worker_clearances"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bank_workers_home_trust"`);
    await queryRunner.query(`DROP TABLE "bank_workers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shifts_trust_start"`);
    await queryRunner.query(`DROP TABLE "shifts"`);
    await queryRunner.query(`DROP TABLE "agency_contract_lines"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_contracts_system"`);
    await queryRunner.query(`DROP TABLE "agency_contracts"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
  }
}
