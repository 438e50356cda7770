import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 适用办法: the measures a project is reviewed under — M (the current ones) or T (the 2020 ones,
 * repealed by M article 28, kept for the projects still under them). Existing projects are M.
 */
export class ProjectRuleSet1763801300000 implements MigrationInterface {
  name = 'ProjectRuleSet1763801300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE project ADD COLUMN rule_set ENUM('M','T') NOT NULL DEFAULT 'M' AFTER upgrade_of`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE project DROP COLUMN rule_set');
  }
}
