/**
 * The worker process the worker-killed drill SIGKILLs: runs the drill workers on the drill broker
 * (DRILL_NAME, DRILL_DATABASE_URL, DRILL_JOB_TIMEOUT_MS, DRILL_MAX_JOBS from the environment); each
 * effect job writes its side effect and is then held, never completed, until the process dies.
 */
import { connectCamunda, drillConfig, drillDataSource, runDrillWorkers } from './lib';

async function main(): Promise<void> {
  const config = drillConfig(process.env.DRILL_NAME ?? 'worker-killed');
  const ds = await drillDataSource(process.env.DRILL_DATABASE_URL ?? config.DATABASE_URL);
  await runDrillWorkers(connectCamunda(config), ds, {
    mode: config.WORKER_MODE,
    jobTimeoutMs: Number(process.env.DRILL_JOB_TIMEOUT_MS ?? 15_000),
    maxJobs: Number(process.env.DRILL_MAX_JOBS ?? 32),
    afterEffect: () => new Promise<void>(() => undefined),
  });
  console.log('workers ready');
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
