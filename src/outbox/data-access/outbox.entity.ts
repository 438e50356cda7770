import { EntitySchema } from 'typeorm';

/** A message to send to Camunda, written in the same transaction as the change that causes it. */
export interface OutboxRow {
  id: string;
  kind: string;
  aggregateId: string;
  payload: Record<string, string | number | boolean>;
  createdAt: Date;
  /** failed sends since the message was written (or last retried by an administrator) */
  attempts: number;
  lastError: string | null;
  /** no send before this instant (back-off after a failure); null: due now */
  nextAttemptAt: Date | null;
  /** the dispatcher that claimed the message owns it until `claimedUntil` */
  claimToken: string | null;
  claimedUntil: Date | null;
  sentAt: Date | null;
  /** gave up after the configured attempts: waits for an administrator's retry */
  failedAt: Date | null;
}

export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'Outbox',
  tableName: 'outbox',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 64 },
    aggregateId: { type: 'varchar', length: 64, name: 'aggregate_id' },
    payload: { type: 'json' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
    attempts: { type: 'int', default: 0 },
    lastError: { type: 'varchar', length: 1000, name: 'last_error', nullable: true },
    nextAttemptAt: { type: 'datetime', precision: 3, name: 'next_attempt_at', nullable: true },
    claimToken: { type: 'char', length: 36, name: 'claim_token', nullable: true },
    claimedUntil: { type: 'datetime', precision: 3, name: 'claimed_until', nullable: true },
    sentAt: { type: 'datetime', precision: 3, name: 'sent_at', nullable: true },
    failedAt: { type: 'datetime', precision: 3, name: 'failed_at', nullable: true },
  },
});
