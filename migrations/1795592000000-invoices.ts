import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'shifts', 'timesheets', 'bank-workers'`;
const KINDS_AFTER = `${KINDS_BEFORE}, 'invoices'`;
const STATUSES = `'matched', 'over_timesheet', 'over_contract', 'over_cap_unapproved', 'no_timesheet', 'no_booking', 'duplicate'`;

/**
 * Agency invoices reconciled line by line (issue 18, docs/rules.md section 14): invoices, their
 * lines with how each was judged, at most one counting line per booking (its amount is the
 * booking's charge), and the `invoices` import kind.
 */
export class Invoices1795592000000 implements MigrationInterface {
  name = 'Invoices1795592000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency_id" uuid NOT NULL, "system_id" uuid NOT NULL, "invoice_number" text NOT NULL, "issued_on" date NOT NULL, "created_by_key_id" uuid, "created_by_user_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_invoices_agency_number" UNIQUE ("agency_id", "invoice_number"), CONSTRAINT "pk_invoices" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_invoices_created" ON "invoices" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_invoices_system_issued" ON "invoices" ("system_id", "issued_on")`);
    await queryRunner.query(
      `CREATE TABLE "invoice_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "invoice_id" uuid NOT NULL, "line_no" integer NOT NULL, "booking_id" uuid, "booking_ref" text NOT NULL, "paid_minutes" integer NOT NULL, "amount_pence" bigint NOT NULL, "status" text NOT NULL, "validated_pence" bigint NOT NULL, "timesheet_paid_minutes" integer, "contract_cost_pence" bigint, "cap_cost_pence" bigint, "required_signoff" text, "approval_level" text, CONSTRAINT "uq_invoice_lines_line_no" UNIQUE ("invoice_id", "line_no"), CONSTRAINT "ck_invoice_lines_paid_minutes" CHECK ("paid_minutes" >= 0), CONSTRAINT "ck_invoice_lines_amount" CHECK ("amount_pence" >= 0 AND "validated_pence" BETWEEN 0 AND "amount_pence"), CONSTRAINT "ck_invoice_lines_booking" CHECK (("booking_id" IS NULL) = ("status" = 'no_booking')), CONSTRAINT "ck_invoice_lines_status" CHECK ("status" IN (${STATUSES})), CONSTRAINT "pk_invoice_lines" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_invoice_lines_booking" ON "invoice_lines" ("booking_id")`);
    // One counting line per booking: its amount is the booking's charge (docs/rules.md section 7).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_invoice_lines_counting_booking" ON "invoice_lines" ("booking_id") WHERE "status" NOT IN ('duplicate', 'no_booking')`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice_lines" ADD CONSTRAINT "fk_invoice_lines_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice_lines" ADD CONSTRAINT "fk_invoice_lines_booking" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "ck_imports_kind"`);
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "ck_imports_kind" CHECK ("kind" IN (${KINDS_AFTER}))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "imports" WHERE "kind" = 'invoices'`);
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "ck_imports_kind"`);
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "ck_imports_kind" CHECK ("kind" IN (${KINDS_BEFORE}))`,
    );
    await queryRunner.query(`DROP TABLE "invoice_lines"`);
    await queryRunner.query(`DROP TABLE "invoices"`);
  }
}
