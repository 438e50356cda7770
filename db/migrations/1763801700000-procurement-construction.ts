import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Procurement and construction (M12, M13, M15, M16, M18):
 * - project_tender: a project's tender results (M12), one row per project, keyed by the recording
 *   task's element instance so a redelivered job writes nothing twice;
 * - construction_progress_report: the archive of periodic progress reports (M15);
 * - construction_record: each recorded step of the construction's supervision — the serious-delay /
 *   investment-loss handling (M18) and how the construction ended — one row per recording task;
 * - change_request gains the process's filing or decision (M16): who decided, when, the reason.
 */
export class ProcurementConstruction1763801700000 implements MigrationInterface {
  name = 'ProcurementConstruction1763801700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project_tender (
        project_code VARCHAR(32) NOT NULL,
        tender_reference VARCHAR(100) NULL,
        contract_amount DECIMAL(14,2) NULL,
        contract_start DATE NULL,
        contract_end DATE NULL,
        element_instance_key BIGINT NOT NULL,
        recorded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE construction_progress_report (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        element_instance_key BIGINT NOT NULL,
        progress_percent DECIMAL(5,2) NOT NULL,
        summary TEXT NOT NULL,
        issues TEXT NULL,
        major_investment_loss TINYINT(1) NOT NULL,
        reported_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_progress_report_element (element_instance_key),
        KEY ix_progress_report_project (project_code, reported_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE construction_record (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        element_instance_key BIGINT NOT NULL,
        kind VARCHAR(32) NOT NULL,
        details JSON NOT NULL,
        recorded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_construction_record_element (element_instance_key),
        KEY ix_construction_record_project (project_code, recorded_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      ALTER TABLE change_request
        ADD COLUMN decided_at DATETIME(3) NULL,
        ADD COLUMN decided_by VARCHAR(64) NULL,
        ADD COLUMN decision_reason VARCHAR(2000) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE change_request
        DROP COLUMN decision_reason,
        DROP COLUMN decided_by,
        DROP COLUMN decided_at`);
    await q.query('DROP TABLE construction_record');
    await q.query('DROP TABLE construction_progress_report');
    await q.query('DROP TABLE project_tender');
  }
}
