/**
 * What an administrator sees of the outbox and may do with it: list messages by status (a message
 * that keeps failing is visible with its attempts and last error) and retry one now. A retry is
 * audited; it gives a failed message a fresh round of attempts.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { appendAudit } from '../../audit';
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import { OutboxEntity, type OutboxRow } from '../data-access/outbox.entity';

export const OUTBOX_STATUSES = ['pending', 'failed', 'sent'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outboxListQuerySchema = z.strictObject({
  status: z.enum(OUTBOX_STATUSES, `status must be one of ${OUTBOX_STATUSES.join(', ')}`).default('pending'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'pageSize must be ≤ 100').default(50),
});
export type OutboxListQuery = z.infer<typeof outboxListQuerySchema>;

export const outboxIdSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'message id must be a positive number');

export interface OutboxMessage {
  id: string;
  kind: string;
  aggregateId: string;
  status: OutboxStatus;
  payload: OutboxRow['payload'];
  createdAt: Date;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  failedAt: Date | null;
}

const statusOf = (row: OutboxRow): OutboxStatus =>
  row.sentAt ? 'sent' : row.failedAt ? 'failed' : 'pending';

const view = (row: OutboxRow): OutboxMessage => ({
  id: row.id,
  kind: row.kind,
  aggregateId: row.aggregateId,
  status: statusOf(row),
  payload: row.payload,
  createdAt: row.createdAt,
  attempts: row.attempts,
  lastError: row.lastError,
  nextAttemptAt: row.nextAttemptAt,
  sentAt: row.sentAt,
  failedAt: row.failedAt,
});

const statusCondition: Record<OutboxStatus, string> = {
  pending: 'o.sent_at IS NULL AND o.failed_at IS NULL',
  failed: 'o.sent_at IS NULL AND o.failed_at IS NOT NULL',
  sent: 'o.sent_at IS NOT NULL',
};

/** Messages of one status, oldest first (sent ones newest first), a page at a time. */
export async function listOutbox(
  ds: DataSource,
  q: OutboxListQuery,
): Promise<{ items: OutboxMessage[]; total: number; page: number; pageSize: number }> {
  const [rows, total] = await ds
    .getRepository(OutboxEntity)
    .createQueryBuilder('o')
    .where(statusCondition[q.status])
    .orderBy('o.id', q.status === 'sent' ? 'DESC' : 'ASC')
    .skip((q.page - 1) * q.pageSize)
    .take(q.pageSize)
    .getManyAndCount();
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
}

/** Makes a pending or failed message due now, with a fresh round of attempts; audited. */
export async function retryOutboxMessage(
  ds: DataSource,
  user: AuthUser,
  id: string,
  now: Date,
): Promise<OutboxMessage> {
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(OutboxEntity);
    // the row lock keeps a dispatcher from claiming the message while it is being reset
    const row = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new AppError('not-found', `no outbox message ${id}`);
    if (row.sentAt) {
      throw new AppError(
        'conflict',
        `outbox message ${id} was sent at ${row.sentAt.toISOString()}; there is nothing to retry`,
      );
    }
    if (row.claimedUntil && row.claimedUntil > now) {
      throw new AppError(
        'conflict',
        `outbox message ${id} is being sent right now; see its outcome in a few seconds and retry if it failed`,
      );
    }
    const changes = { attempts: 0, nextAttemptAt: null, failedAt: null };
    await repo.update({ id }, changes);
    const after = { ...row, ...changes };
    await appendAudit(tx, {
      at: now,
      actor: user.username,
      action: 'outbox.retry',
      entityType: 'outbox',
      entityId: id,
      beforeState: {
        status: statusOf(row),
        attempts: row.attempts,
        lastError: row.lastError,
        failedAt: row.failedAt,
      },
      afterState: { status: statusOf(after), attempts: 0, aggregateId: row.aggregateId },
    });
    return view(after);
  });
}
