import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications about user tasks (created, assigned, overdue): one row per kind and task, so a
 * repeated event (the watcher sees the same task on every poll) is written once.
 */
export class Notification1763801000000 implements MigrationInterface {
  name = 'Notification1763801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id BIGINT NOT NULL AUTO_INCREMENT,
        kind VARCHAR(32) NOT NULL,
        task_id VARCHAR(32) NOT NULL,
        task_name VARCHAR(200) NOT NULL,
        project_code VARCHAR(32) NULL,
        candidate_groups VARCHAR(500) NOT NULL,
        assignee VARCHAR(64) NULL,
        due_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_notification_kind_task (kind, task_id),
        KEY ix_notification_project (project_code, created_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification');
  }
}
