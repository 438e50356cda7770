/** The tasks component's public types (the shared contract of issue 10's helpers). */
import type { AuthUser } from '../../users';

export type TaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

/** A Camunda user task as the API shows it: Tasklist's fields plus the project and the rule. */
export interface TaskView {
  id: string;
  name: string;
  /** the BPMN element id (Tasklist's taskDefinitionId) */
  elementId: string;
  processInstanceKey: string;
  /** the BPMN process id of the task's process definition */
  processDefinitionId: string;
  /** the process instance's `projectCode` variable */
  projectCode: string | null;
  candidateGroups: string[];
  assignee: string | null;
  state: TaskState;
  creationDate: string;
  completionDate: string | null;
  dueDate: string | null;
  priority: number | null;
  /** open and past its due date by the broker's clock */
  overdue: boolean;
  /** the `rule` zeebe:property of the element (a rule id of docs/rules), from the deployed BPMN */
  rule: string | null;
}

export interface TaskFilter {
  projectCode?: string;
  elementId?: string;
}

export interface TaskAccess {
  /** open (and optionally finished) tasks of one project that `user` may see */
  listForProject(
    projectCode: string,
    user: AuthUser,
    opts?: { includeFinished?: boolean },
  ): Promise<TaskView[]>;
  /** open tasks of the user's groups (candidate groups ∩ user's groups), optional filters */
  listForUser(user: AuthUser, filter?: TaskFilter): Promise<TaskView[]>;
  /** assigns to `user` if needed and completes; 403-type AppError if not in a candidate group */
  complete(taskId: string, variables: Record<string, unknown>, user: AuthUser): Promise<TaskView>;
  /** one task the user may see; 404 when unknown, 403 when another group's */
  get(taskId: string, user: AuthUser): Promise<TaskView>;
  /** assigns an open task of the user's groups to the user (claim); 409 when someone else has it */
  claim(taskId: string, user: AuthUser): Promise<TaskView>;
}
