import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions of people signed in through the identity provider (the modeler): the cookie
 * holds a random id, this table only its SHA-256, with the provider's tokens, the CSRF token and
 * the expiry. `kind` = 'login' for a sign-in under way (state, PKCE verifier, nonce).
 */
export class WebSession1763800950000 implements MigrationInterface {
  name = 'WebSession1763800950000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_session (
        id_hash CHAR(64) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        username VARCHAR(255) NULL,
        data JSON NOT NULL,
        csrf_token CHAR(43) NULL,
        created_at DATETIME(3) NOT NULL,
        last_used_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id_hash),
        KEY web_session_username (username),
        KEY web_session_expires (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE web_session');
  }
}
