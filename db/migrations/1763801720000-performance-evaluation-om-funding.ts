import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Performance evaluations (M22.1, M22.2) and O&M funding (M20, M27), one row per project each:
 * the department's self-evaluation in months 12–24 after final acceptance (or its absence), Finance's
 * evaluation of key projects with rectification opinions; the O&M funding application (which needs
 * the evaluation report) and the EIB's decision, unified or self-applied, from the end of the free period.
 */
export class PerformanceEvaluationOmFunding1763801720000 implements MigrationInterface {
  name = 'PerformanceEvaluationOmFunding1763801720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE performance_evaluation (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        final_accepted_at DATETIME(3) NOT NULL,
        window_opens_at DATETIME(3) NOT NULL,
        window_closes_at DATETIME(3) NOT NULL,
        status VARCHAR(20) NOT NULL,
        self_grade VARCHAR(10) NULL,
        self_score SMALLINT NULL,
        report_summary VARCHAR(4000) NULL,
        report_reference VARCHAR(100) NULL,
        report_document_id BIGINT NULL,
        reported_at DATETIME(3) NULL,
        key_project TINYINT(1) NULL,
        finance_grade VARCHAR(10) NULL,
        finance_opinion VARCHAR(4000) NULL,
        rectification_opinions VARCHAR(4000) NULL,
        finance_evaluated_at DATETIME(3) NULL,
        final_grade VARCHAR(10) NULL,
        process_instance_key BIGINT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_performance_evaluation_project (project_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE om_funding (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        free_until DATE NOT NULL,
        application_due_at DATETIME(3) NOT NULL,
        application_summary VARCHAR(4000) NOT NULL,
        applied_at DATETIME(3) NOT NULL,
        late TINYINT(1) NOT NULL,
        evaluation_grade VARCHAR(10) NOT NULL,
        mode VARCHAR(20) NULL,
        decision VARCHAR(10) NULL,
        eib_opinion VARCHAR(4000) NULL,
        self_application_summary VARCHAR(4000) NULL,
        funding_from DATE NULL,
        decided_at DATETIME(3) NULL,
        process_instance_key BIGINT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_om_funding_project (project_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE om_funding');
    await q.query('DROP TABLE performance_evaluation');
  }
}
