import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agencies, departments, projects (with participants), the project-code counter, the outbox and idempotency keys. */
export class ProjectRegistry1763800400000 implements MigrationInterface {
  name = 'ProjectRegistry1763800400000';

  async up(q: QueryRunner): Promise<void> {
    const table = (sql: string) =>
      q.query(`${sql} ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await table(`
      CREATE TABLE agency (
        code VARCHAR(32) NOT NULL,
        name VARCHAR(100) NOT NULL,
        english_name VARCHAR(100) NOT NULL,
        PRIMARY KEY (code)
      )`);
    await table(`
      CREATE TABLE department (
        code VARCHAR(32) NOT NULL,
        name VARCHAR(100) NOT NULL,
        is_county BOOLEAN NOT NULL,
        PRIMARY KEY (code)
      )`);
    await q.query('ALTER TABLE app_user ADD COLUMN agency_code VARCHAR(32) NULL AFTER department_code');
    await table(`
      CREATE TABLE project_code_counter (
        year SMALLINT NOT NULL,
        last_number INT NOT NULL,
        PRIMARY KEY (year)
      )`);
    await table(`
      CREATE TABLE project (
        code VARCHAR(32) NOT NULL,
        title VARCHAR(200) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        budget_estimate DECIMAL(14,2) NOT NULL,
        category ENUM('network','resource','application-system') NOT NULL,
        urgent BOOLEAN NOT NULL,
        county BOOLEAN NOT NULL,
        in_development_plan BOOLEAN NOT NULL,
        requests_machine_room BOOLEAN NOT NULL,
        cross_department BOOLEAN NOT NULL,
        single_scope BOOLEAN NOT NULL,
        simple_technology BOOLEAN NOT NULL,
        upgrade_of VARCHAR(32) NULL,
        stage VARCHAR(32) NOT NULL,
        status VARCHAR(32) NOT NULL,
        plan_year SMALLINT NULL,
        process_instance_key BIGINT NULL,
        submitted_by VARCHAR(64) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (code),
        UNIQUE KEY ux_project_instance (process_instance_key),
        KEY ix_project_department_created (department_code, created_at),
        KEY ix_project_department_stage_created (department_code, stage, created_at),
        KEY ix_project_stage_created (stage, created_at),
        KEY ix_project_plan_year_created (plan_year, created_at),
        KEY ix_project_created (created_at),
        KEY ix_project_budget (budget_estimate),
        CONSTRAINT fk_project_department FOREIGN KEY (department_code) REFERENCES department (code),
        CONSTRAINT fk_project_upgrade_of FOREIGN KEY (upgrade_of) REFERENCES project (code)
      )`);
    // every department a project belongs to: its owner and its participants (M9); the applicant's
    // list reads it by (department_code, created_at), so scoping never scans the project table
    await table(`
      CREATE TABLE project_department (
        project_code VARCHAR(32) NOT NULL,
        department_code VARCHAR(32) NOT NULL,
        role ENUM('owner','participant') NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_code, department_code),
        KEY ix_project_department_list (department_code, created_at),
        CONSTRAINT fk_pd_project FOREIGN KEY (project_code) REFERENCES project (code),
        CONSTRAINT fk_pd_department FOREIGN KEY (department_code) REFERENCES department (code)
      )`);
    await table(`
      CREATE TABLE outbox (
        id BIGINT NOT NULL AUTO_INCREMENT,
        kind VARCHAR(64) NOT NULL,
        aggregate_id VARCHAR(64) NOT NULL,
        payload JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        last_error VARCHAR(1000) NULL,
        sent_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_outbox_pending (sent_at, id)
      )`);
    await table(`
      CREATE TABLE idempotency_key (
        username VARCHAR(64) NOT NULL,
        idem_key VARCHAR(100) NOT NULL,
        request_hash CHAR(64) NOT NULL,
        project_code VARCHAR(32) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (username, idem_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_key',
      'outbox',
      'project_department',
      'project',
      'project_code_counter',
      'department',
      'agency',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query('ALTER TABLE app_user DROP COLUMN agency_code');
  }
}
