/**
 * The test stack's OpenSearch SIGKILLed under its running broker, Tasklist and Operate. While it is
 * down the broker keeps working and its exporter retries with back-off; once OpenSearch is back on
 * the same data, Operate and Tasklist catch up with every instance and task.
 *
 * It takes the shared stack's OpenSearch away for a minute, so it runs after every other
 * integration suite (scripts/lib/test-sequencer.js). The node it starts again is stopped with the
 * stack (by its pid file).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connectCamunda, deployResources, type CamundaConnection } from '../../../src/shared/camunda';
import { camundaHealth } from '../../../src/shared/camunda/health';
import { camundaAddresses, tasklistAddresses, type Config } from '../../../src/shared/config';
import { testConfig } from '../../../src/shared/testing';
import { TasklistClient, TokenSource, UserTaskCommands, type TasklistTask } from '../../../src/tasks';
import { isPortFree } from '../ports';
import { testStackDir } from '../test-profile';
import { keycloakUrl } from './keycloak';
import { OPERATE_AUDIENCE, realmAdmin, serviceAccountClient } from './keycloak-realm';
import { createOpenSearch } from './opensearch';
import { descendants, isAlive, runningPid, startService } from './service';
import { webappUrl } from './webapps';

const N = 20;
const PROCESS_ID = 'opensearch-outage-fixture';
const RECORD_JOB = 'test.opensearch-outage.record';

/** Start → a Camunda user task of the CAC → a service task → end. */
const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="outage" targetNamespace="http://egov-approvals/test">
  <bpmn:process id="${PROCESS_ID}" name="OpenSearch 故障测试" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="outage-review" name="审查"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="cac" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:serviceTask id="record" name="登记"><bpmn:extensionElements><zeebe:taskDefinition type="${RECORD_JOB}" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="outage-review" />
    <bpmn:sequenceFlow id="f2" sourceRef="outage-review" targetRef="record" />
    <bpmn:sequenceFlow id="f3" sourceRef="record" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Polls until `read` returns something truthy; throws naming `what` after `timeoutMs`. */
async function until<T>(
  what: string,
  read: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  seen: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not seen within ${timeoutMs / 1000} s; last seen: ${seen()}${last ? ` (${String(last)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

describe('OpenSearch killed mid-run (the test stack)', () => {
  const config: Config = testConfig();
  const stackDir = testStackDir(config);
  const opensearch = createOpenSearch(config, path.join(stackDir, 'opensearch'));
  const brokerLog = path.join(stackDir, 'camunda', 'camunda.log');
  /** a client of the test's own that may read Operate (the API's service account may not) */
  const reader = { clientId: `test-operate-reader-${Date.now().toString(36)}`, secret: randomUUID() };
  let camunda: CamundaConnection;
  let tasklist: TasklistClient;
  let operateTokens: TokenSource;

  /** OpenSearch started again on the stack's folder, in the background: the stack stops it */
  const startOpenSearch = async () => startService(opensearch, { detached: true });

  /** A gauge of the broker's Prometheus metrics for partition 1. */
  const metric = async (name: string): Promise<number> => {
    const res = await fetch(`${camundaAddresses(config).management}/actuator/prometheus`);
    const line = (await res.text()).split('\n').find((l) => l.startsWith(`${name}{`));
    if (!line) throw new Error(`no metric ${name}`);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  // what OpenSearch acknowledged (`…_last_exported_position` counts records handed to the exporter's bulk)
  const exportedPosition = () => metric('zeebe_exporter_last_updated_exported_position');
  const processedPosition = () => metric('zeebe_stream_processor_last_processed_position');

  const operateInstances = async () => {
    const res = await fetch(`${webappUrl(config, 'operate')}/v1/process-instances/search`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await operateTokens.token()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ filter: { bpmnProcessId: PROCESS_ID }, size: 200 }),
    });
    if (!res.ok) throw new Error(`Operate answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { items: { key: number; state: string }[] }).items;
  };

  const startInstances = async (n: number): Promise<string[]> =>
    Promise.all(
      Array.from({ length: n }, async () =>
        String(
          (await camunda.zeebe.createProcessInstance({ bpmnProcessId: PROCESS_ID, variables: {} }))
            .processInstanceKey,
        ),
      ),
    );

  /** Completes the service task's jobs until `n` are done; returns how many were. */
  const completeRecordJobs = async (n: number, timeoutMs: number): Promise<number> => {
    let done = 0;
    const deadline = Date.now() + timeoutMs;
    while (done < n && Date.now() < deadline) {
      const jobs = await camunda.zeebe.activateJobs({
        type: RECORD_JOB,
        worker: 'opensearch-outage-test',
        maxJobsToActivate: n,
        timeout: 60_000,
        requestTimeout: 2_000,
      });
      for (const j of jobs) {
        await camunda.zeebe.completeJob({ jobKey: j.key, variables: {} });
        done++;
      }
    }
    return done;
  };

  beforeAll(async () => {
    // given the test stack's OpenSearch, broker, Tasklist and Operate, and a client that may read Operate
    expect(runningPid(opensearch)).toBeDefined();
    camunda = connectCamunda(config);
    const admin = await realmAdmin(
      keycloakUrl(config),
      { user: config.KEYCLOAK_ADMIN, password: config.KEYCLOAK_ADMIN_PASSWORD },
      config.KEYCLOAK_REALM,
    );
    await admin.call(
      'POST',
      `${admin.realm}/clients`,
      serviceAccountClient(reader, 'test: reads Operate', OPERATE_AUDIENCE),
    );
    const account = await admin.call<{ id: string }>(
      'GET',
      `${admin.realm}/clients/${await admin.clientUuid(reader.clientId)}/service-account-user`,
    );
    const operateClient = await admin.clientUuid(OPERATE_AUDIENCE);
    const read = await admin.call('GET', `${admin.realm}/clients/${operateClient}/roles/read:*`);
    await admin.call('POST', `${admin.realm}/users/${account!.id}/role-mappings/clients/${operateClient}`, [
      read,
    ]);
    const tokenUrl = tasklistAddresses(config).token;
    operateTokens = new TokenSource({
      tokenUrl,
      clientId: reader.clientId,
      clientSecret: reader.secret,
      timeoutMs: 10_000,
    });
    tasklist = new TasklistClient(
      { tasklistUrl: tasklistAddresses(config).tasklist, timeoutMs: 10_000 },
      new TokenSource({
        tokenUrl,
        clientId: config.TASKS_CLIENT_ID,
        clientSecret: config.TASKS_CLIENT_SECRET,
        timeoutMs: 10_000,
      }),
    );
  }, 120_000);

  afterAll(async () => {
    // the stack goes on with an OpenSearch, whatever happened
    if (runningPid(opensearch) === undefined) await startOpenSearch();
    await camunda.close();
    const admin = await realmAdmin(
      keycloakUrl(config),
      { user: config.KEYCLOAK_ADMIN, password: config.KEYCLOAK_ADMIN_PASSWORD },
      config.KEYCLOAK_REALM,
    );
    const id = await admin.clientUuid(reader.clientId);
    if (id) await admin.call('DELETE', `${admin.realm}/clients/${id}`);
  }, 300_000);

  it('keeps the broker working while OpenSearch is down; once it is back Operate and Tasklist show every instance and task', async () => {
    const t0 = Date.now();
    const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
    const commands = new UserTaskCommands({ restAddress: camundaAddresses(config).rest, timeoutMs: 10_000 });

    // given N instances waiting at their user task, which Tasklist lists (export and import work)
    await deployResources(camunda.zeebe, [{ name: `${PROCESS_ID}.bpmn`, content: bpmn }]);
    const first = await startInstances(N);
    const open = await until(
      'Tasklist lists the first instances’ tasks',
      async () => {
        const tasks = await tasklist.search({ state: 'CREATED', taskDefinitionId: 'outage-review' });
        return tasks.length === N && tasks;
      },
      120_000,
    );
    expect(open.map((t) => t.processInstanceKey).sort()).toEqual([...first].sort());

    // when OpenSearch is SIGKILLed (the node and anything it started)
    const node = runningPid(opensearch)!;
    const logFrom = fs.statSync(brokerLog).size;
    for (const pid of [node, ...descendants(node)]) process.kill(pid, 'SIGKILL');
    await until('the node gone', async () => !isAlive(node), 30_000);
    expect(await isPortFree(config.OPENSEARCH_HTTP_PORT)).toBe(true);
    console.log(`${elapsed()}: OpenSearch killed`);

    // and, while it is down, N more instances start, the first N's user tasks are completed through
    // the broker's REST API and their service task's jobs by a worker
    const second = await startInstances(N);
    const completions = await Promise.all(open.map((t) => commands.complete(t.id, { reviewed: true })));
    expect(completions).toEqual(Array(N).fill('done'));
    expect(await completeRecordJobs(N, 60_000)).toBe(N);

    // then the broker kept its partition's leader and processed it all (above), while its exporter
    // stood still and retried with back-off (its log says so, more than once). Its health may read
    // DEGRADED: the test broker's health monitor flags a partition after the controlled clock jumps,
    // which earlier suites did
    expect((await camundaHealth(camundaAddresses(config).rest)).status).not.toBe('DOWN');
    const retries = await until(
      'the exporter retrying',
      async () => {
        const log = fs.readFileSync(brokerLog).subarray(logFrom).toString('utf8');
        // a failed flush of its bulk (every bulk delay), or, once the bulk is full, the broker
        // backing off between export attempts
        const n = (log.match(/flushing bulk, will retry later|Error on exporting record with key/g) ?? [])
          .length;
        return n >= 2 && n;
      },
      60_000,
    );
    const processedWhileDown = await processedPosition();
    const exportedWhileDown = await exportedPosition();
    expect(exportedWhileDown).toBeLessThan(processedWhileDown);
    console.log(
      `${elapsed()}: while down, ${retries} export retries; exported position ${exportedWhileDown}, processed ${processedWhileDown}`,
    );

    // when OpenSearch restarts on the same data
    await startOpenSearch();
    console.log(`${elapsed()}: OpenSearch back`);

    // then the exporter catches up past everything processed while it was down
    await until(
      'the exporter caught up',
      async () => (await exportedPosition()) >= processedWhileDown,
      120_000,
    );
    console.log(`${elapsed()}: exporter caught up`);
    // and Operate shows the first N instances completed and the other N active: none lost
    let counts = '';
    const instances = await until(
      'Operate caught up',
      async () => {
        const items = await operateInstances();
        const completed = items.filter((i) => i.state === 'COMPLETED').length;
        const active = items.filter((i) => i.state === 'ACTIVE').length;
        counts = `${completed} completed, ${active} active`;
        return completed === N && active === N && items;
      },
      180_000,
      () => counts,
    );
    const keys = (state: string) =>
      instances
        .filter((i) => i.state === state)
        .map((i) => String(i.key))
        .sort();
    expect(keys('COMPLETED')).toEqual([...first].sort());
    expect(keys('ACTIVE')).toEqual([...second].sort());
    console.log(`${elapsed()}: Operate caught up`);
    // and Tasklist the first N tasks completed and the second N's open
    const tasks = await until(
      'Tasklist caught up',
      async () => {
        const all = await tasklist.search({ taskDefinitionId: 'outage-review' });
        const by = (s: TasklistTask['taskState']) => all.filter((t) => t.taskState === s);
        counts = `${by('COMPLETED').length} completed, ${by('CREATED').length} open`;
        return by('COMPLETED').length === N && by('CREATED').length === N && all;
      },
      180_000,
      () => counts,
    );
    const of = (s: TasklistTask['taskState']) =>
      tasks
        .filter((t) => t.taskState === s)
        .map((t) => t.processInstanceKey)
        .sort();
    expect(of('COMPLETED')).toEqual([...first].sort());
    expect(of('CREATED')).toEqual([...second].sort());
    console.log(`${elapsed()}: Tasklist caught up`);
  }, 900_000);
});
