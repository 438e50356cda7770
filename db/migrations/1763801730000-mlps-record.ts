import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MLPS (等保) records (M24.1/M24.2): one row per system (project) and testing year — the builder's
 * first test, the unified test, or the department's own test when it was not admitted to unified
 * testing — with the result, the rectification report of a failed test and the CAC's check of it
 * (due within 5 working days; missed or done, passed or failed). The intake check reads them.
 */
export class MlpsRecord1763801730000 implements MigrationInterface {
  name = 'MlpsRecord1763801730000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mlps_record (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        system_title VARCHAR(200) NOT NULL,
        year SMALLINT NOT NULL,
        kind VARCHAR(16) NOT NULL,
        level TINYINT NOT NULL,
        test_passed TINYINT(1) NOT NULL,
        tester VARCHAR(200) NOT NULL,
        report_date DATE NOT NULL,
        not_admitted_reason VARCHAR(500) NULL,
        tested_at DATETIME(3) NOT NULL,
        rectification_summary VARCHAR(2000) NULL,
        rectification_reported_at DATETIME(3) NULL,
        check_due_at DATETIME(3) NULL,
        check_missed_at DATETIME(3) NULL,
        check_passed TINYINT(1) NULL,
        check_opinion VARCHAR(2000) NULL,
        checked_at DATETIME(3) NULL,
        process_instance_key BIGINT NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_mlps_record_year (project_code, year),
        KEY ix_mlps_record_department (department_code, year)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mlps_record');
  }
}
