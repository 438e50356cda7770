/**
 * Camunda user tasks for integration tests, until the tasks component (Tasklist's API) lands: the
 * broker exports every record to OpenSearch, so a project's open user tasks are read from the
 * exported user-task records of the instances that carry its `projectCode` (the lifecycle and the
 * processes it calls), and completed through the broker's REST API.
 */
import { camundaAddresses, type Config } from '../config';
import { testConfig } from '.';

export interface OpenUserTask {
  userTaskKey: string;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  candidateGroups: string[];
  dueDate: string | null;
  priority: number | null;
  formKey: string | null;
}

interface Hit<V> {
  _source: { intent: string; key: number; position: number; value: V };
}

export function userTasks(c: Config = testConfig()) {
  const opensearch = `http://127.0.0.1:${c.OPENSEARCH_HTTP_PORT}`;
  const rest = camundaAddresses(c).rest;

  async function search<V>(index: string, query: object): Promise<Hit<V>['_source'][]> {
    const res = await fetch(`${opensearch}/zeebe-record_${index}_*/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: 1000, query, sort: [{ position: 'asc' }] }),
    });
    // before the first record of a kind the index does not exist yet: nothing exported
    // … and right after its creation its shard may not answer yet (503): the callers poll again
    if (res.status === 404 || res.status === 503) return [];
    if (!res.ok) throw new Error(`OpenSearch ${index} search: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { hits: { hits: Hit<V>[] } };
    return body.hits.hits.map((h) => h._source);
  }

  /** Process instances in which the variable projectCode holds `code`. */
  async function instancesOf(code: string): Promise<string[]> {
    const records = await search<{ name: string; value: string; processInstanceKey: number }>('variable', {
      bool: {
        filter: [
          // match_phrase: exact on a keyword field, a phrase on a text one; the exact test follows
          { match_phrase: { 'value.name': 'projectCode' } },
          { match_phrase: { 'value.value': JSON.stringify(code) } },
        ],
      },
    });
    return [
      ...new Set(
        records
          .filter((r) => r.value.name === 'projectCode' && r.value.value === JSON.stringify(code))
          .map((r) => String(r.value.processInstanceKey)),
      ),
    ];
  }

  type TaskRecord = {
    userTaskKey: number;
    elementId: string;
    bpmnProcessId: string;
    processInstanceKey: number;
    candidateGroupsList?: string[];
    dueDate?: string;
    priority?: number;
    formKey?: number;
  };

  /** The open user tasks of a project (all its instances), oldest first. */
  async function openTasks(code: string): Promise<OpenUserTask[]> {
    return tasksOfInstances(await instancesOf(code));
  }

  /** The open user tasks of one process instance. */
  const tasksOfInstance = (processInstanceKey: string) => tasksOfInstances([processInstanceKey]);

  /** The last value of a variable in a process instance (undefined: not set, or not exported yet). */
  async function variableOf(processInstanceKey: string, name: string): Promise<unknown> {
    const records = await search<{ name: string; value: string }>('variable', {
      bool: {
        filter: [
          { match_phrase: { 'value.name': name } },
          { term: { 'value.processInstanceKey': processInstanceKey } },
        ],
      },
    });
    const last = records.filter((r) => r.value.name === name).at(-1);
    return last ? (JSON.parse(last.value.value) as unknown) : undefined;
  }

  /** Polls until a variable of the instance is exported (Operate's importer and the exporter lag), else throws. */
  async function variableWhenSet(processInstanceKey: string, name: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await variableOf(processInstanceKey, name);
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`variable ${name} of ${processInstanceKey} not set within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function tasksOfInstances(instances: string[]): Promise<OpenUserTask[]> {
    if (instances.length === 0) return [];
    const records = await search<TaskRecord>('user-task', {
      bool: { filter: [{ terms: { 'value.processInstanceKey': instances } }] },
    });
    const byKey = new Map<string, { created?: TaskRecord; ended: boolean }>();
    for (const r of records) {
      const key = String(r.value.userTaskKey);
      const entry = byKey.get(key) ?? { ended: false };
      if (r.intent === 'CREATED') entry.created = r.value;
      if (r.intent === 'COMPLETED' || r.intent === 'CANCELED') entry.ended = true;
      byKey.set(key, entry);
    }
    return [...byKey.entries()]
      .filter(([, e]) => e.created && !e.ended)
      .map(([key, e]) => ({
        userTaskKey: key,
        elementId: e.created!.elementId,
        bpmnProcessId: e.created!.bpmnProcessId,
        processInstanceKey: String(e.created!.processInstanceKey),
        candidateGroups: e.created!.candidateGroupsList ?? [],
        dueDate: e.created!.dueDate || null,
        priority: e.created!.priority ?? null,
        formKey: e.created!.formKey ? String(e.created!.formKey) : null,
      }));
  }

  /**
   * Incidents raised in the project's instances (a failed job without retries), their messages, and
   * the keys to resolve one (the incident's and its job's).
   */
  async function incidents(
    code: string,
  ): Promise<{ key: string; jobKey: string; elementId: string; errorMessage: string }[]> {
    const instances = await instancesOf(code);
    if (instances.length === 0) return [];
    const records = await search<{ elementId: string; errorMessage: string; jobKey: number }>('incident', {
      bool: {
        filter: [{ terms: { 'value.processInstanceKey': instances } }, { term: { intent: 'CREATED' } }],
      },
    });
    return records.map((r) => ({
      key: String(r.key),
      jobKey: String(r.value.jobKey),
      elementId: r.value.elementId,
      errorMessage: r.value.errorMessage,
    }));
  }

  /** Polls until the project has an open task of `elementId` (and `count` of them), else throws. */
  async function waitFor(code: string, elementId: string, count = 1, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const tasks = (await openTasks(code)).filter((t) => t.elementId === elementId);
      if (tasks.length >= count) return tasks;
      if (Date.now() > deadline)
        throw new Error(`no ${count} open task(s) ${elementId} for ${code} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /**
   * Once a process instance has ended (polls, else throws): the ids of the elements it completed, in
   * order — the end event it ended at among them, and no element it never ran.
   */
  async function completedElements(processInstanceKey: string, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const records = await search<{ elementId: string; bpmnElementType: string }>('process-instance', {
        bool: {
          filter: [
            { term: { 'value.processInstanceKey': processInstanceKey } },
            { term: { intent: 'ELEMENT_COMPLETED' } },
          ],
        },
      });
      if (records.some((r) => String(r.key) === processInstanceKey && r.value.bpmnElementType === 'PROCESS'))
        return records.map((r) => r.value.elementId);
      if (Date.now() > deadline)
        throw new Error(`process instance ${processInstanceKey} did not end within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function complete(userTaskKey: string, variables: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${rest}/v2/user-tasks/${userTaskKey}/completion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables }),
    });
    if (res.status !== 204)
      throw new Error(`completing user task ${userTaskKey}: ${res.status} ${await res.text()}`);
  }

  return {
    openTasks,
    tasksOfInstance,
    variableOf,
    variableWhenSet,
    incidents,
    waitFor,
    complete,
    instancesOf,
    completedElements,
  };
}
