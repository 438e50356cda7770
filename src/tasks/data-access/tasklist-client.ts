/**
 * Tasklist 8.6's REST API (`/v1/tasks/…`), called with the API's service-account token. Answers
 * are Tasklist's own shapes; the domain maps them. An unreachable or failing Tasklist is a 503
 * that says what to check.
 */
import { AppError } from '../../shared/errors';
import type { TokenSource } from './token';

/** Tasklist's TaskSearchResponse / TaskResponse, the fields the API reads. */
export interface TasklistTask {
  id: string;
  name: string;
  taskDefinitionId: string;
  processName?: string;
  creationDate: string;
  completionDate: string | null;
  assignee: string | null;
  taskState: 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
  processDefinitionKey: string;
  processInstanceKey: string;
  dueDate: string | null;
  candidateGroups: string[] | null;
  candidateUsers: string[] | null;
  priority?: number | null;
  sortValues?: string[];
  variables?: { name: string; value: string }[];
}

export interface TaskSearch {
  state?: 'CREATED' | 'COMPLETED' | 'CANCELED';
  taskDefinitionId?: string;
  processInstanceKey?: string;
  /** exact match of a process variable's value (JSON-encoded by the client) */
  variable?: { name: string; value: unknown };
  /** variables returned with each task */
  includeVariables?: string[];
}

export interface TasklistSettings {
  tasklistUrl: string;
  timeoutMs: number;
}

const PAGE_SIZE = 200;

export class TasklistClient {
  constructor(
    private readonly settings: TasklistSettings,
    private readonly tokens: TokenSource,
  ) {}

  /** Every task matching `q` (all pages), oldest first. */
  async search(q: TaskSearch): Promise<TasklistTask[]> {
    const out: TasklistTask[] = [];
    let after: string[] | undefined;
    for (;;) {
      const page = (await this.call('POST', '/v1/tasks/search', {
        state: q.state,
        taskDefinitionId: q.taskDefinitionId,
        processInstanceKey: q.processInstanceKey,
        taskVariables: q.variable
          ? [{ name: q.variable.name, value: JSON.stringify(q.variable.value), operator: 'eq' }]
          : undefined,
        includeVariables: q.includeVariables?.map((name) => ({ name, alwaysReturnFullValue: true })),
        pageSize: PAGE_SIZE,
        sort: [{ field: 'creationTime', order: 'ASC' }],
        searchAfter: after,
      })) as TasklistTask[];
      out.push(...page);
      if (page.length < PAGE_SIZE) return out;
      after = page[page.length - 1]!.sortValues;
    }
  }

  /** The task, or undefined when Tasklist does not know it. */
  async get(id: string): Promise<TasklistTask | undefined> {
    return (await this.call('GET', `/v1/tasks/${encodeURIComponent(id)}`)) as TasklistTask | undefined;
  }

  /** Values of the named variables in the task's scope, JSON-decoded. */
  async variables(id: string, names: string[]): Promise<Record<string, unknown>> {
    const found = ((await this.call('POST', `/v1/tasks/${encodeURIComponent(id)}/variables/search`, {
      includeVariables: names.map((name) => ({ name, alwaysReturnFullValue: true })),
    })) ?? []) as { name: string; value: string }[];
    return Object.fromEntries(found.map((v) => [v.name, decode(v.value)]));
  }

  /**
   * The process definition's BPMN process id and XML, from Tasklist's own endpoint for its UI
   * (`/v1/internal/processes/{key}`: Tasklist 8.6 has no public one; it imports definitions before
   * their tasks); undefined when Tasklist does not know it.
   */
  async processDefinition(key: string): Promise<{ bpmnProcessId: string; xml: string } | undefined> {
    const def = (await this.call('GET', `/v1/internal/processes/${encodeURIComponent(key)}`)) as
      { bpmnProcessId: string; bpmnXml: string | null } | undefined;
    return def && { bpmnProcessId: def.bpmnProcessId, xml: def.bpmnXml ?? '' };
  }

  private async call(method: string, path: string, body?: unknown, retried = false): Promise<unknown> {
    const base = this.settings.tasklistUrl;
    const token = await this.tokens.token();
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (e) {
      throw new AppError('unavailable', `Tasklist did not answer at ${base}: is it running?`, { cause: e });
    }
    if (res.status === 401 && !retried) {
      // an expired or revoked token: once more with a new one
      this.tokens.invalidate();
      return this.call(method, path, body, true);
    }
    if (res.status === 404) return undefined;
    const text = await res.text();
    if (!res.ok) {
      // reads only: a refusal is the service account's (permissions) or this client's fault, not the user's
      const hint =
        res.status === 401 || res.status === 403 ? ": check TASKS_CLIENT_ID's roles in the realm" : '';
      throw new AppError(
        'unavailable',
        `Tasklist ${method} ${path} answered HTTP ${res.status}: ${messageOf(text)}${hint}`,
      );
    }
    const type = res.headers.get('content-type') ?? '';
    return type.includes('json') && text ? JSON.parse(text) : text;
  }
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: string };
    return body.message ?? text.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
