/**
 * Sends outbox messages to Camunda after their transaction committed. A lifecycle start is a
 * message to the lifecycle's message start event with `messageId = lifecycle:<code>`: Zeebe drops a
 * second message with the same id while the first is buffered, and a message start event with a
 * correlation key starts no second instance while one is active — so a resend after a crash
 * between "sent" and "marked as sent" does not start the process twice.
 *
 * No lock is held across a network call: a short transaction claims a batch (a lease: claim token
 * and expiry, rows locked only while claiming, others skipped), the sends run outside any
 * transaction, each bounded by a timeout, and each result is recorded on its own, only while the
 * claim is still ours. A failed send backs off exponentially (capped); after the configured
 * attempts the message is marked failed and waits for an administrator's retry.
 */
import crypto from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { Zeebe } from '../../shared/camunda';
import { MessageName } from '../../shared/bpmn';
import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { messageOf } from '../../shared/errors';
import { OutboxEntity, type OutboxRow } from '../data-access/outbox.entity';

const MESSAGE_TTL_MS = 3_600_000;
const CHANGE_MESSAGE_TTL_MS = 7 * 24 * 3_600_000;
const BATCH_SIZE = 20;
/** a claim outlives the send timeout by this much, so recording the result fits inside it */
const LEASE_MARGIN_MS = 30_000;

export interface OutboxSettings {
  /** how often the dispatcher looks for due messages; also the first retry delay */
  intervalMs: number;
  /** longest wait for one publish */
  sendTimeoutMs: number;
  /** cap of the exponential back-off */
  retryMaxDelayMs: number;
  /** failed sends after which a message is marked failed */
  maxAttempts: number;
}

export const outboxSettings = (c: Config): OutboxSettings => ({
  intervalMs: c.OUTBOX_INTERVAL_MS,
  sendTimeoutMs: c.OUTBOX_SEND_TIMEOUT_MS,
  retryMaxDelayMs: c.OUTBOX_MAX_DELAY_MS,
  maxAttempts: c.OUTBOX_MAX_ATTEMPTS,
});

/** What the dispatcher needs of the Zeebe client. */
export type MessagePublisher = Pick<Zeebe, 'publishMessage'>;

/** The wait after the n-th failed send: intervalMs · 2^(n−1), at most retryMaxDelayMs. */
export function retryDelayMs(failedAttempts: number, s: OutboxSettings): number {
  return Math.min(s.retryMaxDelayMs, s.intervalMs * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 30));
}

/** Rejects with `message` when `work` has not settled within `ms` (the work itself is not stopped). */
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The message of an outbox row. A change request (M16) waits buffered for its project's construction
 * instance longer: the lifecycle may still be between setting the stage and starting construction.
 */
function messageOfRow(row: OutboxRow) {
  switch (row.kind) {
    case 'start-lifecycle':
      return {
        name: MessageName.ProposalSubmitted,
        messageId: `lifecycle:${row.aggregateId}`,
        timeToLive: MESSAGE_TTL_MS,
      };
    case 'change-requested':
      return {
        name: MessageName.ChangeRequested,
        messageId: `change:${String(row.payload.changeId)}`,
        timeToLive: CHANGE_MESSAGE_TTL_MS,
      };
    default:
      throw new Error(`unknown outbox kind ${row.kind}`);
  }
}

async function send(publisher: MessagePublisher, row: OutboxRow, timeoutMs: number): Promise<void> {
  const message = messageOfRow(row);
  try {
    const response = await withTimeout(
      publisher.publishMessage({ ...message, correlationKey: row.aggregateId, variables: row.payload }),
      timeoutMs,
      `no answer from Camunda within ${timeoutMs} ms`,
    );
    // the SDK answers nothing, instead of failing, once its client is closing
    if (!response) throw new Error('the Camunda client is closing; not sent');
  } catch (e) {
    // the broker already has this message: an earlier attempt got through before we could mark it
    if (/ALREADY_EXISTS/.test(messageOf(e))) return;
    throw e;
  }
}

/** Claims up to a batch of due messages for `leaseMs` in one short transaction. */
async function claim(
  ds: DataSource,
  at: Date,
  leaseMs: number,
): Promise<{ token: string; rows: OutboxRow[] }> {
  const token = crypto.randomUUID();
  // READ COMMITTED: lock the matching rows only, no gaps, so submissions inserting messages never wait
  const rows = await ds.transaction('READ COMMITTED', async (tx) => {
    const due = await tx
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.sent_at IS NULL AND o.failed_at IS NULL')
      .andWhere('(o.next_attempt_at IS NULL OR o.next_attempt_at <= :at)', { at })
      .andWhere('(o.claimed_until IS NULL OR o.claimed_until < :at)', { at })
      .orderBy('o.id')
      .limit(BATCH_SIZE)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (due.length > 0) {
      await tx
        .getRepository(OutboxEntity)
        .update(
          { id: In(due.map((r) => r.id)) },
          { claimToken: token, claimedUntil: new Date(at.getTime() + leaseMs) },
        );
    }
    return due;
  });
  return { token, rows };
}

export interface DispatchResult {
  sent: number;
  failed: number;
  /** messages that reached the attempt limit in this run */
  gaveUp: { id: string; aggregateId: string; lastError: string }[];
}

/** Sends the due messages of one batch; several dispatchers may run (a claimed message is skipped). */
export async function dispatchOutbox(
  ds: DataSource,
  publisher: MessagePublisher,
  settings: OutboxSettings,
  now: () => Date = () => new Date(),
): Promise<DispatchResult> {
  const { token, rows } = await claim(ds, now(), settings.sendTimeoutMs + LEASE_MARGIN_MS);
  const result: DispatchResult = { sent: 0, failed: 0, gaveUp: [] };
  const repo = ds.getRepository(OutboxEntity);
  const ours = (row: OutboxRow) => ({ id: row.id, claimToken: token });
  const released = { claimToken: null, claimedUntil: null };
  await Promise.all(
    rows.map(async (row) => {
      try {
        await send(publisher, row, settings.sendTimeoutMs);
      } catch (e) {
        const attempts = row.attempts + 1;
        const at = now();
        const lastError = messageOf(e).slice(0, 1000);
        const gaveUp = attempts >= settings.maxAttempts;
        await repo.update(ours(row), {
          ...released,
          attempts,
          lastError,
          nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts, settings)),
          failedAt: gaveUp ? at : null,
        });
        result.failed++;
        if (gaveUp) result.gaveUp.push({ id: row.id, aggregateId: row.aggregateId, lastError });
        return;
      }
      await repo.update(ours(row), { ...released, sentAt: now(), nextAttemptAt: null, lastError: null });
      result.sent++;
    }),
  );
  return result;
}

/** Runs the dispatcher every `intervalMs` and on demand (after a submission). */
export class OutboxDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly ds: DataSource,
    private readonly publisher: MessagePublisher,
    private readonly log: Logger,
    private readonly settings: OutboxSettings,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.settings.intervalMs);
    this.timer.unref();
  }

  kick(): void {
    this.running ??= dispatchOutbox(this.ds, this.publisher, this.settings)
      .then((r) => {
        if (r.failed > 0)
          this.log.warn({ sent: r.sent, failed: r.failed }, 'outbox: messages not sent; will retry');
        for (const m of r.gaveUp) {
          this.log.error(
            { outboxId: m.id, aggregateId: m.aggregateId, lastError: m.lastError },
            `outbox: message gave up after ${this.settings.maxAttempts} attempts; an administrator can retry it (POST /api/admin/outbox/{id}/retry)`,
          );
        }
      })
      .catch((e) => this.log.error({ err: e }, 'outbox dispatch failed'))
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
