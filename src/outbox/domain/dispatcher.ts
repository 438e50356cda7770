/**
 * Sends outbox messages to Camunda after their transaction committed. A lifecycle start is a
 * message to the lifecycle's message start event with `messageId = lifecycle:<code>`: Zeebe drops a
 * second message with the same id while the first is buffered, and a message start event with a
 * correlation key starts no second instance while one is active — so a resend after a crash
 * between "sent" and "marked as sent" does not start the process twice.
 */
import type { DataSource } from 'typeorm';
import type { Zeebe } from '../../shared/camunda';
import { MessageName } from '../../shared/bpmn';
import type { Logger } from '../../shared/logger';
import { messageOf } from '../../shared/errors';
import { OutboxEntity, type OutboxRow } from '../data-access/outbox.entity';

const MESSAGE_TTL_MS = 3_600_000;

async function send(zeebe: Zeebe, row: OutboxRow): Promise<void> {
  if (row.kind !== 'start-lifecycle') throw new Error(`unknown outbox kind ${row.kind}`);
  try {
    await zeebe.publishMessage({
      name: MessageName.ProposalSubmitted,
      correlationKey: row.aggregateId,
      messageId: `lifecycle:${row.aggregateId}`,
      timeToLive: MESSAGE_TTL_MS,
      variables: row.payload,
    });
  } catch (e) {
    // the broker already has this message: an earlier attempt got through before we could mark it
    if (/ALREADY_EXISTS/.test(messageOf(e))) return;
    throw e;
  }
}

/** Sends up to `limit` pending messages; several dispatchers may run (rows are locked, others skipped). */
export async function dispatchOutbox(
  ds: DataSource,
  zeebe: Zeebe,
  now: () => Date,
  limit = 20,
): Promise<{ sent: number; failed: number }> {
  return ds.transaction(async (tx) => {
    const rows = await tx
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.sent_at IS NULL')
      .orderBy('o.id')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    let sent = 0;
    for (const row of rows) {
      try {
        await send(zeebe, row);
        await tx
          .getRepository(OutboxEntity)
          .update(row.id, { sentAt: now(), attempts: row.attempts + 1, lastError: null });
        sent++;
      } catch (e) {
        await tx
          .getRepository(OutboxEntity)
          .update(row.id, { attempts: row.attempts + 1, lastError: messageOf(e).slice(0, 1000) });
      }
    }
    return { sent, failed: rows.length - sent };
  });
}

/** Runs the dispatcher every `intervalMs` and on demand (after a submission). */
export class OutboxDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly ds: DataSource,
    private readonly zeebe: Zeebe,
    private readonly log: Logger,
    private readonly intervalMs = 2_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  kick(): void {
    this.running ??= dispatchOutbox(this.ds, this.zeebe, () => new Date())
      .then((r) => r.failed > 0 && this.log.warn(r, 'outbox: some messages could not be sent; will retry'))
      .catch((e) => this.log.error({ err: e }, 'outbox dispatch failed'))
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
