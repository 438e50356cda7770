import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox messages are claimed with a lease (claim token and expiry) in a short transaction and sent
 * outside any transaction; a failed send waits until `next_attempt_at` (exponential back-off), and
 * a message that keeps failing is marked failed for an administrator to retry.
 */
export class OutboxRetries1763800870000 implements MigrationInterface {
  name = 'OutboxRetries1763800870000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox
        ADD COLUMN next_attempt_at DATETIME(3) NULL AFTER last_error,
        ADD COLUMN claim_token CHAR(36) NULL AFTER next_attempt_at,
        ADD COLUMN claimed_until DATETIME(3) NULL AFTER claim_token,
        ADD COLUMN failed_at DATETIME(3) NULL AFTER sent_at,
        DROP INDEX ix_outbox_pending,
        ADD INDEX ix_outbox_status (sent_at, failed_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox
        DROP INDEX ix_outbox_status,
        ADD INDEX ix_outbox_pending (sent_at, id),
        DROP COLUMN next_attempt_at,
        DROP COLUMN claim_token,
        DROP COLUMN claimed_until,
        DROP COLUMN failed_at`);
  }
}
