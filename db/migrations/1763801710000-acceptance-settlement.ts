import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A project's acceptance (M17, M19, M20) and its settlement review (M21), one row each per project:
 * the preliminary acceptance the 6-month application counts from, refused attempts with their
 * reasons, the final acceptance with its checklist and the end of the free O&M period, the filing of
 * the report with the EIB; the settlement amounts (yuan, exact), the instant the 2 months of M21
 * count from, the route (financial review or audit) and its result.
 */
export class AcceptanceSettlement1763801710000 implements MigrationInterface {
  name = 'AcceptanceSettlement1763801710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project_acceptance (
        project_code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        preliminary_accepted_on DATE NOT NULL,
        preliminary_summary VARCHAR(2000) NOT NULL,
        refusals INT NOT NULL DEFAULT 0,
        last_refusal_key BIGINT NULL,
        last_refusal_reasons VARCHAR(4000) NULL,
        final_accepted_at DATETIME(3) NULL,
        final_acceptance_date DATE NULL,
        om_free_until DATE NULL,
        checklist TEXT NULL,
        acceptance_opinion VARCHAR(4000) NULL,
        report_filed_at DATETIME(3) NULL,
        report_filing_summary VARCHAR(2000) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_settlement (
        project_code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        settled_amount DECIMAL(14,2) NOT NULL,
        approved_amount DECIMAL(14,2) NOT NULL,
        settlement_date DATE NOT NULL,
        final_accepted_at DATETIME(3) NOT NULL,
        review_clock_start DATETIME(3) NOT NULL,
        review_route VARCHAR(20) NULL,
        review_opinion VARCHAR(4000) NULL,
        reviewed_amount DECIMAL(14,2) NULL,
        reviewed_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE project_settlement');
    await q.query('DROP TABLE project_acceptance');
  }
}
