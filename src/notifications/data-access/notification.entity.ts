import { EntitySchema } from 'typeorm';

export const NOTIFICATION_KINDS = [
  'task-created',
  'task-assigned',
  'task-overdue',
  'project-decision',
  'deadline-escalated',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One notification about a user task, or about a decision on a project its department must hear
 * of (`project-decision`: taskId is then the lifecycle step that decided), or a missed deadline
 * escalated to the responsible group (`deadline-escalated`: taskId names the breach); (kind, taskId)
 * is unique.
 */
export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  taskId: string;
  taskName: string;
  projectCode: string | null;
  /** the task's candidate groups, comma-separated */
  candidateGroups: string;
  assignee: string | null;
  dueAt: Date | null;
  createdAt: Date;
}

export const NotificationEntity = new EntitySchema<NotificationRow>({
  name: 'Notification',
  tableName: 'notification',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 32 },
    taskId: { type: 'varchar', length: 32, name: 'task_id' },
    taskName: { type: 'varchar', length: 200, name: 'task_name' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code', nullable: true },
    candidateGroups: { type: 'varchar', length: 500, name: 'candidate_groups' },
    assignee: { type: 'varchar', length: 64, nullable: true },
    dueAt: { type: 'datetime', precision: 3, name: 'due_at', nullable: true },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
  uniques: [{ name: 'ux_notification_kind_task', columns: ['kind', 'taskId'] }],
});
