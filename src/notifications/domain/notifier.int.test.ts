/**
 * The notifier against the test database: events recorded in batches, each once, also when two
 * writers (two workers processes after a restart) meet the same events at the same time.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, quietLog } from '../../shared/testing';
import { NotificationEntity } from '../data-access/notification.entity';
import { createNotifier, notificationKey, type NotificationEvent } from './notifier';

describe('notifier', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  /** `n` task-created events of tasks with fresh ids (a task id is at most 32 characters) */
  const events = (n: number): NotificationEvent[] => {
    const run = randomUUID().slice(0, 8);
    return Array.from({ length: n }, (_, i) => ({
      kind: 'task-created' as const,
      taskId: `${run}-${i}`,
      taskName: `任务 ${i}`,
      projectCode: null,
      candidateGroups: ['eib'],
      assignee: null,
      dueDate: null,
    }));
  };

  it('given one event already recorded and a list with a repeat, when the list is notified, then every other event is new once', async () => {
    const list = events(450); // more than one batch
    const sent: string[] = [];
    const notifier = createNotifier({
      dataSource: ds,
      log: quietLog(),
      channels: [{ name: 'test', send: async (e) => void sent.push(notificationKey(e)) }],
    });
    expect(await notifier.notify(list[7]!)).toBe(true);
    expect(await notifier.notify(list[7]!)).toBe(false);

    const fresh = await notifier.notifyAll([...list, list[300]!]);

    expect(fresh).toHaveLength(449);
    expect(fresh.map(notificationKey)).not.toContain(notificationKey(list[7]!));
    expect(new Set(sent).size).toBe(450);
    expect(sent).toHaveLength(450);
    const rows = await ds
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.taskId LIKE :run', { run: `${list[0]!.taskId.split('-')[0]}-%` })
      .getCount();
    expect(rows).toBe(450);
  });

  it('given two writers, when both notify the same events at once, then each event is new to exactly one of them', async () => {
    const list = events(300);
    const a = createNotifier({ dataSource: ds, log: quietLog() });
    const b = createNotifier({ dataSource: ds, log: quietLog() });

    const [fromA, fromB] = await Promise.all([a.notifyAll(list), b.notifyAll([...list].reverse())]);

    const all = [...fromA, ...fromB].map(notificationKey);
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
  });
});
