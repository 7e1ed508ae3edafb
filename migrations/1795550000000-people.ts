import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People (issue 15): users who sign in through the trust's OpenID provider, the web sessions they
 * hold (shared by every api process), and who acted, when a person rather than a key did.
 */
export class People1795550000000 implements MigrationInterface {
  name = 'People1795550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text, "issuer" text, "subject" text, "role" text NOT NULL, "system_id" uuid, "trust_ids" uuid array NOT NULL DEFAULT '{}', "approval_level" text, "granted_by" text NOT NULL DEFAULT 'invitation', "active" boolean NOT NULL DEFAULT true, "last_sign_in_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_users_email" UNIQUE ("email"), CONSTRAINT "ck_users_identity" CHECK ((issuer IS NULL) = (subject IS NULL)), CONSTRAINT "ck_users_approval_level" CHECK ((role = 'approver') = (approval_level IS NOT NULL) AND (approval_level IS NULL OR approval_level IN ('senior_manager', 'executive', 'chief_executive'))), CONSTRAINT "ck_users_scope" CHECK (CASE WHEN role = 'admin' THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END), CONSTRAINT "ck_users_role" CHECK (role IN ('admin', 'workforce_lead', 'rota_manager', 'approver', 'integration')), CONSTRAINT "ck_users_email" CHECK (email = lower(email)), CONSTRAINT "pk_users" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_identity" ON "users"  ("issuer", "subject") WHERE issuer IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_system" FOREIGN KEY ("system_id") REFERENCES "systems"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "audit_log" ADD "user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "decided_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "created_by_user_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_bookings_pending_approval" ON "bookings"  ("starts_at", "id") WHERE "status" = 'pending_approval'`,
    );
    // connect-pg-simple's table (not an entity: express-session reads and writes it).
    await queryRunner.query(
      `CREATE TABLE "web_sessions" ("sid" text NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_web_sessions" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_web_sessions_expire" ON "web_sessions" ("expire")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "web_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_pending_approval"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "created_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "decided_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "user_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_system"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_identity"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
