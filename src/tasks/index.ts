/**
 * The tasks component: Camunda user tasks through Tasklist's API, filtered by the user's groups
 * (Tasklist does not filter the service account's calls). Public surface.
 */
import { brokerClock } from '../shared/camunda';
import { camundaAddresses, tasklistAddresses, type Config } from '../shared/config';
import { TasklistClient } from './data-access/tasklist-client';
import { TokenSource } from './data-access/token';
import { UserTaskCommands } from './data-access/user-task-commands';
import { TaskSource, taskAccess } from './domain/task-access';
import type { TaskAccess } from './domain/types';

export type { TaskAccess, TaskFilter, TaskState, TaskView } from './domain/types';
export { groupsOf, isOverdue, mayComplete, maySee, seesAllTasks } from './domain/visibility';
export { ruleOfElement } from './domain/element-rule';
export { PROJECT_CODE_VARIABLE, TaskSource } from './domain/task-access';
export { TasklistClient, type TasklistTask } from './data-access/tasklist-client';
export { UserTaskCommands } from './data-access/user-task-commands';
export { TokenSource } from './data-access/token';
export { PROTECTED_VARIABLES } from './domain/schemas';
export { tasksRouter, projectTasksRouter } from './api';

export interface TaskDeps {
  /** the broker's current time; default: its controlled clock when CAMUNDA_CLOCK_CONTROLLED, else the system's */
  now?: () => Promise<Date>;
  tasklist?: TasklistClient;
  commands?: UserTaskCommands;
}

/** Tasklist's client on the API's service account, from the settings. */
export function createTasklistClient(config: Config): TasklistClient {
  const urls = tasklistAddresses(config);
  const tokens = new TokenSource({
    tokenUrl: urls.token,
    clientId: config.TASKS_CLIENT_ID,
    clientSecret: config.TASKS_CLIENT_SECRET,
    timeoutMs: config.TASKLIST_TIMEOUT_MS,
  });
  return new TasklistClient({ tasklistUrl: urls.tasklist, timeoutMs: config.TASKLIST_TIMEOUT_MS }, tokens);
}

/** "Now" for overdue: the broker's controlled clock in tests, so that moving it makes tasks overdue. */
export function brokerNow(config: Config): () => Promise<Date> {
  if (!config.CAMUNDA_CLOCK_CONTROLLED) return () => Promise.resolve(new Date());
  const clock = brokerClock(camundaAddresses(config).management);
  return async () => new Date(await clock.now());
}

export function createTaskSource(config: Config, deps: TaskDeps = {}): TaskSource {
  return new TaskSource({
    tasklist: deps.tasklist ?? createTasklistClient(config),
    now: deps.now ?? brokerNow(config),
  });
}

export function createTaskAccess(config: Config, deps: TaskDeps = {}): TaskAccess {
  const tasklist = deps.tasklist ?? createTasklistClient(config);
  const commands =
    deps.commands ??
    new UserTaskCommands({
      restAddress: camundaAddresses(config).rest,
      timeoutMs: config.TASKLIST_TIMEOUT_MS,
    });
  return taskAccess(createTaskSource(config, { ...deps, tasklist }), commands);
}
