/**
 * Which tasks a user may see and complete. Tasklist's API does not filter by group for the
 * service account's bearer token, so the API does it here.
 *
 * - A user's groups are the Keycloak groups: their agency code, their department code, and
 *   `administrators` / `process-owners` by role.
 * - A user sees a task when one of its candidate groups is one of theirs, or it names them
 *   (assignee or candidate user). Administrators and process owners see every task, read-only:
 *   they monitor; acting in another group's name would bypass the group's own officers.
 * - A user completes (or claims) a task only through a candidate group or as a named candidate.
 */
import { Role, type AuthUser } from '../../users';

export const ADMINISTRATORS_GROUP = 'administrators';
export const PROCESS_OWNERS_GROUP = 'process-owners';

export interface TaskAudience {
  candidateGroups: string[];
  candidateUsers?: string[];
  assignee: string | null;
}

export function groupsOf(user: AuthUser): string[] {
  const groups = [user.agencyCode, user.departmentCode].filter((g): g is string => !!g);
  if (user.roles.includes(Role.Administrator)) groups.push(ADMINISTRATORS_GROUP);
  if (user.roles.includes(Role.ProcessOwner)) groups.push(PROCESS_OWNERS_GROUP);
  return groups;
}

/** Whether the task is the user's to work on. */
export function mayComplete(task: TaskAudience, user: AuthUser): boolean {
  const groups = new Set(groupsOf(user));
  return (
    task.candidateGroups.some((g) => groups.has(g)) ||
    (task.candidateUsers ?? []).includes(user.username) ||
    task.assignee === user.username
  );
}

/** Whether the user sees every task (read-only monitoring). */
export function seesAllTasks(user: AuthUser): boolean {
  return user.roles.includes(Role.Administrator) || user.roles.includes(Role.ProcessOwner);
}

export function maySee(task: TaskAudience, user: AuthUser): boolean {
  return seesAllTasks(user) || mayComplete(task, user);
}

/** Open and due before `now` (the broker's clock). */
export function isOverdue(task: { state: string; dueDate: string | null }, now: Date): boolean {
  if (task.state !== 'CREATED' || !task.dueDate) return false;
  const due = Date.parse(task.dueDate);
  return Number.isFinite(due) && due < now.getTime();
}
