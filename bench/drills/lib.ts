/**
 * What every fault drill shares: a broker of its own (own ports, own data folder under
 * DATA_DIR/drills/<name>) that can be SIGKILLed and restarted on the same data, a database of its
 * own, a two-task drill process (an idempotent database side effect, then a completion mark) run by
 * the project's worker framework, and the counts every drill prints and its test asserts.
 * Drills never touch the dev or test stack, so they may run while `npm test` has its cluster up.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, EntitySchema } from 'typeorm';
import { z } from 'zod';
import { type JobType } from '../../src/shared/bpmn';
import { connectCamunda, gatewayAnswers, type CamundaConnection } from '../../src/shared/camunda';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { seedOrganisations } from '../../src/organisations';
import { CalendarService } from '../../src/calendar';
import { LocalFileStorage } from '../../src/documents';
import { modelerDeps } from '../../src/modeler';
import { signInThrottleSettings } from '../../src/shared/auth';
import { camundaAddresses, loadConfig, type Config } from '../../src/shared/config';
import { createDataSource, insertOnce, migrate, parseDatabaseUrl } from '../../src/shared/db';
import { logger } from '../../src/shared/logger';
import { complete, defineWorker, startWorkers, type RunningWorkers } from '../../workers/runtime';
import { ensureDistribution, type Distribution } from '../../scripts/lib/camunda-dist';
import { startCamunda, type CamundaProcess } from '../../scripts/lib/camunda-runtime';
import { ensureDatabase, type DatabaseHandle } from '../../scripts/lib/database';
import { findJdk, type Jdk } from '../../scripts/lib/java';

/**
 * Ports of a drill's broker: a block per drill (so two drills may run at once), distinct from dev
 * (26500/8080/9600/26501) and the test slots (18080/19600/… + N×1000), and below the kernel's
 * ephemeral range (32768–60999), where a client's outgoing connection may hold a port at any time.
 */
const DRILL_PORT_OFFSETS: Record<string, number> = {
  'broker-killed': 0,
  'worker-killed': 10,
  'database-outage': 20,
  outbox: 30,
  hostile: 50,
};
function drillPorts(name: string): Record<string, string> {
  const offset = DRILL_PORT_OFFSETS[name] ?? 40;
  return {
    CAMUNDA_GRPC_PORT: String(27500 + offset),
    CAMUNDA_REST_PORT: String(28280 + offset),
    CAMUNDA_MANAGEMENT_PORT: String(29800 + offset),
    CAMUNDA_INTERNAL_PORT: String(27501 + offset),
  };
}
/** Port of the private MariaDB a drill may stop (the database outage drill). */
export const DRILL_PRIVATE_DB_PORT = 3337;

/** The drill's environment: its own ports, database `<base>_drill_<name>`, a small heap, real clock. */
export function drillEnv(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = loadConfig();
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${parseDatabaseUrl(base.DATABASE_URL).database}_drill_${name.replace(/-/g, '_')}`;
  return {
    ...process.env,
    ...drillPorts(name),
    CAMUNDA_CLOCK_CONTROLLED: 'false',
    CAMUNDA_HEAP: '512m',
    DATABASE_URL: url.toString(),
    ...extra,
  };
}

/** The configuration of the drill's environment (see drillEnv). */
export const drillConfig = (name: string, extra: Record<string, string> = {}): Config =>
  loadConfig(drillEnv(name, extra));

export const drillDir = (config: Config, name: string) => path.join(config.DATA_DIR, 'drills', name);

/** Kills `child` if this process exits first (a drill cut short by a test timeout leaves no broker behind). */
export function killOnExit(child: ChildProcess): void {
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
}

/** A broker that can be killed (SIGKILL, no clean shutdown) and started again on the same data. */
export class DrillBroker {
  private process?: CamundaProcess;
  private constructor(
    private readonly config: Config,
    private readonly dist: Distribution,
    private readonly jdk: Jdk,
    private readonly dataDir: string,
  ) {}

  /** A fresh broker: the drill's old broker data is removed first. */
  static async create(config: Config, dataDir: string): Promise<DrillBroker> {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
    return new DrillBroker(config, dist, findJdk(), dataDir);
  }

  async start(): Promise<void> {
    this.process = await startCamunda({
      config: this.config,
      dist: this.dist,
      jdk: this.jdk,
      dataDir: this.dataDir,
    });
    killOnExit(this.process.child);
  }

  /** SIGKILL: whatever the broker had not written to its log is gone, as in a crash. */
  async kill(): Promise<void> {
    const child = this.process?.child;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }
}

/** Drill side effects: one row per element instance (the idempotency key), with the business key. */
interface EffectRow {
  id: string;
  run: string;
  businessKey: string;
  elementInstanceKey: string;
}
export const EffectEntity = new EntitySchema<EffectRow>({
  name: 'DrillEffect',
  tableName: 'drill_effect',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    run: { type: 'varchar', length: 64 },
    businessKey: { type: 'varchar', length: 64, name: 'business_key' },
    elementInstanceKey: { type: 'varchar', length: 32, name: 'element_instance_key' },
  },
});
/** Every handler call that reached the database, whether it wrote or found the effect. */
interface AttemptRow {
  id: string;
  run: string;
  businessKey: string;
  jobKey: string;
}
const AttemptEntity = new EntitySchema<AttemptRow>({
  name: 'DrillAttempt',
  tableName: 'drill_attempt',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    run: { type: 'varchar', length: 64 },
    businessKey: { type: 'varchar', length: 64, name: 'business_key' },
    jobKey: { type: 'varchar', length: 32, name: 'job_key' },
  },
});
/** Instances that reached their last task. */
interface DoneRow {
  id: string;
  run: string;
  businessKey: string;
}
const DoneEntity = new EntitySchema<DoneRow>({
  name: 'DrillDone',
  tableName: 'drill_done',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    run: { type: 'varchar', length: 64 },
    businessKey: { type: 'varchar', length: 64, name: 'business_key' },
  },
});

// The effect table's only unique key is the element instance: a second effect for the same business
// key (an instance started twice, a task run twice under a new element instance) shows as a duplicate.
const DRILL_TABLES = [
  `CREATE TABLE IF NOT EXISTS drill_effect (id BIGINT AUTO_INCREMENT PRIMARY KEY, run VARCHAR(64) NOT NULL,
    business_key VARCHAR(64) NOT NULL, element_instance_key VARCHAR(32) NOT NULL,
    UNIQUE KEY uq_drill_effect_element (element_instance_key), KEY ix_drill_effect_run (run, business_key))`,
  `CREATE TABLE IF NOT EXISTS drill_attempt (id BIGINT AUTO_INCREMENT PRIMARY KEY, run VARCHAR(64) NOT NULL,
    business_key VARCHAR(64) NOT NULL, job_key VARCHAR(32) NOT NULL, KEY ix_drill_attempt_run (run))`,
  `CREATE TABLE IF NOT EXISTS drill_done (id BIGINT AUTO_INCREMENT PRIMARY KEY, run VARCHAR(64) NOT NULL,
    business_key VARCHAR(64) NOT NULL, UNIQUE KEY uq_drill_done (run, business_key))`,
];

/** The registry schema (migrations, seeded agencies and departments) plus the drill tables, and a data source that knows both. */
export async function drillDataSource(url: string): Promise<DataSource> {
  await migrate(url);
  const options = createDataSource(url).options;
  const ds = await new DataSource({
    ...options,
    entities: [...(options.entities as []), EffectEntity, AttemptEntity, DoneEntity],
    // a database outage must fail a query fast, not queue it
    extra: { connectionLimit: 10, connectTimeout: 2_000 },
  } as typeof options).initialize();
  for (const sql of DRILL_TABLES) await ds.query(sql);
  await seedOrganisations(ds);
  return ds;
}

/** The drill's database: a database of its own on the shared server, or a private server it may stop. */
export async function drillDatabase(
  config: Config,
  name: string,
  opts: { private?: boolean; keepData?: boolean } = {},
): Promise<DatabaseHandle> {
  const url = opts.private
    ? `mysql://root@127.0.0.1:${DRILL_PRIVATE_DB_PORT}/${parseDatabaseUrl(config.DATABASE_URL).database}`
    : config.DATABASE_URL;
  return ensureDatabase({
    url,
    autostart: true,
    privatePort: DRILL_PRIVATE_DB_PORT,
    privateDir: path.join(drillDir(config, name), 'mariadb'),
    fresh: !opts.keepData,
  });
}

export const EFFECT_JOB = 'drill.effect' as JobType;
export const DONE_JOB = 'drill.done' as JobType;
export const DRILL_PROCESS_ID = 'drill-effect-then-done';

/** Start → side effect → completion mark → end. `retries` of the effect task: how long it may fail. */
export function drillBpmn(effectRetries = 3): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="drill" targetNamespace="drill">
  <bpmn:process id="${DRILL_PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="drill-start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="drill-effect"><bpmn:extensionElements><zeebe:taskDefinition type="${EFFECT_JOB}" retries="${effectRetries}" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:serviceTask id="drill-done"><bpmn:extensionElements><zeebe:taskDefinition type="${DONE_JOB}" retries="${effectRetries}" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="drill-end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="drill-start" targetRef="drill-effect" />
    <bpmn:sequenceFlow id="f2" sourceRef="drill-effect" targetRef="drill-done" />
    <bpmn:sequenceFlow id="f3" sourceRef="drill-done" targetRef="drill-end" />
  </bpmn:process>
</bpmn:definitions>`;
}

export async function deployDrillProcess(camunda: CamundaConnection, effectRetries = 3): Promise<void> {
  await camunda.zeebe.deployResource({
    process: Buffer.from(drillBpmn(effectRetries)),
    name: `${DRILL_PROCESS_ID}.bpmn`,
  });
}

const variables = z.object({ run: z.string(), businessKey: z.string() });

/**
 * The drill's workers through the project's framework. The effect handler records its attempt, then
 * writes the effect once per element instance (insertOnce); `afterEffect` lets a drill hold the job
 * (a worker that dies before completing). Attempts that fail before the database answers are counted
 * in `attempts` (in memory) too.
 */
export function drillWorkers(opts: { afterEffect?: () => Promise<void> } = {}) {
  const attempts: { count: number; firstAt?: number } = { count: 0 };
  const effect = defineWorker({
    type: EFFECT_JOB,
    title: '演练副作用',
    description: '演练：写入一条数据库记录（每个元素实例一次）',
    outputs: {},
    variables,
    async handle(input, job, ds: DataSource) {
      attempts.count++;
      attempts.firstAt ??= Date.now();
      await ds
        .getRepository(AttemptEntity)
        .insert({ run: input.run, businessKey: input.businessKey, jobKey: job.key });
      await insertOnce(
        ds.getRepository(EffectEntity),
        { run: input.run, businessKey: input.businessKey, elementInstanceKey: job.elementInstanceKey },
        { elementInstanceKey: job.elementInstanceKey },
      );
      await opts.afterEffect?.();
      return complete({});
    },
  });
  const done = defineWorker({
    type: DONE_JOB,
    title: '演练完成',
    description: '演练：记录实例已到达最后一步',
    outputs: {},
    variables,
    async handle(input, _job, ds: DataSource) {
      await insertOnce(
        ds.getRepository(DoneEntity),
        { run: input.run, businessKey: input.businessKey },
        { run: input.run, businessKey: input.businessKey },
      );
      return complete({});
    },
  });
  return { defs: [effect, done], attempts };
}

/** The drill workers in the configured transport (WORKER_MODE), as the workers process runs them. */
export async function runDrillWorkers(
  camunda: CamundaConnection,
  ds: DataSource,
  opts: {
    mode: Config['WORKER_MODE'];
    jobTimeoutMs: number;
    maxJobs?: number;
    afterEffect?: () => Promise<void>;
  },
): Promise<RunningWorkers & { attempts: { count: number; firstAt?: number } }> {
  const { defs, attempts } = drillWorkers(opts);
  const running = await startWorkers(defs, {
    zeebe: camunda.zeebe,
    mode: opts.mode,
    maxJobs: opts.maxJobs ?? 32,
    jobTimeoutMs: opts.jobTimeoutMs,
    // as the workers process does: streams reopen once a restarted broker answers
    gateway: {
      probe: () => gatewayAnswers(camunda.addresses.rest),
      intervalMs: 2_000,
    },
    log: logger().child({ drill: true }, { level: 'silent' }),
    deps: ds,
  });
  return Object.assign(running, { attempts });
}

/** Starts `n` instances of the drill process for run `run`; resolves when the broker took them all. */
export async function startInstances(camunda: CamundaConnection, run: string, n: number): Promise<number> {
  let started = 0;
  const batch = 25;
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, (_, j) =>
        camunda.zeebe
          .createProcessInstance({
            bpmnProcessId: DRILL_PROCESS_ID,
            variables: { run, businessKey: `${run}-${i + j}` },
          })
          .then(() => started++),
      ),
    );
  }
  return started;
}

export interface DrillCounts {
  started: number;
  completed: number;
  lost: number;
  duplicated: number;
}

/**
 * Counts from the database: completed = instances that reached their last task; lost = started but
 * not completed; duplicated = business keys whose side effect was written more than once.
 */
export async function drillCounts(ds: DataSource, run: string, started: number): Promise<DrillCounts> {
  const [done] = await ds.query('SELECT COUNT(*) AS n FROM drill_done WHERE run = ?', [run]);
  const [dup] = await ds.query(
    'SELECT COUNT(*) AS n FROM (SELECT business_key FROM drill_effect WHERE run = ? GROUP BY business_key HAVING COUNT(*) > 1) d',
    [run],
  );
  const completed = Number(done.n);
  return {
    started,
    completed,
    lost: started - completed,
    duplicated: Number(dup.n),
  };
}

/** Jobs the effect handler saw more than once (redeliveries): the positive control of idempotency. */
export async function redeliveredJobs(ds: DataSource, run: string): Promise<number> {
  const [r] = await ds.query(
    'SELECT COUNT(*) AS n FROM (SELECT job_key FROM drill_attempt WHERE run = ? GROUP BY job_key HAVING COUNT(*) > 1) d',
    [run],
  );
  return Number(r.n);
}

export const formatCounts = (c: DrillCounts) =>
  `${c.started} started, ${c.completed} completed, ${c.lost} lost, ${c.duplicated} duplicated`;

/** Polls `check` every 500 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // the database may be down during a drill: ask again
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The API on a loopback port of its own, wired to the drill's database and broker, silent logs. */
export async function drillApi(
  config: Config,
  ds: DataSource,
  onProposalSubmitted?: () => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({
    dataSource: ds,
    camundaRestAddress: camundaAddresses(config).rest,
    calendar: new CalendarService(ds, 0),
    log: logger().child({}, { level: 'silent' }),
    documents: {
      storage: new LocalFileStorage(path.join(config.DATA_DIR, 'drills', 'documents')),
      maxBytes: 64 * 1024,
    },
    modeler: modelerDeps(config),
    signInThrottle: signInThrottleSettings(config),
    // benchmark and drill clients sign in with Basic fixture accounts, like the tests
    basicAuth: true,
    onProposalSubmitted,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r()).closeAllConnections()),
  };
}

export const basicAuth = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export const drillRun = (name: string) => `${name}-${Date.now().toString(36)}`;

export { connectCamunda };
