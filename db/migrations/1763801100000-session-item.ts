import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projects a session (monthly pre-review M7.3, annual plan M7.1) batched, one row per project
 * and round, with the decision and when it reached the project's lifecycle. A project waits in
 * one session at a time; its rounds (resubmissions after a failed pre-review) keep their history.
 */
export class SessionItem1763801100000 implements MigrationInterface {
  name = 'SessionItem1763801100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_item (
        id BIGINT NOT NULL AUTO_INCREMENT,
        session_kind VARCHAR(32) NOT NULL,
        session_period VARCHAR(7) NOT NULL,
        session_instance_key BIGINT NOT NULL,
        project_code VARCHAR(32) NOT NULL,
        round SMALLINT NOT NULL,
        batched_at DATETIME(3) NOT NULL,
        outcome VARCHAR(16) NULL,
        plan_year SMALLINT NULL,
        reasons TEXT NULL,
        decided_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_session_item_round (session_kind, project_code, round),
        KEY ix_session_item_instance (session_instance_key),
        KEY ix_session_item_open (session_kind, decided_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE session_item');
  }
}
