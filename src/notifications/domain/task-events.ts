/** Which notifications an open task calls for (pure: the watcher feeds it what Tasklist says). */
import type { NotificationEvent } from './notifier';

export interface WatchedTask {
  id: string;
  name: string;
  projectCode: string | null;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: string | null;
  state: string;
  overdue: boolean;
}

export function eventsOf(task: WatchedTask): NotificationEvent[] {
  if (task.state !== 'CREATED') return [];
  const base = {
    taskId: task.id,
    taskName: task.name,
    projectCode: task.projectCode,
    candidateGroups: task.candidateGroups,
    assignee: task.assignee,
    dueDate: task.dueDate,
  };
  return [
    { kind: 'task-created' as const, ...base },
    ...(task.assignee ? [{ kind: 'task-assigned' as const, ...base }] : []),
    ...(task.overdue ? [{ kind: 'task-overdue' as const, ...base }] : []),
  ];
}
