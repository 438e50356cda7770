/**
 * The tasks component: a user's view of Tasklist's tasks, on the API's service account. Every
 * answer is filtered by the user's groups (see visibility.ts); each task carries its project
 * (the instance's `projectCode` variable), its overdue state by the broker's clock and the rule its
 * BPMN element names.
 */
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import type { TaskSearch, TasklistClient, TasklistTask } from '../data-access/tasklist-client';
import type { UserTaskCommands } from '../data-access/user-task-commands';
import { ruleOfElement } from './element-rule';
import type { TaskAccess, TaskFilter, TaskState, TaskView } from './types';
import { isOverdue, mayComplete, maySee } from './visibility';

/** The process variable naming a task's project. */
export const PROJECT_CODE_VARIABLE = 'projectCode';

export interface TaskSourceDeps {
  tasklist: TasklistClient;
  /** the broker's current time (its controlled clock in tests) */
  now: () => Promise<Date>;
}

const stateOf = (t: TasklistTask): TaskState => (t.taskState === 'FAILED' ? 'CREATED' : t.taskState);

/** Reads tasks from Tasklist and completes them with what Tasklist alone does not know. */
export class TaskSource {
  /** process definition key → BPMN process id and the rule of each element (definitions never change) */
  private readonly definitions = new Map<
    string,
    { processId: string; xml: string; rules: Map<string, string | null> }
  >();

  constructor(private readonly deps: TaskSourceDeps) {}

  now(): Promise<Date> {
    return this.deps.now();
  }

  async search(q: TaskSearch, projectCode?: string): Promise<TaskView[]> {
    const tasks = await this.deps.tasklist.search({
      ...q,
      variable: projectCode === undefined ? q.variable : { name: PROJECT_CODE_VARIABLE, value: projectCode },
      includeVariables: [PROJECT_CODE_VARIABLE],
    });
    const now = await this.deps.now();
    return Promise.all(tasks.map((t) => this.view(t, now, projectCode)));
  }

  /** The raw task and its view; 404 when Tasklist does not know it. */
  async get(id: string): Promise<{ raw: TasklistTask; view: TaskView }> {
    const raw = await this.deps.tasklist.get(id);
    if (!raw) throw new AppError('not-found', `任务 ${id} 不存在 / no task ${id}`);
    return { raw, view: await this.view(raw, await this.deps.now()) };
  }

  async view(t: TasklistTask, now: Date, projectCode?: string | null): Promise<TaskView> {
    const definition = await this.definition(t.processDefinitionKey);
    let code = projectCode;
    if (code === undefined) {
      const listed = t.variables?.find((v) => v.name === PROJECT_CODE_VARIABLE);
      const value = listed
        ? decode(listed.value)
        : (await this.deps.tasklist.variables(t.id, [PROJECT_CODE_VARIABLE]))[PROJECT_CODE_VARIABLE];
      code = typeof value === 'string' ? value : null;
    }
    let rule = definition.rules.get(t.taskDefinitionId);
    if (rule === undefined) {
      rule = ruleOfElement(definition.xml, t.taskDefinitionId);
      definition.rules.set(t.taskDefinitionId, rule);
    }
    const state = stateOf(t);
    return {
      id: t.id,
      name: t.name,
      elementId: t.taskDefinitionId,
      processInstanceKey: t.processInstanceKey,
      processDefinitionId: definition.processId,
      projectCode: code,
      candidateGroups: t.candidateGroups ?? [],
      assignee: t.assignee ?? null,
      state,
      creationDate: t.creationDate,
      completionDate: t.completionDate ?? null,
      dueDate: t.dueDate ?? null,
      priority: t.priority ?? null,
      overdue: isOverdue({ state, dueDate: t.dueDate ?? null }, now),
      rule,
    };
  }

  private async definition(key: string) {
    const hit = this.definitions.get(key);
    if (hit) return hit;
    const found = await this.deps.tasklist.processDefinition(key);
    if (!found) {
      // not imported yet (Tasklist imports definitions before their tasks): asked again next time
      throw new AppError(
        'unavailable',
        `Tasklist does not know process definition ${key} yet: try again in a few seconds`,
      );
    }
    const entry = { processId: found.bpmnProcessId, xml: found.xml, rules: new Map<string, string | null>() };
    this.definitions.set(key, entry);
    return entry;
  }
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const forbidden = (t: TaskView) =>
  new AppError(
    'forbidden',
    `任务“${t.name}”只能由候选组（${t.candidateGroups.join('、') || '无'}）的人员办理 / only members of the task's candidate groups (${t.candidateGroups.join(', ') || 'none'}) may work on it`,
  );

const finished = (t: TaskView) =>
  new AppError(
    'conflict',
    t.state === 'COMPLETED'
      ? `任务“${t.name}”已于 ${t.completionDate ?? ''} 办结 / the task was already completed`
      : `任务“${t.name}”已取消 / the task was canceled (its process moved on without it)`,
  );

const claimedByOther = (t: TaskView) =>
  new AppError('conflict', `任务“${t.name}”已由 ${t.assignee} 认领 / the task is assigned to ${t.assignee}`);

export function taskAccess(source: TaskSource, commands: UserTaskCommands): TaskAccess {
  /** the task's state when the engine refused a command that Tasklist's (imported) copy allowed */
  const gone = (t: TaskView) =>
    new AppError(
      'conflict',
      `任务“${t.name}”已不在办理中（已办结或已取消）/ the task is no longer open: already completed or canceled`,
    );

  const workable = async (taskId: string, user: AuthUser): Promise<TaskView> => {
    const { view } = await source.get(taskId);
    if (!mayComplete(view, user)) throw forbidden(view);
    if (view.state !== 'CREATED') throw finished(view);
    if (view.assignee && view.assignee !== user.username) throw claimedByOther(view);
    return view;
  };

  /** assigns the task to the user unless it is theirs already; someone else's claim in between is a conflict */
  const assignToUser = async (view: TaskView, user: AuthUser): Promise<void> => {
    if (view.assignee === user.username) return;
    const result = await commands.assign(view.id, user.username, false);
    if (result === 'not-found') throw gone(view);
    if (result === 'invalid-state') throw claimedByOther({ ...view, assignee: 'another user' });
  };

  return {
    async listForProject(projectCode, user, opts) {
      const tasks = await source.search(
        { state: opts?.includeFinished ? undefined : 'CREATED' },
        projectCode,
      );
      return tasks.filter((t) => maySee(t, user));
    },

    async listForUser(user, filter?: TaskFilter) {
      const tasks = await source.search(
        { state: 'CREATED', taskDefinitionId: filter?.elementId },
        filter?.projectCode,
      );
      return tasks.filter((t) => mayComplete(t, user));
    },

    async get(taskId, user) {
      const { view } = await source.get(taskId);
      if (!maySee(view, user)) throw forbidden(view);
      return view;
    },

    async claim(taskId, user) {
      const view = await workable(taskId, user);
      await assignToUser(view, user);
      // Tasklist shows the assignment after its next import: the answer says what the engine did
      return { ...view, assignee: user.username };
    },

    async complete(taskId, variables, user) {
      const view = await workable(taskId, user);
      await assignToUser(view, user);
      // Tasklist keeps only a finished task's own variables: the project code (unchanged) goes with
      // them, so that the project's finished tasks can still be found by it
      const withProject = view.projectCode
        ? { ...variables, [PROJECT_CODE_VARIABLE]: view.projectCode }
        : variables;
      const result = await commands.complete(taskId, withProject);
      if (result !== 'done') throw gone(view);
      return {
        ...view,
        assignee: user.username,
        state: 'COMPLETED',
        completionDate: (await source.now()).toISOString(),
        overdue: false,
      };
    },
  };
}
