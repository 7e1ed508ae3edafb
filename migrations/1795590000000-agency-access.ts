import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = `'admin', 'workforce_lead', 'rota_manager', 'approver', 'integration', 'bank_worker'`;
const ROLES_AFTER = `${ROLES_BEFORE}, 'agency'`;
const SCOPE_BEFORE = `CASE WHEN role = 'admin' THEN system_id IS NULL AND cardinality(trust_ids) = 0 WHEN role = 'bank_worker' THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END`;
const SCOPE_AFTER = `CASE WHEN role IN ('admin', 'bank_worker', 'agency') THEN system_id IS NULL AND cardinality(trust_ids) = 0 ELSE (system_id IS NULL) <> (cardinality(trust_ids) = 0) END`;

/**
 * Agencies' way in (issue 18, docs/rules.md sections 12 to 14): the `agency` role for people and
 * keys, each linked to one agency, whose scope follows from the agency's contracts.
 */
export class AgencyAccess1795590000000 implements MigrationInterface {
  name = 'AgencyAccess1795590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'users']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "agency_id" uuid`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_role"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_role" CHECK (role IN (${ROLES_AFTER}))`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_scope"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_scope" CHECK (${SCOPE_AFTER})`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_agency" CHECK ((role = 'agency') = (agency_id IS NOT NULL))`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'api_keys']) {
      await queryRunner.query(`DELETE FROM "${table}" WHERE role = 'agency'`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_agency"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_agency"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_scope"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_scope" CHECK (${SCOPE_BEFORE})`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_role"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_role" CHECK (role IN (${ROLES_BEFORE}))`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "agency_id"`);
    }
  }
}
