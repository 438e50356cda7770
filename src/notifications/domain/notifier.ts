/**
 * One interface for every notification about a user task: `notify(event)`. Today each new event
 * becomes a database row and a log line; channels (SMS, e-mail: 催办 reminders) plug in as
 * `NotificationChannel`s. A repeated event (same kind and task) is recorded and sent once.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../../shared/logger';
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
}

export function createNotifier(deps: {
  dataSource: DataSource;
  log: Logger;
  channels?: NotificationChannel[];
  now?: () => Date;
}): Notifier {
  const repo = deps.dataSource.getRepository(NotificationEntity);
  const now = deps.now ?? (() => new Date());
  return {
    async notify(event) {
      const result = await repo
        .createQueryBuilder()
        .insert()
        .values({
          kind: event.kind,
          taskId: event.taskId,
          taskName: event.taskName.slice(0, 200),
          projectCode: event.projectCode,
          candidateGroups: event.candidateGroups.join(',').slice(0, 500),
          assignee: event.assignee,
          dueAt: event.dueDate ? new Date(event.dueDate) : null,
          createdAt: now(),
        })
        .orIgnore()
        .execute();
      const inserted = (result.raw as { affectedRows?: number }).affectedRows === 1;
      if (!inserted) return false;
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
      return true;
    },
  };
}
