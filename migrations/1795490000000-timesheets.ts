import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Timesheets: actual times, band minutes and the amount paid or charged (issue 4). */
export class Timesheets1795490000000 implements MigrationInterface {
  name = 'Timesheets1795490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "timesheets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shift_id" uuid NOT NULL, "booking_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE NOT NULL, "break_minutes" integer NOT NULL, "local_start_date" date NOT NULL, "amount_pence" bigint NOT NULL, "recorded_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "elapsed_minutes" integer NOT NULL, "paid_minutes" integer NOT NULL, "minutes_bank_holiday" integer NOT NULL DEFAULT '0', "minutes_sunday" integer NOT NULL DEFAULT '0', "minutes_saturday" integer NOT NULL DEFAULT '0', "minutes_night" integer NOT NULL DEFAULT '0', "minutes_day" integer NOT NULL DEFAULT '0', "minutes_unsocial" integer NOT NULL DEFAULT '0', "minutes_core" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_timesheets_shift" UNIQUE ("shift_id"), CONSTRAINT "ck_timesheets_amount" CHECK ("amount_pence" >= 0), CONSTRAINT "pk_timesheets" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "timesheets" ADD CONSTRAINT "fk_timesheets_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "timesheets" ADD CONSTRAINT "fk_timesheets_booking" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "timesheets" DROP CONSTRAINT "fk_timesheets_booking"`);
    await queryRunner.query(`ALTER TABLE "timesheets" DROP CONSTRAINT "fk_timesheets_shift"`);
    await queryRunner.query(`DROP TABLE "timesheets"`);
  }
}
