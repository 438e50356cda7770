/**
 * Appends to the audit log. Takes the EntityManager of the caller's transaction, so the entry is
 * written together with the change it records — or not at all.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity, type AuditEntry } from '../data-access/audit-entry.entity';

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

export async function appendAudit(tx: EntityManager, entry: AuditInput): Promise<void> {
  await tx.getRepository(AuditEntryEntity).insert({ ...entry, at: entry.at ?? new Date() });
}

export function auditTrail(ds: DataSource, entityType: string, entityId: string): Promise<AuditEntry[]> {
  return ds.getRepository(AuditEntryEntity).find({ where: { entityType, entityId }, order: { id: 'ASC' } });
}
