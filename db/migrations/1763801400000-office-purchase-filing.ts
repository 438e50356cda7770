import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Office purchase filings (M10.3): office network renovation, security and office equipment
 * purchases a department files with the EIB within one month of completing them. One row per
 * filing, with its code (BA-<year>-<nnnn>, per-year counter), its due instant, the process instance
 * that runs it, the idempotency key it was submitted with, and when and whether late it was filed.
 */
export class OfficePurchaseFiling1763801400000 implements MigrationInterface {
  name = 'OfficePurchaseFiling1763801400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE office_purchase_code_counter (
        year SMALLINT NOT NULL,
        last_number INT NOT NULL,
        PRIMARY KEY (year)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE office_purchase_filing (
        id BIGINT NOT NULL AUTO_INCREMENT,
        code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        purchase_kind VARCHAR(32) NOT NULL,
        description VARCHAR(500) NOT NULL,
        amount_yuan DECIMAL(14,2) NOT NULL,
        purchase_completed_on DATE NOT NULL,
        due_at DATETIME(3) NOT NULL,
        submitted_by VARCHAR(64) NOT NULL,
        idempotency_key VARCHAR(100) NOT NULL,
        request_hash CHAR(64) NOT NULL,
        process_instance_key BIGINT NULL,
        filing_summary VARCHAR(2000) NULL,
        eib_registration_no VARCHAR(100) NULL,
        filed_at DATETIME(3) NULL,
        late TINYINT(1) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_office_purchase_filing_code (code),
        UNIQUE KEY ux_office_purchase_filing_idem (submitted_by, idempotency_key),
        UNIQUE KEY ux_office_purchase_filing_instance (process_instance_key),
        KEY ix_office_purchase_filing_department (department_code, created_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE office_purchase_filing');
    await q.query('DROP TABLE office_purchase_code_counter');
  }
}
