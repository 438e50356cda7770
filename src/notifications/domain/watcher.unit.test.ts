import { quietLog } from '../../shared/testing';
import type { TaskView } from '../../tasks';
import type { NotificationEvent, Notifier } from './notifier';
import { TaskWatcher } from './watcher';

const task = (id: string, projectCode: string | null): TaskView =>
  ({
    id,
    name: '经信局预审',
    elementId: 'eib-pre-review',
    processInstanceKey: '1',
    processDefinitionId: 'p',
    projectCode,
    candidateGroups: ['eib'],
    assignee: null,
    state: 'CREATED',
    creationDate: '2026-12-01T00:00:00.000Z',
    completionDate: null,
    dueDate: null,
    priority: null,
    overdue: false,
    rule: null,
  }) as TaskView;

describe('TaskWatcher and tasks whose project Tasklist has not imported yet', () => {
  let open: TaskView[];
  let now: number;
  let recorded: NotificationEvent[];
  const watcher = () => {
    recorded = [];
    const notifier: Notifier = {
      notifyAll: async (events) => {
        recorded.push(...events);
        return events;
      },
      notify: async () => true,
    };
    return new TaskWatcher({
      tasks: { search: async () => open },
      notifier,
      log: quietLog(),
      intervalMs: 0,
      projectWaitMs: 60_000,
      clock: () => now,
    });
  };
  beforeEach(() => {
    now = 1_000_000;
  });

  it('given a new task without its project code, when it shows up a poll later, then it is announced once, with the code', async () => {
    const w = watcher();
    open = [task('t1', null)];
    expect(await w.poll()).toBe(0);
    now += 5_000;
    open = [task('t1', 'LS-2026-0001')];
    expect(await w.poll()).toBe(1);
    expect(await w.poll()).toBe(0);
    expect(recorded).toEqual([
      expect.objectContaining({ kind: 'task-created', projectCode: 'LS-2026-0001' }),
    ]);
  });

  it('given a task that never gets a project code, when the wait has passed, then it is announced without one', async () => {
    const w = watcher();
    open = [task('t2', null), task('t3', 'LS-2026-0002')];
    expect(await w.poll()).toBe(1); // the task with its project at once
    now += 59_999;
    expect(await w.poll()).toBe(0);
    now += 1;
    expect(await w.poll()).toBe(1);
    expect(recorded.map((e) => [e.taskId, e.projectCode])).toEqual([
      ['t3', 'LS-2026-0002'],
      ['t2', null],
    ]);
  });
});
