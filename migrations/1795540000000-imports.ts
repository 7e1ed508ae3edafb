import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Imports: one row per uploaded CSV file (status, counts, row errors) and its body (issue 8). */
export class Imports1795540000000 implements MigrationInterface {
  name = 'Imports1795540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "scope_key" text NOT NULL, "scope_trust_ids" uuid array, "api_key_id" uuid NOT NULL, "request_id" text, "sha256" text NOT NULL, "byte_size" integer NOT NULL, "rows" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "error_count" integer NOT NULL DEFAULT '0', "errors" jsonb NOT NULL DEFAULT '[]', "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_imports_status" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed')), CONSTRAINT "ck_imports_kind" CHECK ("kind" IN ('shifts', 'timesheets', 'bank-workers')), CONSTRAINT "pk_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_imports_queued" ON "imports"  ("created_at") WHERE "status" IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_imports_kind_scope_sha256" ON "imports"  ("kind", "scope_key", "sha256") WHERE "status" <> 'failed'`,
    );
    await queryRunner.query(
      `CREATE TABLE "import_files" ("import_id" uuid NOT NULL, "body" bytea NOT NULL, CONSTRAINT "pk_import_files" PRIMARY KEY ("import_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "fk_imports_api_key" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "import_files" ADD CONSTRAINT "fk_import_files_import" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_files" DROP CONSTRAINT "fk_import_files_import"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "fk_imports_api_key"`);
    await queryRunner.query(`DROP TABLE "import_files"`);
    await queryRunner.query(`DROP INDEX "public"."uq_imports_kind_scope_sha256"`);
    await queryRunner.query(`DROP INDEX "public"."ix_imports_queued"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
