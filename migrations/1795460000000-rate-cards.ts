import type { MigrationInterface, QueryRunner } from 'typeorm';

/** National and system rate cards with their lines; published cards may not overlap (issue 3). */
export class RateCards1795460000000 implements MigrationInterface {
  name = 'RateCards1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Equality on scope and uuid inside a GiST exclusion constraint needs btree_gist.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`
      CREATE TABLE "rate_cards" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "scope" text NOT NULL,
        "system_id" uuid,
        "name" text NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "effective_from" date NOT NULL,
        "effective_to" date,
        "published_at" TIMESTAMP WITH TIME ZONE,
        "published_by_key_id" uuid,
        "superseded_by_id" uuid,
        "created_by_key_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_rate_cards_status" CHECK ("status" IN ('draft', 'published')),
        CONSTRAINT "ck_rate_cards_scope_value" CHECK ("scope" IN ('national', 'system')),
        CONSTRAINT "ck_rate_cards_range" CHECK ("effective_to" IS NULL OR "effective_to" > "effective_from"),
        CONSTRAINT "ck_rate_cards_scope" CHECK (("scope" = 'national') = ("system_id" IS NULL)),
        CONSTRAINT "ex_rate_cards_published_overlap" EXCLUDE USING gist ("scope" WITH =, (COALESCE("system_id", '00000000-0000-0000-0000-000000000000'::uuid)) WITH =, daterange("effective_from", "effective_to", '[)') WITH &&) WHERE ("status" = 'published'),
        CONSTRAINT "pk_rate_cards" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE INDEX "ix_rate_cards_lookup" ON "rate_cards" ("scope", "system_id", "effective_from")`,
    );
    await queryRunner.query(`
      CREATE TABLE "rate_card_lines" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "card_id" uuid NOT NULL,
        "staff_group" text NOT NULL,
        "grade" text NOT NULL,
        "band" text NOT NULL,
        "agency_cap_pence" bigint NOT NULL,
        "bank_rate_pence" bigint,
        CONSTRAINT "uq_rate_card_lines_key" UNIQUE ("card_id", "staff_group", "grade", "band"),
        CONSTRAINT "ck_rate_card_lines_bank_rate" CHECK ("bank_rate_pence" IS NULL OR "bank_rate_pence" BETWEEN 1 AND 100000),
        CONSTRAINT "ck_rate_card_lines_agency_cap" CHECK ("agency_cap_pence" BETWEEN 1 AND 100000),
        CONSTRAINT "pk_rate_card_lines" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `ALTER TABLE "rate_cards" ADD CONSTRAINT "fk_rate_cards_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rate_card_lines" ADD CONSTRAINT "fk_rate_card_lines_card" FOREIGN KEY ("card_id") REFERENCES "rate_cards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rate_cards" ADD CONSTRAINT "fk_rate_cards_superseded_by" FOREIGN KEY ("superseded_by_id") REFERENCES "rate_cards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rate_cards" DROP CONSTRAINT "fk_rate_cards_superseded_by"`);
    await queryRunner.query(`ALTER TABLE "rate_card_lines" DROP CONSTRAINT "fk_rate_card_lines_card"`);
    await queryRunner.query(`ALTER TABLE "rate_cards" DROP CONSTRAINT "fk_rate_cards_system"`);
    await queryRunner.query(`DROP TABLE "rate_card_lines"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rate_cards_lookup"`);
    await queryRunner.query(`DROP TABLE "rate_cards"`);
  }
}
