/**
 * Drill 1 — broker killed: `n` instances in flight when Camunda gets SIGKILL; it restarts on the same
 * data; every instance must complete and no side effect may be written twice.
 * `npm run bench -- drill broker-killed [n]`
 */
import type { DataSource } from 'typeorm';
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
  redeliveredJobs,
  runDrillWorkers,
  startInstances,
  until,
  type DrillCounts,
} from './lib';
import path from 'node:path';

const NAME = 'broker-killed';

export async function brokerKilledDrill(
  n = 200,
  log: (line: string) => void = console.log,
): Promise<
  DrillCounts & {
    effectsBeforeKill: number;
    completedBeforeKill: number;
    redelivered: number;
    recoverySeconds: number;
  }
> {
  const config = drillConfig(NAME);
  const db = await drillDatabase(config, NAME);
  let ds: DataSource | undefined;
  const broker = await DrillBroker.create(config, path.join(drillDir(config, NAME), 'camunda'));
  const camunda = connectCamunda(config);
  try {
    ds = await drillDataSource(db.url);
    const data = ds;
    log('starting the drill broker…');
    await broker.start();
    await deployDrillProcess(camunda);
    // a slow side effect keeps instances in flight when the broker dies
    const workers = await runDrillWorkers(camunda, data, {
      mode: config.WORKER_MODE,
      jobTimeoutMs: 10_000,
      maxJobs: 8,
      afterEffect: () => new Promise((r) => setTimeout(r, 1_000)),
    });
    const run = drillRun(NAME);
    const started = await startInstances(camunda, run, n);
    await until(
      async () =>
        Number((await data.query('SELECT COUNT(*) AS n FROM drill_effect WHERE run = ?', [run]))[0].n) >=
        n / 4,
      60_000,
    );
    const [{ n: effectsBeforeKill }] = await data.query(
      'SELECT COUNT(*) AS n FROM drill_effect WHERE run = ?',
      [run],
    );
    const [{ n: completedBeforeKill }] = await data.query(
      'SELECT COUNT(*) AS n FROM drill_done WHERE run = ?',
      [run],
    );
    log(
      `${started} instances started; SIGKILL to the broker after ${effectsBeforeKill} side effects and ${completedBeforeKill} completions`,
    );
    await broker.kill();
    await new Promise((r) => setTimeout(r, 3_000));
    log('restarting the broker on the same data…');
    await broker.start();
    const back = Date.now();
    await until(
      async () =>
        Number((await data.query('SELECT COUNT(*) AS n FROM drill_done WHERE run = ?', [run]))[0].n) >= n,
      240_000,
    );
    const recoverySeconds = (Date.now() - back) / 1000;
    log(`every instance completed ${recoverySeconds.toFixed(1)} s after the broker was back`);
    await workers.stop();
    const counts = await drillCounts(data, run, started);
    return {
      ...counts,
      recoverySeconds,
      effectsBeforeKill: Number(effectsBeforeKill),
      completedBeforeKill: Number(completedBeforeKill),
      redelivered: await redeliveredJobs(data, run),
    };
  } finally {
    await camunda.close().catch(() => undefined);
    await broker.stop();
    await ds?.destroy();
    await db.stop();
  }
}
