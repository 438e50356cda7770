/**
 * Helpers for the session processes' integration tests: projects placed in the registry at a
 * stage, a stand-in lifecycle that waits for the session's answer and hands its variables to the
 * test, Camunda user tasks found through the records the broker exports to OpenSearch, and a
 * clock probe that proves the broker has processed the timers due up to an instant.
 */
import type { DataSource } from 'typeorm';
import { deployResources } from '../../shared/camunda';
import { loadConfig } from '../../shared/config';
import type { testCamunda } from '../../shared/testing';

type Camunda = ReturnType<typeof testCamunda>;

/** Inserts a project as the lifecycle would have left it, submitted at `submittedAt`. */
export async function placeProject(
  ds: DataSource,
  p: { code: string; stage: string; submittedAt: Date; planYear?: number; budgetEstimate?: string },
): Promise<void> {
  await ds.query(
    `INSERT INTO project (code, title, department_code, budget_estimate, category, urgent, county,
       in_development_plan, requests_machine_room, cross_department, single_scope, simple_technology,
       stage, status, plan_year, submitted_by, created_at, updated_at)
     VALUES (?, ?, 'psb', ?, 'application-system', 0, 0, 1, 0, 0, 1, 1, ?, 'in-process', ?, 'it-sessions', ?, ?)`,
    [
      p.code,
      `会议测试项目 ${p.code}`,
      p.budgetEstimate ?? '1200000.00',
      p.stage,
      p.planYear ?? null,
      p.submittedAt,
      p.submittedAt,
    ],
  );
}

export const STAND_IN = 'test-lifecycle-stand-in';
export const STAND_IN_RECEIVED = 'test.session-answer-received';

/**
 * A stand-in for project-lifecycle (owned elsewhere): waits for `message` on its project code, then
 * offers a job of type test.session-answer-received whose variables the test reads.
 */
export async function deployStandIn(camunda: Camunda): Promise<void> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="stand-in-definitions" targetNamespace="http://egov-approvals/test">
  <bpmn:message id="m-pre" name="pre-review-decided"><bpmn:extensionElements><zeebe:subscription correlationKey="=projectCode" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="m-plan" name="annual-plan-decided"><bpmn:extensionElements><zeebe:subscription correlationKey="=projectCode" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${STAND_IN}" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="g" default="f3"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:receiveTask id="await-pre-review" messageRef="m-pre"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:receiveTask>
    <bpmn:receiveTask id="await-annual-plan" messageRef="m-plan"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:receiveTask>
    <bpmn:serviceTask id="received" name="received"><bpmn:extensionElements><zeebe:taskDefinition type="${STAND_IN_RECEIVED}" /></bpmn:extensionElements><bpmn:incoming>f4</bpmn:incoming><bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g" />
    <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="await-pre-review"><bpmn:conditionExpression>=waitFor = "pre-review"</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="await-annual-plan" />
    <bpmn:sequenceFlow id="f4" sourceRef="await-pre-review" targetRef="received" />
    <bpmn:sequenceFlow id="f5" sourceRef="await-annual-plan" targetRef="received" />
    <bpmn:sequenceFlow id="f6" sourceRef="received" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
  await deployResources(camunda.zeebe, [{ name: 'test-lifecycle-stand-in.bpmn', content: xml }]);
}

export async function startStandIn(
  camunda: Camunda,
  projectCode: string,
  waitFor: 'pre-review' | 'annual-plan',
) {
  return camunda.zeebe.createProcessInstance({
    bpmnProcessId: STAND_IN,
    variables: { projectCode, waitFor },
  });
}

/** The answers the stand-ins have received, by project code (their jobs are completed once read). */
export async function receivedAnswers(camunda: Camunda, codes: string[], timeoutMs = 60_000) {
  const found = new Map<string, Record<string, unknown>>();
  const deadline = Date.now() + timeoutMs;
  while (found.size < codes.length && Date.now() < deadline) {
    const jobs = await camunda.zeebe.activateJobs({
      type: STAND_IN_RECEIVED,
      worker: 'sessions-test',
      maxJobsToActivate: 50,
      timeout: 60_000,
      requestTimeout: 2_000,
    });
    for (const j of jobs) {
      const v = j.variables as Record<string, unknown>;
      if (codes.includes(String(v.projectCode))) {
        found.set(String(v.projectCode), v);
        await camunda.zeebe.completeJob({ jobKey: j.key, variables: {} });
      }
    }
  }
  return found;
}

/** Proves the broker has fired the timers due up to `at`: a probe instance whose timer falls then. */
export async function clockProbe(camunda: Camunda, at: Date) {
  const id = `test-clock-probe`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="probe-definitions" targetNamespace="http://egov-approvals/test">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="t"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time(probeAt)</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="fired"><bpmn:extensionElements><zeebe:taskDefinition type="test.clock-probe" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="fired" /><bpmn:sequenceFlow id="f3" sourceRef="fired" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
  await deployResources(camunda.zeebe, [{ name: 'test-clock-probe.bpmn', content: xml }]);
  const probeId = `${at.toISOString()}-${Math.random()}`;
  await camunda.zeebe.createProcessInstance({
    bpmnProcessId: id,
    variables: { probeAt: at.toISOString(), probeId },
  });
  return {
    /** resolves true once the probe's timer has fired (false after the timeout) */
    async fired(timeoutMs = 30_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const jobs = await camunda.zeebe.activateJobs({
          type: 'test.clock-probe',
          worker: 'sessions-test',
          maxJobsToActivate: 50,
          timeout: 60_000,
          requestTimeout: 2_000,
        });
        let mine = false;
        for (const j of jobs) {
          await camunda.zeebe.completeJob({ jobKey: j.key, variables: {} });
          if ((j.variables as { probeId?: string }).probeId === probeId) mine = true;
        }
        if (mine) return true;
      }
      return false;
    },
  };
}

export interface OpenUserTask {
  userTaskKey: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  candidateGroups: string[];
  dueDate: string | null;
  projectCode: string | null;
}

const opensearch = () => `http://127.0.0.1:${loadConfig().OPENSEARCH_HTTP_PORT}`;

async function search(
  index: string,
  query: object,
  size = 500,
): Promise<{ _source: Record<string, unknown> }[]> {
  const res = await fetch(`${opensearch()}/${index}/_search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ size, query }),
  });
  // no index before the first record of a kind; right after its creation its shard may not answer
  // yet (503: "all shards failed", seen once in a run): the callers poll again
  if (res.status === 404 || res.status === 503) return [];
  if (!res.ok) throw new Error(`OpenSearch ${index}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { hits: { hits: { _source: Record<string, unknown> }[] } }).hits.hits;
}

/**
 * Open Camunda user tasks of a process instance, with the project code the task carries as a
 * local variable, read from the broker's exported records (created and not yet completed).
 */
export async function openUserTasks(processInstanceKey: string): Promise<OpenUserTask[]> {
  const records = await search('zeebe-record_user-task*', {
    bool: { filter: [{ term: { 'value.processInstanceKey': processInstanceKey } }] },
  });
  const state = new Map<string, { intent: string; value: Record<string, unknown> }>();
  for (const r of records) {
    const key = String(r._source.key);
    const intent = String(r._source.intent);
    const prev = state.get(key);
    if (intent === 'CREATED' && !prev)
      state.set(key, { intent, value: r._source.value as Record<string, unknown> });
    if (['COMPLETED', 'CANCELED', 'COMPLETING'].includes(intent))
      state.set(key, { intent, value: (prev?.value ?? r._source.value) as Record<string, unknown> });
  }
  const open = [...state.entries()].filter(([, s]) => s.intent === 'CREATED');
  const vars = await search('zeebe-record_variable*', {
    bool: {
      filter: [
        { term: { 'value.processInstanceKey': processInstanceKey } },
        { term: { 'value.name': 'projectCode' } },
      ],
    },
  });
  const codeOfScope = new Map(
    vars.map((v) => {
      const value = v._source.value as { scopeKey: number | string; value: string };
      return [String(value.scopeKey), JSON.parse(value.value) as string];
    }),
  );
  return open.map(([key, s]) => ({
    userTaskKey: key,
    elementId: String(s.value.elementId),
    elementInstanceKey: String(s.value.elementInstanceKey),
    processInstanceKey: String(s.value.processInstanceKey),
    candidateGroups: (s.value.candidateGroupsList as string[] | undefined) ?? [],
    dueDate: (s.value.dueDate as string | undefined) || null,
    projectCode: codeOfScope.get(String(s.value.elementInstanceKey)) ?? null,
  }));
}

/** Polls until `pick` finds what it needs among the open tasks of the instance. */
export async function waitForTasks<T>(
  processInstanceKey: string,
  pick: (tasks: OpenUserTask[]) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: OpenUserTask[] = [];
  while (Date.now() < deadline) {
    last = await openUserTasks(processInstanceKey);
    const found = pick(last);
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`tasks not found; open: ${JSON.stringify(last.map((t) => [t.elementId, t.projectCode]))}`);
}

/** Completes a Camunda user task through the broker's REST API, as Tasklist does. */
export async function completeUserTask(
  camunda: Camunda,
  userTaskKey: string,
  variables: Record<string, unknown>,
) {
  const res = await fetch(`${camunda.addresses.rest}/v2/user-tasks/${userTaskKey}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ variables }),
  });
  if (res.status !== 204 && res.status !== 200)
    throw new Error(`completing user task ${userTaskKey}: HTTP ${res.status} ${await res.text()}`);
}
