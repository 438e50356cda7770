/**
 * Connects the runner to a running cluster and database: the workers and the API run in this
 * process, on the broker's controlled clock (so a proposal submitted "on 31 August" is stamped
 * with that day), the API on a free loopback port, with a session scheduler per kind.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { workers } from '../../../workers/registry';
import { startWorkers } from '../../../workers/runtime';
import { createApp } from '../../../src/app';
import { CalendarService } from '../../../src/calendar';
import { LocalFileStorage } from '../../../src/documents';
import { modelerDeps } from '../../../src/modeler';
import { outboxSettings } from '../../../src/outbox';
import { camundaMessaging, sessionKinds } from '../../../src/sessions';
import { ProcessId } from '../../../src/shared/bpmn';
import { signInThrottleSettings } from '../../../src/shared/auth';
import { brokerClock, connectCamunda, listWorkflowFiles } from '../../../src/shared/camunda';
import { paths, type Config } from '../../../src/shared/config';
import { createDataSource } from '../../../src/shared/db';
import { createHttpServer } from '../../../src/shared/http';
import { opensearchUrl } from '../services/opensearch';
import { elementLookup } from './models';
import { RecordReader } from './records';
import { ScenarioClock, type Harness } from './runner';
import type { ScenarioTasks } from './task-search';

/** session-scheduler's task that computes the next session (workflows/session-scheduler) */
const SCHEDULER_FIRST_TASK = 'compute-next-session';

export interface OpenHarness {
  harness: Harness;
  close(): Promise<void>;
}

export async function openHarness(
  config: Config,
  opts: {
    databaseUrl: string;
    tasks: ScenarioTasks;
    logLevel?: pino.Level;
    /** BPMN files the rules and names of elements are read from (default: workflows/) */
    models?: string[];
  },
): Promise<OpenHarness> {
  // logs go to stderr: stdout carries the scenario's JSON lines
  const log = pino({ level: opts.logLevel ?? 'warn', base: { service: 'scenario' } }, pino.destination(2));
  const dataSource = await createDataSource(opts.databaseUrl).initialize();
  const camunda = connectCamunda(config);
  const clock = new ScenarioClock(brokerClock(camunda.addresses.management));
  await clock.sync();
  const running = await startWorkers(workers, {
    zeebe: camunda.zeebe,
    mode: config.WORKER_MODE,
    maxJobs: config.WORKER_MAX_JOBS,
    jobTimeoutMs: config.WORKER_JOB_TIMEOUT_MS,
    log: log.child({ component: 'workers' }),
    deps: {
      dataSource,
      calendar: new CalendarService(dataSource),
      now: clock.now,
      messaging: camundaMessaging(camunda.zeebe, camunda.addresses.rest),
    },
  });
  // the monthly pre-review and the annual plan open on the scenario's clock, as in production, by
  // schedulers of the runner's own (started at their first task: the start message's one instance
  // per kind may belong to the cluster), cancelled at the end so an attached cluster is left as it was
  const schedulers: string[] = [];
  const startSessions = async () => {
    if (schedulers.length > 0) return;
    for (const sessionKind of sessionKinds) {
      const started = await camunda.zeebe.createProcessInstance({
        bpmnProcessId: ProcessId.SessionScheduler,
        variables: { sessionKind, recheckHours: 24 },
        startInstructions: [{ elementId: SCHEDULER_FIRST_TASK }],
      });
      schedulers.push(started.processInstanceKey);
    }
  };
  const app = createApp({
    dataSource,
    camundaRestAddress: camunda.addresses.rest,
    calendar: new CalendarService(dataSource),
    log: log.child({ component: 'api' }),
    documents: {
      storage: new LocalFileStorage(path.join(config.DATA_DIR, 'scenario-documents')),
      maxBytes: config.DOCUMENT_MAX_BYTES,
    },
    modeler: modelerDeps(config, camunda.zeebe),
    signInThrottle: signInThrottleSettings(config),
    // the runner acts for each project's department through its registry account (HTTP Basic)
    basicAuth: true,
    now: clock.now,
  });
  const server: http.Server = createHttpServer(app, {
    headersTimeoutMs: config.API_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.API_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: config.API_KEEPALIVE_TIMEOUT_MS,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const harness: Harness = {
    dataSource,
    zeebe: camunda.zeebe,
    clock,
    apiUrl: `http://127.0.0.1:${port}`,
    tasks: opts.tasks,
    records: new RecordReader(opensearchUrl(config), camunda.addresses.management),
    lookup: await elementLookup(opts.models ?? listWorkflowFiles(paths.workflows)),
    workerTypes: new Set(running.types),
    outbox: outboxSettings(config),
    startSessions,
  };
  return {
    harness,
    async close() {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await running.stop();
      for (const key of schedulers) await camunda.zeebe.cancelProcessInstance(key).catch(() => undefined);
      await camunda.close();
      await dataSource.destroy();
    },
  };
}
