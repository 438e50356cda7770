/** How the scenario runner finds the user tasks it completes through the tasks component. */
import type { AuthUser } from '../../../src/users';

/** An open task as the runner reads it from the tasks component. */
export interface ScenarioTask {
  id: string;
  elementId: string;
  projectCode: string | null;
  candidateGroups: string[];
  rule: string | null;
  state: string;
}

/** The part of the tasks component (src/tasks, TaskAccess) the runner uses. */
export interface ScenarioTasks {
  listForUser(user: AuthUser, filter?: { projectCode?: string; elementId?: string }): Promise<ScenarioTask[]>;
  complete(taskId: string, variables: Record<string, unknown>, user: AuthUser): Promise<unknown>;
}

/**
 * One task search per user and element for all copies of a parallel step, as one officer's inbox
 * lists every project's task at once: 100 searches by project code, even 8 at a time, took Tasklist
 * 8.6 over 30 s each while it imported 100 lifecycles. Copies asking while a search is under way,
 * or within `maxAgeMs` after its answer, share it; each picks its own project's task from it.
 */
export class SharedTaskSearch {
  private readonly searches = new Map<
    string,
    { answeredAt: number | null; tasks: Promise<ScenarioTask[]> }
  >();
  constructor(
    private readonly tasks: ScenarioTasks,
    private readonly maxAgeMs = 500,
  ) {}

  find(user: AuthUser, elementId: string): Promise<ScenarioTask[]> {
    const key = `${user.username}\u0000${elementId}`;
    const hit = this.searches.get(key);
    if (hit && (hit.answeredAt === null || Date.now() - hit.answeredAt < this.maxAgeMs)) return hit.tasks;
    const entry = {
      answeredAt: null as number | null,
      tasks: this.tasks.listForUser(user, { elementId }),
    };
    this.searches.set(key, entry);
    entry.tasks.then(
      () => {
        entry.answeredAt = Date.now();
      },
      () => {
        this.searches.delete(key); // a failed search is not shared: the next copy asks again
      },
    );
    return entry.tasks;
  }
}
