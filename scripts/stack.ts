/**
 * `npm start` — the whole system in the foreground: database (migrated), Camunda, every workflow
 * deployed, the workers and the API (supervised: restarted after a crash, within a bound). Prints the
 * URLs; Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { camundaAddresses, loadConfig, paths } from '../src/shared/config';
import { connectCamunda, deployWorkflows, listWorkflowFiles } from '../src/shared/camunda';
import { recordWorkflowDeployment } from '../src/modeler';
import { createDataSource } from '../src/shared/db';
import { startBackend } from './lib/backend';
import { Lifecycle, waitFor } from './lib/lifecycle';
import { assertPortsFree, canConnect } from './lib/ports';
import { Supervisor } from './lib/supervisor';
import { ensureModelerBuilt } from './lib/web-modeler';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig({ LOG_PRETTY: 'true', ...process.env });
  const lifecycle = new Lifecycle();
  lifecycle.stopOnSignals(0);
  try {
    await assertPortsFree({ API: config.API_PORT });
    const backend = await startBackend(config, lifecycle, {
      profileDir: path.join(config.DATA_DIR, 'dev'),
      freshDatabase: false,
    });

    console.log(`  web modeler: ${await ensureModelerBuilt()}`);
    const camunda = connectCamunda(config);
    const files = listWorkflowFiles(paths.workflows);
    const deployed = await deployWorkflows(camunda.zeebe, files);
    await camunda.close();
    const ds = await createDataSource(backend.databaseUrl).initialize();
    await recordWorkflowDeployment(ds, files, deployed);
    await ds.destroy();
    for (const d of deployed) console.log(`  deployed ${d.kind} ${d.id} v${d.version}`);

    const env = { ...process.env, DATABASE_URL: backend.databaseUrl, LOG_PRETTY: 'true' };
    const tsx = path.join(paths.repoRoot, 'node_modules', '.bin', 'tsx');
    // a crashed child is restarted (bounded); one that keeps crashing stops the stack (README)
    const supervisor = new Supervisor({
      onGiveUp: () => void lifecycle.stop().then(() => process.exit(1)),
    });
    lifecycle.onStop('workers and API', () => supervisor.stop());
    for (const [name, entry] of [
      ['workers', 'workers/index.ts'],
      ['api', 'src/main.ts'],
    ] as const) {
      supervisor.add(name, () =>
        spawn(tsx, [entry], { cwd: paths.repoRoot, env: { ...env, SERVICE_NAME: name }, stdio: 'inherit' }),
      );
    }
    await waitFor('API', () => canConnect(config.API_PORT, config.API_HOST), 60_000);

    const a = camundaAddresses(config);
    console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.
  API              http://${config.API_HOST}:${config.API_PORT}   (health: /health)
  API docs         http://${config.API_HOST}:${config.API_PORT}/api/docs
  Web modeler      http://${config.API_HOST}:${config.API_PORT}/modeler/
  Camunda REST     ${a.rest}/v2   (topology: ${a.rest}/v2/topology)
  Zeebe gRPC       ${a.grpc}
  Management       ${a.management}/actuator/health
  Database         ${backend.databaseUrl.replace(/:[^:@/]*@/, ':***@')}
  Camunda log      ${backend.camunda.logFile}
Operate and Tasklist are not started by this Camunda version without Elasticsearch (see README, "Camunda version, Operate and Tasklist").
Login (API, HTTP Basic): ${config.ADMIN_USERNAME} / ${config.ADMIN_PASSWORD === 'admin' ? 'admin (local-only default; set ADMIN_PASSWORD)' : '(ADMIN_PASSWORD)'}
The gateway and the API listen on 127.0.0.1 only.
Press Ctrl-C to stop everything.`);
  } catch (e) {
    console.error(`\n${(e as Error).message}`);
    await lifecycle.stop();
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
