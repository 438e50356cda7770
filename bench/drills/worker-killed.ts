/**
 * Drill 2 — worker killed mid-job: a worker process holds `n` jobs whose side effect it already
 * wrote, and gets SIGKILL before completing them; the jobs come back after their timeout to another
 * worker, which finds the effects and completes them: each effect exactly once.
 * `npm run bench -- drill worker-killed [n]`
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { paths } from '../../src/shared/config';
import {
  connectCamunda,
  deployDrillProcess,
  drillConfig,
  drillCounts,
  drillDatabase,
  drillDataSource,
  drillDir,
  DrillBroker,
  drillRun,
  killOnExit,
  redeliveredJobs,
  runDrillWorkers,
  startInstances,
  until,
  type DrillCounts,
} from './lib';

const NAME = 'worker-killed';
export const WORKER_KILLED_JOB_TIMEOUT_MS = 15_000;

export async function workerKilledDrill(
  n = 200,
  log: (line: string) => void = console.log,
): Promise<DrillCounts & { held: number; redelivered: number; backAfterMs: number }> {
  const config = drillConfig(NAME);
  const db = await drillDatabase(config, NAME);
  let ds: DataSource | undefined;
  const broker = await DrillBroker.create(config, path.join(drillDir(config, NAME), 'camunda'));
  const camunda = connectCamunda(config);
  let child: ReturnType<typeof spawn> | undefined;
  let workers: Awaited<ReturnType<typeof runDrillWorkers>> | undefined;
  try {
    ds = await drillDataSource(db.url);
    const data = ds;
    log('starting the drill broker…');
    await broker.start();
    await deployDrillProcess(camunda);
    const worker = spawn(
      // node itself (not the tsx launcher, whose child would survive the kill) runs the workers
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'worker-child.ts')],
      {
        cwd: paths.repoRoot,
        env: {
          ...process.env,
          DRILL_NAME: NAME,
          DRILL_DATABASE_URL: db.url,
          DRILL_JOB_TIMEOUT_MS: String(WORKER_KILLED_JOB_TIMEOUT_MS),
          DRILL_MAX_JOBS: String(n),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const childReady = new Promise<void>((resolve, reject) => {
      worker.stdout.on('data', (b: Buffer) => /workers ready/.test(b.toString()) && resolve());
      worker.once('exit', (code) =>
        reject(new Error(`the worker process exited (${code}) before it was ready`)),
      );
    });
    const childGone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    child = worker;
    killOnExit(worker);
    await childReady;
    const run = drillRun(NAME);
    const started = await startInstances(camunda, run, n);
    const effects = async () =>
      Number((await data.query('SELECT COUNT(*) AS n FROM drill_effect WHERE run = ?', [run]))[0].n);
    await until(async () => (await effects()) >= n, 60_000);
    const held = await effects();
    const killedAt = Date.now();
    log(`the worker process holds ${held} jobs with their effects written; SIGKILL`);
    worker.kill('SIGKILL');
    await childGone;
    workers = await runDrillWorkers(camunda, data, {
      mode: config.WORKER_MODE,
      jobTimeoutMs: WORKER_KILLED_JOB_TIMEOUT_MS,
    });
    await until(
      async () =>
        Number((await data.query('SELECT COUNT(*) AS n FROM drill_done WHERE run = ?', [run]))[0].n) >= n,
      240_000,
    );
    const backAfterMs = (workers.attempts.firstAt ?? NaN) - killedAt;
    log(
      `the first job came back ${(backAfterMs / 1000).toFixed(1)} s after the kill (job timeout ${WORKER_KILLED_JOB_TIMEOUT_MS / 1000} s)`,
    );
    const counts = await drillCounts(data, run, started);
    return { ...counts, held, redelivered: await redeliveredJobs(data, run), backAfterMs };
  } finally {
    child?.kill('SIGKILL');
    await workers?.stop();
    await camunda.close().catch(() => undefined);
    await broker.stop();
    await ds?.destroy();
    await db.stop();
  }
}
