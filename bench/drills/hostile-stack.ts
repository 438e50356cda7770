/**
 * Drill 4 — the API under bad input, against the full running stack: a broker, the real workers
 * process (running the lifecycle of the project the requests aim at) and the real API process. The
 * hostile-request run of the API's integration test is sent to it, then: how many requests, how many
 * 5xx or unanswered, how many writes, and whether every process is still alive and working (a valid
 * proposal afterwards starts its lifecycle). `npm run bench -- drill hostile [requests]`
 * The drill runs no identity provider and no Tasklist (the API's integration test runs against
 * both): the task operations then answer 503 with a problem document, counted apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ProjectEntity } from '../../src/projects/data-access/project.entities';
import { deployWorkflows, gatewayAnswers, listWorkflowFiles } from '../../src/shared/camunda';
import { terminate } from '../../scripts/lib/lifecycle';
import { camundaAddresses, paths } from '../../src/shared/config';
import {
  callApi,
  differences,
  hostileContext,
  hostileProposal,
  hostileRun,
  report,
  snapshot,
  startApi,
  type ApiProcess,
  type Finding,
} from '../../src/shared/testing/hostile';
import {
  connectCamunda,
  drillConfig,
  drillDatabase,
  drillDataSource,
  drillDir,
  DrillBroker,
  drillEnv,
  killOnExit,
  until,
} from './lib';

const NAME = 'hostile';

export interface HostileDrillCounts {
  requests: number;
  /** answers by class: 2xx, 4xx, 5xx, timeout, closed … */
  answers: Record<string, number>;
  /** 5xx, no answer, a hostile write accepted, the API exiting (see the hostile runner) */
  findings: number;
  /** the findings, one block per distinct problem with a request to reproduce it */
  report: string;
  /** 503 problem documents of the task operations, whose Tasklist this stack does not run */
  tasksUnavailable: number;
  /** tables or files that changed during the run */
  writes: string[];
  alive: { api: boolean; workers: boolean; broker: boolean };
  /** positive control: a valid proposal after the run started its lifecycle */
  controlStarted: boolean;
}

export const formatHostileCounts = (c: HostileDrillCounts) =>
  `${c.requests} requests, ${c.answers['5xx'] ?? 0} 5xx (${c.tasksUnavailable} of them task operations without Tasklist), ${c.findings} findings, ${c.writes.length} writes; ` +
  `alive: API ${c.alive.api}, workers ${c.alive.workers}, broker ${c.alive.broker}; ` +
  `valid proposal afterwards started its lifecycle: ${c.controlStarted}`;

/** A task operation answered 503 "unavailable": the web apps are not part of this stack. */
const tasksUnavailable = (f: Finding) =>
  / \/api\/(projects\/\{code\}\/)?tasks/.test(f.request.operation) &&
  f.outcome.status === 503 &&
  f.outcome.excerpt.includes('problem:unavailable');

/** Snapshots two seconds apart until two are equal: the lifecycle's workers have stopped writing. */
async function settled(ds: DataSource, documentsDir: string): Promise<void> {
  let last = JSON.stringify(await snapshot(ds, documentsDir));
  const quiet = await until(async () => {
    await new Promise((r) => setTimeout(r, 2_000));
    const now = JSON.stringify(await snapshot(ds, documentsDir));
    const same = now === last;
    last = now;
    return same;
  }, 120_000);
  if (!quiet) throw new Error('the stack kept writing for 2 minutes before the run: no baseline');
}

export async function hostileStackDrill(
  runs = 600,
  log: (line: string) => void = console.log,
): Promise<HostileDrillCounts> {
  const seed = Number(process.env.HOSTILE_SEED ?? crypto.randomInt(2 ** 31));
  const config = drillConfig(NAME);
  const db = await drillDatabase(config, NAME);
  let ds: DataSource | undefined;
  const broker = await DrillBroker.create(config, path.join(drillDir(config, NAME), 'camunda'));
  const camunda = connectCamunda(config);
  const env = drillEnv(NAME, { DATABASE_URL: db.url, LOG_LEVEL: 'warn', LOG_PRETTY: 'false' });
  let workers: ChildProcess | undefined;
  let api: ApiProcess | undefined;
  try {
    ds = await drillDataSource(db.url);
    const data = ds;
    log('starting the drill broker…');
    await broker.start();
    await deployWorkflows(camunda.zeebe, listWorkflowFiles(paths.workflows));
    // node itself runs the workers (a tsx launcher's child would outlive a kill)
    workers = spawn(process.execPath, ['--import', 'tsx', path.join(paths.repoRoot, 'workers', 'index.ts')], {
      cwd: paths.repoRoot,
      env,
      stdio: 'ignore',
    });
    killOnExit(workers);
    const apiEnv = Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
    );
    api = await startApi({ ...apiEnv, DOCUMENT_MAX_BYTES: String(64 * 1024) });
    const current = () => api!;
    const ctx = await hostileContext(data, current, seed, 64 * 1024);
    const documentsDir = () => path.join(current().dataDir, 'documents');
    log(`target project ${ctx.projectCode}; waiting until its lifecycle stops writing…`);
    await settled(data, documentsDir());

    const { before, after, result } = await hostileRun(data, ctx, {
      api: current,
      restart: async () => {
        api = await startApi(apiEnv, current().dataDir);
      },
      seed,
      runs,
      documentsDir,
      print: log,
    });

    const findings = result.findings.filter((f) => !tasksUnavailable(f));
    const apiAlive =
      current().exited() === undefined &&
      (await fetch(`http://127.0.0.1:${current().port}/health`).then(
        (r) => r.ok,
        () => false,
      ));
    const workersAlive = workers.exitCode === null && workers.signalCode === null;
    const brokerAlive = await gatewayAnswers(camundaAddresses(config).rest);
    const control = await callApi(
      current,
      'POST',
      '/api/projects',
      ctx.auth.applicant,
      hostileProposal('恶意请求演练之后的对照提交'),
      { 'idempotency-key': `hostile-drill-control-${seed}` },
    );
    const code = control.status === 201 ? ((await control.json()) as { code: string }).code : undefined;
    const controlStarted =
      code !== undefined &&
      (await until(
        async () =>
          Boolean((await data.getRepository(ProjectEntity).findOneBy({ code }))?.processInstanceKey),
        60_000,
      ));
    return {
      requests: result.sent,
      answers: result.tally,
      findings: findings.length,
      report: report(findings),
      tasksUnavailable: result.findings.length - findings.length,
      writes: differences(before, after),
      alive: { api: apiAlive, workers: workersAlive, broker: brokerAlive },
      controlStarted,
    };
  } finally {
    await api?.stop();
    if (workers) await terminate(workers, 10_000);
    await camunda.close().catch(() => undefined);
    await broker.stop();
    await ds?.destroy();
    await db.stop();
  }
}
