/**
 * Reading notifications: administrators and process owners read all; everyone else those of
 * their groups' tasks and of tasks assigned to them.
 */
import type { DataSource } from 'typeorm';
import { groupsOf, seesAllTasks } from '../../tasks';
import type { AuthUser } from '../../users';
import {
  NotificationEntity,
  type NotificationKind,
  type NotificationRow,
} from '../data-access/notification.entity';

export interface NotificationQuery {
  projectCode?: string;
  kind?: NotificationKind;
  taskId?: string;
  limit: number;
}

export interface NotificationView extends Omit<NotificationRow, 'candidateGroups'> {
  candidateGroups: string[];
}

export async function listNotifications(
  ds: DataSource,
  user: AuthUser,
  q: NotificationQuery,
): Promise<NotificationView[]> {
  const qb = ds.getRepository(NotificationEntity).createQueryBuilder('n');
  if (q.projectCode) qb.andWhere('n.project_code = :projectCode', { projectCode: q.projectCode });
  if (q.kind) qb.andWhere('n.kind = :kind', { kind: q.kind });
  if (q.taskId) qb.andWhere('n.task_id = :taskId', { taskId: q.taskId });
  if (!seesAllTasks(user)) {
    const groups = groupsOf(user);
    const conditions = ['n.assignee = :username'];
    // candidate_groups is a short comma-separated list: FIND_IN_SET matches whole codes only
    groups.forEach((_, i) => conditions.push(`FIND_IN_SET(:g${i}, n.candidate_groups) > 0`));
    qb.andWhere(
      `(${conditions.join(' OR ')})`,
      Object.fromEntries([['username', user.username], ...groups.map((g, i) => [`g${i}`, g])]),
    );
  }
  const rows = await qb.orderBy('n.id', 'DESC').limit(q.limit).getMany();
  return rows.map((r) => ({
    ...r,
    candidateGroups: r.candidateGroups ? r.candidateGroups.split(',') : [],
  }));
}
