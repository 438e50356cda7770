import { EntitySchema } from 'typeorm';

/** One append-only audit entry: who did what to which record, with the state before and after. */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeState: object | null;
  afterState: object | null;
}

export const AuditEntryEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    at: { type: 'datetime', precision: 3 },
    actor: { type: 'varchar', length: 64 },
    action: { type: 'varchar', length: 64 },
    entityType: { type: 'varchar', length: 64, name: 'entity_type' },
    entityId: { type: 'varchar', length: 64, name: 'entity_id' },
    beforeState: { type: 'json', name: 'before_state', nullable: true },
    afterState: { type: 'json', name: 'after_state', nullable: true },
  },
});
