import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * booking_costs: the compliance engine's costing of each active booking, kept for the cap-compliance
 * and rate-variation reports (issue 7). Derived data, written by the compliance statement: after
 * this migration it fills as compliance runs cover each window (the nightly run covers recent
 * weeks; `POST /compliance-runs` over older windows fills them).
 */
export class BookingCosts1795530000000 implements MigrationInterface {
  name = 'BookingCosts1795530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "booking_costs" ("booking_id" uuid NOT NULL, "shift_id" uuid NOT NULL, "trust_id" uuid NOT NULL, "local_start_date" date NOT NULL, "staff_group" text NOT NULL, "type" text NOT NULL, "charge_pence" bigint NOT NULL, "cap_cost_pence" bigint, "system_cap_cost_pence" bigint, "card_cost_pence" bigint, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_booking_costs" PRIMARY KEY ("booking_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_booking_costs_shift" ON "booking_costs"  ("shift_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_booking_costs_trust_date" ON "booking_costs"  ("trust_id", "local_start_date") `,
    );
    await queryRunner.query(
      `ALTER TABLE "booking_costs" ADD CONSTRAINT "fk_booking_costs_booking" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "booking_costs"`);
  }
}
