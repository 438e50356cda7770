export { appendAudit, auditTrail, type AuditInput } from './domain/audit';
export type { AuditEntry } from './data-access/audit-entry.entity';
