/**
 * Drill 3 — database outage: the drill's private MariaDB stops for `outageS` seconds while `n`
 * instances run. Workers fail their jobs with a growing back-off (attempts are counted and bounded:
 * no tight retry loop), no instance gets an incident while retries remain, everything completes
 * once the database is back, nothing is written twice. Meanwhile the API answers at once (503 on
 * /health, a problem document on /api/projects), it does not hang. The shared 3306 server is never
 * touched. `npm run bench -- drill database-outage [n] [outage seconds]`
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ensureUser, Role } from '../../src/users';
import {
  basicAuth,
  connectCamunda,
  deployDrillProcess,
  drillApi,
  drillConfig,
  drillCounts,
  drillDatabase,
  drillDataSource,
  drillDir,
  DrillBroker,
  drillRun,
  runDrillWorkers,
  startInstances,
  until,
  type DrillCounts,
} from './lib';

const NAME = 'database-outage';
/** Retries of the drill's effect task: with the framework's 2 s back-off they outlast a 60 s outage. */
export const OUTAGE_RETRIES = 40;
const REQUEST_TIMEOUT_MS = 5_000;

export interface ApiAnswer {
  status: number | 'timeout';
  contentType: string;
  ms: number;
}

async function ask(url: string, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const t = Date.now();
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.arrayBuffer();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', ms: Date.now() - t };
  } catch {
    return { status: 'timeout', contentType: '', ms: Date.now() - t };
  }
}

export async function databaseOutageDrill(
  n = 200,
  outageS = 60,
  log: (line: string) => void = console.log,
): Promise<
  DrillCounts & {
    attemptsDuringOutage: number;
    attemptBound: number;
    health: ApiAnswer;
    projects: ApiAnswer;
  }
> {
  const config = drillConfig(NAME);
  let db = await drillDatabase(config, NAME, { private: true });
  let ds: DataSource | undefined;
  const broker = await DrillBroker.create(config, path.join(drillDir(config, NAME), 'camunda'));
  const camunda = connectCamunda(config);
  let api: Awaited<ReturnType<typeof drillApi>> | undefined;
  let workers: Awaited<ReturnType<typeof runDrillWorkers>> | undefined;
  try {
    ds = await drillDataSource(db.url);
    const data = ds;
    await ensureUser(data, {
      username: 'drill-officer',
      displayName: 'drill-officer',
      password: 'drill-officer-secret',
      roles: [Role.AgencyOfficer],
      agencyCode: 'eib',
    });
    api = await drillApi(config, data);
    log('starting the drill broker…');
    await broker.start();
    await deployDrillProcess(camunda, OUTAGE_RETRIES);
    workers = await runDrillWorkers(camunda, data, {
      mode: config.WORKER_MODE,
      jobTimeoutMs: 10_000,
      maxJobs: 8,
      afterEffect: () => new Promise((r) => setTimeout(r, 500)),
    });
    // the database goes down first, so every side effect meets the outage
    log('stopping the database…');
    await db.stop();
    const run = drillRun(NAME);
    const started = await startInstances(camunda, run, n);
    log(`${started} instances started while the database is down`);
    const attemptsBefore = workers.attempts.count;
    const outageStart = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    const health = await ask(`${api.url}/health`);
    const projects = await ask(`${api.url}/api/projects`, {
      authorization: basicAuth('drill-officer', 'drill-officer-secret'),
    });
    log(
      `during the outage: GET /health → ${health.status} in ${health.ms} ms; GET /api/projects → ${projects.status} (${projects.contentType}) in ${projects.ms} ms`,
    );
    await new Promise((r) => setTimeout(r, Math.max(0, outageS * 1000 - (Date.now() - outageStart))));
    const attemptsDuringOutage = workers.attempts.count - attemptsBefore;
    log(
      `restarting the database after ${Math.round((Date.now() - outageStart) / 1000)} s; ${attemptsDuringOutage} job attempts meanwhile`,
    );
    db = await drillDatabase(config, NAME, { private: true, keepData: true });
    await until(
      async () =>
        Number((await data.query('SELECT COUNT(*) AS n FROM drill_done WHERE run = ?', [run]))[0].n) >= n,
      240_000,
    );
    // Each waiting job may be tried about once per back-off (2 s at least): a retry loop with no
    // back-off would try hundreds of times a second and pass this bound at once.
    const attemptBound = started * (Math.ceil(outageS / 2) + 2);
    const counts = await drillCounts(data, run, started);
    return {
      ...counts,
      attemptsDuringOutage,
      attemptBound,
      health,
      projects,
    };
  } finally {
    await workers?.stop();
    await api?.close();
    await camunda.close().catch(() => undefined);
    await broker.stop();
    await ds?.destroy();
    await db.stop();
  }
}
