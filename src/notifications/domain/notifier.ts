/**
 * One interface for every notification about a user task: `notify(event)`. Today each new event
 * becomes a database row and a log line; channels (SMS, e-mail: 催办 reminders) plug in as
 * `NotificationChannel`s. A repeated event (same kind and task) is recorded and sent once, also
 * when two writers meet it at the same time.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../../shared/logger';
import { retryOnDeadlock } from '../../shared/db';
import { messageOf } from '../../shared/errors';
import { NotificationEntity, type NotificationKind } from '../data-access/notification.entity';

export interface NotificationEvent {
  kind: NotificationKind;
  taskId: string;
  taskName: string;
  projectCode: string | null;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: string | null;
}

/** A way to reach people (SMS, e-mail, the city's messaging platform): called once per new event. */
export interface NotificationChannel {
  readonly name: string;
  send(event: NotificationEvent): Promise<void>;
}

export interface Notifier {
  /** records the event once; true when it was new */
  notify(event: NotificationEvent): Promise<boolean>;
  /** records each event once, a few hundred per statement; the events that were new, in order */
  notifyAll(events: NotificationEvent[]): Promise<NotificationEvent[]>;
}

/** events per transaction: a poll after a restart meets every open task at once */
const BATCH = 200;

/** what makes an event the same event: its kind and task */
export const notificationKey = (e: { kind: string; taskId: string }) => `${e.kind}:${e.taskId}`;

export function createNotifier(deps: {
  dataSource: DataSource;
  log: Logger;
  channels?: NotificationChannel[];
  now?: () => Date;
}): Notifier {
  const now = deps.now ?? (() => new Date());

  /**
   * Inserts the batch's events that have no row yet. The locking read holds off another writer of
   * the same events until the commit (it then finds the rows), so each event is new to one caller;
   * a deadlock between two such writers rolls one back, and it runs again.
   */
  const recordNew = (batch: NotificationEvent[]): Promise<NotificationEvent[]> =>
    retryOnDeadlock(() =>
      deps.dataSource.transaction(async (m) => {
        const repo = m.getRepository(NotificationEntity);
        const known = await repo
          .createQueryBuilder('n')
          .select('n.kind', 'kind')
          .addSelect('n.taskId', 'taskId')
          .where('n.kind IN (:...kinds) AND n.taskId IN (:...ids)', {
            kinds: [...new Set(batch.map((e) => e.kind))],
            ids: [...new Set(batch.map((e) => e.taskId))],
          })
          .setLock('pessimistic_write')
          .getRawMany<{ kind: string; taskId: string }>();
        const seen = new Set(known.map(notificationKey));
        const fresh: NotificationEvent[] = [];
        for (const event of batch) {
          if (seen.has(notificationKey(event))) continue;
          seen.add(notificationKey(event));
          fresh.push(event);
        }
        if (fresh.length === 0) return [];
        const createdAt = now();
        await repo
          .createQueryBuilder()
          .insert()
          .values(
            fresh.map((e) => ({
              kind: e.kind,
              taskId: e.taskId,
              taskName: e.taskName.slice(0, 200),
              projectCode: e.projectCode,
              candidateGroups: e.candidateGroups.join(',').slice(0, 500),
              assignee: e.assignee,
              dueAt: e.dueDate ? new Date(e.dueDate) : null,
              createdAt,
            })),
          )
          .execute();
        return fresh;
      }),
    );

  const announce = async (event: NotificationEvent): Promise<void> => {
    deps.log.info({ notification: event }, `notification ${event.kind}: ${event.taskName}`);
    for (const channel of deps.channels ?? []) {
      // a channel's failure must not stop the others nor the watcher; the row is the record
      await channel.send(event).catch((e: unknown) => {
        deps.log.error(
          { channel: channel.name, taskId: event.taskId, err: messageOf(e) },
          'notification channel failed',
        );
      });
    }
  };

  const notifyAll = async (events: NotificationEvent[]): Promise<NotificationEvent[]> => {
    const fresh: NotificationEvent[] = [];
    for (let i = 0; i < events.length; i += BATCH) {
      const recorded = await recordNew(events.slice(i, i + BATCH));
      for (const event of recorded) await announce(event);
      fresh.push(...recorded);
    }
    return fresh;
  };

  return {
    notifyAll,
    async notify(event) {
      return (await notifyAll([event])).length === 1;
    },
  };
}
