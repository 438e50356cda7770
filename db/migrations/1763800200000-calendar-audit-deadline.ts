import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Calendar overrides, the append-only audit log, and computed deadlines. */
export class CalendarAuditDeadline1763800200000 implements MigrationInterface {
  name = 'CalendarAuditDeadline1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        year SMALLINT NOT NULL,
        status ENUM('official','provisional') NOT NULL,
        source VARCHAR(500) NOT NULL,
        updated_by VARCHAR(64) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (year)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE calendar_day (
        day DATE NOT NULL,
        year SMALLINT NOT NULL,
        kind ENUM('holiday','adjusted-workday') NOT NULL,
        name VARCHAR(100) NOT NULL,
        source VARCHAR(500) NOT NULL,
        PRIMARY KEY (day),
        KEY ix_calendar_day_year (year),
        CONSTRAINT fk_calendar_day_year FOREIGN KEY (year) REFERENCES calendar_year (year) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE audit_log (
        id BIGINT NOT NULL AUTO_INCREMENT,
        at DATETIME(3) NOT NULL,
        actor VARCHAR(64) NOT NULL,
        action VARCHAR(64) NOT NULL,
        entity_type VARCHAR(64) NOT NULL,
        entity_id VARCHAR(64) NOT NULL,
        before_state JSON NULL,
        after_state JSON NULL,
        PRIMARY KEY (id),
        KEY ix_audit_entity (entity_type, entity_id),
        KEY ix_audit_at (at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // append-only: the database itself refuses to change or remove an entry
    await q.query(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`);
    await q.query(`
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`);
    await q.query(`
      CREATE TABLE deadline (
        id BIGINT NOT NULL AUTO_INCREMENT,
        process_instance_key BIGINT NOT NULL,
        element_instance_key BIGINT NOT NULL,
        bpmn_process_id VARCHAR(100) NOT NULL,
        element_id VARCHAR(100) NOT NULL,
        project_code VARCHAR(32) NULL,
        rule_id VARCHAR(16) NOT NULL,
        rule JSON NOT NULL,
        start_at DATETIME(3) NOT NULL,
        due_at DATETIME(3) NOT NULL,
        due_date DATE NOT NULL,
        provisional BOOLEAN NOT NULL,
        state ENUM('open','met','breached') NOT NULL DEFAULT 'open',
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_deadline_element (element_instance_key),
        KEY ix_deadline_open_due (state, due_at),
        KEY ix_deadline_project (project_code),
        KEY ix_deadline_rule (rule_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE deadline');
    await q.query('DROP TABLE audit_log');
    await q.query('DROP TABLE calendar_day');
    await q.query('DROP TABLE calendar_year');
  }
}
