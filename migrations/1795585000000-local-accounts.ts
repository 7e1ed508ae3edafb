import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local sign-in for bank workers without an NHS identity (issue 17, docs/rules.md section 13): a
 * password and an authenticator app (TOTP), set up through a one-time link an admin gives them.
 */
export class LocalAccounts1795585000000 implements MigrationInterface {
  name = 'LocalAccounts1795585000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "local_accounts" ("user_id" uuid NOT NULL, "password_hash" text, "totp_secret_sealed" text, "totp_confirmed_at" TIMESTAMP WITH TIME ZONE, "last_totp_step" bigint, "setup_token_hash" bytea, "setup_expires_at" TIMESTAMP WITH TIME ZONE, "failed_attempts" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_local_accounts" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_local_accounts_setup_token" ON "local_accounts"  ("setup_token_hash") WHERE setup_token_hash IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "local_accounts" ADD CONSTRAINT "fk_local_accounts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "local_accounts" DROP CONSTRAINT "fk_local_accounts_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_local_accounts_setup_token"`);
    await queryRunner.query(`DROP TABLE "local_accounts"`);
  }
}
