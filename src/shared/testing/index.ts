/**
 * Helpers for integration tests. `npm test` starts a cluster and database of their own and passes
 * their coordinates in the environment; these helpers connect to exactly those.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { DataSource } from 'typeorm';
import { brokerClock, connectCamunda, deployWorkflows, type CamundaConnection } from '../camunda';
import { camundaAddresses, loadConfig, type Config } from '../config';
import { modelerDeps } from '../../modeler';
import path from 'node:path';
import { createApp, type AppDeps } from '../../app';
import { signInThrottleSettings } from '../auth';
import { LocalFileStorage } from '../../documents';
import { createDataSource } from '../db';
import { logger } from '../logger';
import request from 'supertest';
import { CalendarService } from '../../calendar';
import { ensureUser, type Role } from '../../users';
import { dispatchOutbox, outboxSettings } from '../../outbox';
import { createTaskAccess } from '../../tasks';

export function testConfig(): Config {
  const c = loadConfig();
  if (!c.CAMUNDA_CLOCK_CONTROLLED) {
    throw new Error(
      'integration tests run through `npm test`, which starts a cluster with the controlled clock',
    );
  }
  return c;
}

export async function openDataSource(c: Config = testConfig()): Promise<DataSource> {
  return createDataSource(c.DATABASE_URL).initialize();
}

export function testCamunda(
  c: Config = testConfig(),
): CamundaConnection & { clock: ReturnType<typeof brokerClock> } {
  const conn = connectCamunda(c);
  return { ...conn, clock: brokerClock(conn.addresses.management) };
}

export async function deploy(conn: CamundaConnection, ...files: string[]) {
  return deployWorkflows(conn.zeebe, files);
}

/** A process folder's BPMN and forms (and `extra` files, e.g. a DMN of workflows/decisions), as one deployment. */
export async function deployFolder(conn: CamundaConnection, folder: string, ...extra: string[]) {
  const own = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))
    .map((f) => path.join(folder, f));
  return deployWorkflows(conn.zeebe, [...own, ...extra]);
}

/**
 * The BPMN of `processId` (in its file) under `copyId`, its diagram included: a test deploys such a
 * copy beside the real process (with its job types or messages renamed too, as it needs) so that
 * its stand-in workers never take the real process's jobs, and the real one stays the latest.
 */
export function processCopy(file: string, processId: string, copyId: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(`<bpmn:process id="${processId}"`, `<bpmn:process id="${copyId}"`)
    .replaceAll(`bpmnElement="${processId}"`, `bpmnElement="${copyId}"`);
}

/** Dependencies of job workers under test: the test database and a calendar without caching. */
export function workerDeps(dataSource: DataSource, now: () => Date = () => new Date()) {
  return { dataSource, calendar: new CalendarService(dataSource, 0), now };
}

/**
 * Polls every second until `read` returns something truthy (the web apps import what the broker
 * exports within seconds); throws naming `what` after `timeoutMs`.
 */
export async function untilSeen<T>(
  what: string,
  read: () => Promise<T | undefined | null | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Polls until `read` returns a non-empty list (workers act asynchronously). */
export async function eventually<T>(read: () => Promise<T[]>, timeoutMs = 15_000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await read();
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The express app wired to the test database and cluster. */
export function testApp(dataSource: DataSource, overrides: Partial<AppDeps> = {}) {
  return createApp({
    dataSource,
    camundaRestAddress: camundaAddresses(testConfig()).rest,
    calendar: new CalendarService(dataSource, 0),
    log: quietLog(),
    documents: {
      storage: new LocalFileStorage(path.join(testConfig().DATA_DIR, 'test', 'documents')),
      maxBytes: 64 * 1024,
    },
    modeler: modelerDeps(testConfig()),
    signInThrottle: signInThrottleSettings(testConfig()),
    tasks: createTaskAccess(testConfig()),
    // tests sign fixture accounts in with Basic (README, "One identity")
    basicAuth: true,
    ...overrides,
  });
}

/** Creates (once) a user for a test and returns its Authorization header. */
export async function signedIn(
  ds: DataSource,
  username: string,
  roles: Role[],
  scope: { departmentCode?: string; agencyCode?: string } = {},
): Promise<string> {
  const password = `${username}-secret`;
  await ensureUser(ds, { username, displayName: username, password, roles, ...scope });
  return basic(username, password);
}

/** Submits a proposal as `auth` and returns the new project's code. */
export async function submittedProject(
  app: Parameters<typeof request>[0],
  auth: string,
  overrides: object = {},
): Promise<string> {
  const res = await request(app)
    .post('/api/projects')
    .set('authorization', auth)
    .set('idempotency-key', `it-${Date.now()}-${Math.random().toString(36).slice(2)}`)
    .send({
      title: '测试项目建议书',
      budgetEstimate: '1000000.00',
      category: 'application-system',
      // tests submit many projects per department; M7.5's quota has its own test
      quotaOverrideReason: '集成测试：同一部门的多个测试项目',
      ...overrides,
    });
  if (res.status !== 201)
    throw new Error(`submitting a test project failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.code as string;
}

/** An Authorization header for HTTP Basic. */
export const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** A silent logger for code under test. */
export const quietLog = () => logger().child({ test: true }, { level: 'silent' });

let seq = 0;
/** A project code no other test uses, so tests never see each other's rows or jobs. */
export function uniqueProjectCode(): string {
  seq += 1;
  const n = (Date.now() % 90_000) + 10_000 + seq;
  return `IT-2026-${n}`;
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A Camunda client whose gateway address refuses every connection (a closed loopback port). */
export async function unreachableCamunda(): Promise<CamundaConnection> {
  return connectCamunda(loadConfig({ ...process.env, CAMUNDA_GRPC_PORT: String(await closedPort()) }));
}

/** Sends every pending outbox message to the cluster, backing off or not, so that a test starts with none. */
export async function drainOutbox(ds: DataSource, conn: CamundaConnection): Promise<void> {
  const settings = outboxSettings(testConfig());
  const pastEveryBackOff = () => new Date(Date.now() + settings.retryMaxDelayMs);
  for (;;) {
    const r = await dispatchOutbox(ds, conn.zeebe, settings, pastEveryBackOff);
    if (r.sent + r.failed === 0) return;
  }
}
