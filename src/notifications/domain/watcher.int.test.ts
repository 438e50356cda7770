/**
 * The task watcher against the test stack's Tasklist and database: a created task is announced
 * once per group task, an assignment once, and moving the broker's clock past the due date makes
 * the open tasks overdue — each a row, never twice.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  openDataSource,
  quietLog,
  signedIn,
  testApp,
  testCamunda,
  testConfig,
  uniqueProjectCode,
} from '../../shared/testing';
import { createTaskAccess, createTaskSource } from '../../tasks';
import { CAC_TASK, cacOfficer, deployTestProcess, startReview, until } from '../../tasks/test-fixtures';
import { Role } from '../../users';
import { NotificationEntity, type NotificationRow } from '../data-access/notification.entity';
import { createNotifier } from './notifier';
import { TaskWatcher } from './watcher';

describe('task notifications', () => {
  let ds: DataSource;
  let camunda: ReturnType<typeof testCamunda>;
  let watcher: TaskWatcher;
  let code: string;
  const rows = () =>
    ds.getRepository(NotificationEntity).find({ where: { projectCode: code }, order: { id: 'ASC' } });
  const kinds = (list: NotificationRow[]) => list.map((r) => `${r.kind} ${r.candidateGroups}`).sort();
  /** polls Tasklist until the project's notifications satisfy `done` */
  const pollUntil = (done: (l: NotificationRow[]) => boolean) =>
    until(
      async () => {
        await watcher.poll();
        return rows();
      },
      done,
      // Tasklist imports what the broker exported; after the session tests' bursts it may lag
      150_000,
    );

  beforeAll(async () => {
    ds = await openDataSource();
    camunda = testCamunda();
    await deployTestProcess(camunda);
    code = uniqueProjectCode();
    await startReview(camunda, code, 86_400_000);
    watcher = new TaskWatcher({
      tasks: createTaskSource(testConfig()),
      notifier: createNotifier({ dataSource: ds, log: quietLog() }),
      log: quietLog(),
      intervalMs: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  it('given a new instance with two group tasks, when the watcher polls, then one task-created row each, and polling again adds none', async () => {
    const created = await pollUntil((l) => l.length >= 2);
    expect(kinds(created)).toEqual(['task-created cac', 'task-created eib']);
    expect(created[0]!.dueAt).toBeInstanceOf(Date);
    await watcher.poll();
    // a fresh watcher (a restarted workers process) writes nothing twice either
    await new TaskWatcher({
      tasks: createTaskSource(testConfig()),
      notifier: createNotifier({ dataSource: ds, log: quietLog() }),
      log: quietLog(),
      intervalMs: 0,
    }).poll();
    expect(await rows()).toHaveLength(2);
  }, 180_000);

  it('given the CAC task claimed by an officer, when the watcher polls, then one task-assigned row naming them', async () => {
    const tasks = createTaskAccess(testConfig());
    const cac = (await tasks.listForProject(code, cacOfficer)).find((t) => t.elementId === CAC_TASK)!;
    await tasks.claim(cac.id, cacOfficer);
    const after = await pollUntil((l) => l.some((r) => r.kind === 'task-assigned'));
    const assigned = after.filter((r) => r.kind === 'task-assigned');
    expect(assigned).toEqual([expect.objectContaining({ taskId: cac.id, assignee: cacOfficer.username })]);
  }, 180_000);

  it('given the broker clock moved past the due date, when the watcher polls, then both open tasks are overdue, once', async () => {
    const before = await rows();
    expect(before.some((r) => r.kind === 'task-overdue')).toBe(false);
    await camunda.clock.add(2 * 86_400_000);
    const after = await pollUntil((l) => l.filter((r) => r.kind === 'task-overdue').length === 2);
    expect(kinds(after.filter((r) => r.kind === 'task-overdue'))).toEqual([
      'task-overdue cac',
      'task-overdue eib',
    ]);
    await watcher.poll();
    expect(await rows()).toHaveLength(after.length);
  }, 180_000);

  it('given the rows, when a CAC officer reads notifications over HTTP, then only those of CAC tasks', async () => {
    const app = testApp(ds);
    const cacAuth = await signedIn(ds, 'notify-cac-officer', [Role.AgencyOfficer], { agencyCode: 'cac' });
    const adminAuth = await signedIn(ds, 'notify-admin', [Role.Administrator]);
    const mine = await request(app)
      .get(`/api/notifications?projectCode=${code}`)
      .set('authorization', cacAuth);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBe(3); // created, assigned, overdue
    for (const n of mine.body.items) expect(n.candidateGroups).toEqual(['cac']);
    const all = await request(app)
      .get(`/api/notifications?projectCode=${code}`)
      .set('authorization', adminAuth);
    expect(all.body.items.length).toBe(5);
    const bad = await request(app).get('/api/notifications?kind=task-exploded').set('authorization', cacAuth);
    expect(bad.status).toBe(400);
  });
});
