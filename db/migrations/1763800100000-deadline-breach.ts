import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeadlineBreach1763800100000 implements MigrationInterface {
  name = 'DeadlineBreach1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadline_breach (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        process_instance_key BIGINT NOT NULL,
        element_instance_key BIGINT NOT NULL,
        bpmn_process_id VARCHAR(100) NOT NULL,
        deadline VARCHAR(100) NOT NULL,
        rule VARCHAR(16) NOT NULL,
        recorded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_deadline_breach_element (element_instance_key),
        KEY ix_deadline_breach_project (project_code),
        KEY ix_deadline_breach_rule (rule)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE deadline_breach');
  }
}
