/**
 * The application on top of the backend, as `npm start` runs it (and the footprint benchmark
 * measures it): the web modeler built, every workflow deployed and recorded, then the workers and
 * the API as supervised child processes.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { recordWorkflowDeployment } from '../../src/modeler';
import { connectCamunda, deployWorkflows, listWorkflowFiles } from '../../src/shared/camunda';
import { paths, type Config } from '../../src/shared/config';
import { createDataSource } from '../../src/shared/db';
import { Supervisor } from './supervisor';
import { ensureModelerBuilt } from './web-modeler';

/** The application's processes and their entry points, in start order. */
export const APPLICATION_PROCESSES = [
  ['workers', 'workers/index.ts'],
  ['api', 'src/main.ts'],
] as const;

export type ApplicationProcess = (typeof APPLICATION_PROCESSES)[number][0];

/** Builds the web modeler if stale, deploys every workflow and records the deployment; prints what it did. */
export async function deployApplication(config: Config, databaseUrl: string): Promise<void> {
  console.log(`  web modeler: ${await ensureModelerBuilt()}`);
  const camunda = connectCamunda(config);
  const files = listWorkflowFiles(paths.workflows);
  const deployed = await deployWorkflows(camunda.zeebe, files);
  await camunda.close();
  const ds = await createDataSource(databaseUrl).initialize();
  await recordWorkflowDeployment(ds, files, deployed);
  await ds.destroy();
  for (const d of deployed) console.log(`  deployed ${d.kind} ${d.id} v${d.version}`);
}

/**
 * Starts the workers and the API under a supervisor (a crashed child is restarted, within a bound;
 * README, "`npm start`"). `env` is added to this process's environment; `stdio` as for `spawn`.
 */
export function superviseApplication(opts: {
  env: NodeJS.ProcessEnv;
  stdio: StdioOptions;
  onGiveUp: (reason: string) => void;
}): Supervisor {
  const tsx = path.join(paths.repoRoot, 'node_modules', '.bin', 'tsx');
  const supervisor = new Supervisor({ onGiveUp: opts.onGiveUp });
  for (const [name, entry] of APPLICATION_PROCESSES) {
    supervisor.add(name, () =>
      spawn(tsx, [entry], {
        cwd: paths.repoRoot,
        env: { ...process.env, ...opts.env, SERVICE_NAME: name },
        stdio: opts.stdio,
      }),
    );
  }
  return supervisor;
}
