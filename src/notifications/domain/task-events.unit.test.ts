import { eventsOf, type WatchedTask } from './task-events';

const task = (over: Partial<WatchedTask>): WatchedTask => ({
  id: '1',
  name: '网信办安全审查',
  projectCode: 'LS-2026-0001',
  candidateGroups: ['cac'],
  assignee: null,
  dueDate: '2026-03-02T08:00:00.000Z',
  state: 'CREATED',
  overdue: false,
  ...over,
});
const kinds = (t: WatchedTask) => eventsOf(t).map((e) => e.kind);

describe('eventsOf', () => {
  it('given a new open task, then only task-created, carrying its project, groups and due date', () => {
    expect(eventsOf(task({}))).toEqual([
      {
        kind: 'task-created',
        taskId: '1',
        taskName: '网信办安全审查',
        projectCode: 'LS-2026-0001',
        candidateGroups: ['cac'],
        assignee: null,
        dueDate: '2026-03-02T08:00:00.000Z',
      },
    ]);
  });
  it('given an assigned overdue task, then created, assigned and overdue', () => {
    expect(kinds(task({ assignee: 'cac-officer', overdue: true }))).toEqual([
      'task-created',
      'task-assigned',
      'task-overdue',
    ]);
  });
  it('given a finished task, then nothing', () => {
    expect(kinds(task({ state: 'COMPLETED', overdue: true }))).toEqual([]);
  });
});
