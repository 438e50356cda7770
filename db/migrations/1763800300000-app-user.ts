import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts of the API: basic auth locally; an OIDC provider can replace the password check. */
export class AppUser1763800300000 implements MigrationInterface {
  name = 'AppUser1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        username VARCHAR(64) NOT NULL,
        display_name VARCHAR(100) NOT NULL,
        password_hash VARCHAR(200) NOT NULL,
        roles JSON NOT NULL,
        department_code VARCHAR(32) NULL,
        disabled BOOLEAN NOT NULL DEFAULT FALSE,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (username)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE app_user');
  }
}
