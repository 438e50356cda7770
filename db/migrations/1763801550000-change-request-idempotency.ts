import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change requests (M16) are posted with an Idempotency-Key: the key and a hash of the request, unique
 * per requester, so a replay answers with the row it wrote. No code wrote change_request before.
 */
export class ChangeRequestIdempotency1763801550000 implements MigrationInterface {
  name = 'ChangeRequestIdempotency1763801550000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE change_request
        ADD COLUMN idempotency_key VARCHAR(100) NOT NULL,
        ADD COLUMN request_hash CHAR(64) NOT NULL,
        ADD UNIQUE KEY ux_change_request_idem (requested_by, idempotency_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE change_request
        DROP INDEX ux_change_request_idem,
        DROP COLUMN request_hash,
        DROP COLUMN idempotency_key`);
  }
}
