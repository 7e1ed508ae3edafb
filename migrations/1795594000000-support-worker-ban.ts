import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The support-worker agency ban (docs/rules.md section 8): a per-system setting, off by default.
 * Its breaches (`SUPPORT_WORKER_AGENCY`) need no schema: breaches.rule is free text.
 */
export class SupportWorkerBan1795594000000 implements MigrationInterface {
  name = 'SupportWorkerBan1795594000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "systems" ADD "support_worker_agency_ban" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "systems" DROP COLUMN "support_worker_agency_ban"`);
  }
}
