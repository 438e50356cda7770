import { EntitySchema } from 'typeorm';

/** A message to send to Camunda, written in the same transaction as the change that causes it. */
export interface OutboxRow {
  id: string;
  kind: string;
  aggregateId: string;
  payload: Record<string, string | number | boolean>;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
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
    sentAt: { type: 'datetime', precision: 3, name: 'sent_at', nullable: true },
  },
});
