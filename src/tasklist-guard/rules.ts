/**
 * Which Tasklist requests the guard checks. Tasklist 8.6 hides a task from a person outside its
 * candidate groups in its list and on `GET /v1/tasks/{id}` (403), but lets anyone signed in assign,
 * unassign, complete it, or read and save its variables by its id (seen in
 * scripts/lib/services/webapps.e2e.test.ts before the guard). These calls pass only when Tasklist
 * itself shows that person the task.
 */

/** Task actions and reads by id: method and path suffix after `/v1/tasks/{id}`. */
const BY_TASK: readonly [method: string, suffix: string][] = [
  ['PATCH', '/assign'],
  ['PATCH', '/unassign'],
  ['PATCH', '/complete'],
  ['POST', '/variables'],
  ['POST', '/variables/search'],
  ['DELETE', '/variables'],
];

const TASK_PATH = /^\/v1\/tasks\/([0-9]+)(\/.*)?$/;

/** The task id a request acts on, when it is one the guard must check first. */
export function guardedTaskId(method: string | undefined, pathname: string): string | undefined {
  const m = TASK_PATH.exec(pathname);
  if (!m) return undefined;
  const suffix = (m[2] ?? '').replace(/\/$/, '');
  return BY_TASK.some(([verb, s]) => verb === (method ?? 'GET').toUpperCase() && s === suffix)
    ? m[1]
    : undefined;
}

/**
 * Paths the officers' web app does not use and that would bypass the check: Tasklist 8.6's GraphQL
 * API offers the same task mutations.
 */
export function isClosedPath(pathname: string): boolean {
  return /^\/graphql(\/|$)/i.test(pathname);
}
