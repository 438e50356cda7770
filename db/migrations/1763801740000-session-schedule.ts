import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The session date each scheduler last computed for a period (M7.3, M7.1), read as its process
 * owner set `sessionInterpretation`: the M7.4 carry-over asks when a plan opens, and must get the
 * scheduler's answer, not one computed on the default reading.
 */
export class SessionSchedule1763801740000 implements MigrationInterface {
  name = 'SessionSchedule1763801740000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_schedule (
        session_kind VARCHAR(32) NOT NULL,
        session_period VARCHAR(7) NOT NULL,
        session_date DATE NOT NULL,
        interpretation VARCHAR(32) NULL,
        computed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (session_kind, session_period)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE session_schedule');
  }
}
