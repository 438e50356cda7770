/**
 * `npm start` — the whole system in the foreground: database (migrated), Camunda, every workflow
 * deployed, the workers and the API (supervised: restarted after a crash, within a bound). Prints the
 * URLs; Ctrl-C stops everything.
 */
import path from 'node:path';
import { camundaAddresses, loadConfig } from '../src/shared/config';
import { deployApplication, superviseApplication } from './lib/application';
import { startBackend } from './lib/backend';
import { keycloakUrl } from './lib/services/keycloak';
import { DEMO_PASSWORD, demoUsers } from './lib/services/keycloak-realm';
import { opensearchUrl } from './lib/services/opensearch';
import { residentMiB } from './lib/services/service';
import { webappUrl } from './lib/services/webapps';
import { Lifecycle, waitFor } from './lib/lifecycle';
import { assertPortsFree, canConnect } from './lib/ports';

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
      // the deployment, the workers and the API need only the database and the broker: they start
      // while Tasklist and Operate still do
      whenBrokerReady: async (databaseUrl) => {
        await deployApplication(config, databaseUrl);
        // a crashed child is restarted (bounded); one that keeps crashing stops the stack (README)
        const supervisor = superviseApplication({
          env: { DATABASE_URL: databaseUrl, LOG_PRETTY: 'true' },
          stdio: 'inherit',
          onGiveUp: () => void lifecycle.stop().then(() => process.exit(1)),
        });
        lifecycle.onStop('workers and API', () => supervisor.stop());
        await waitFor('API', () => canConnect(config.API_PORT, config.API_HOST), 60_000);
      },
    });

    const a = camundaAddresses(config);
    const webapps = config.CAMUNDA_WEBAPPS
      ? `
  Tasklist         ${webappUrl(config, 'tasklist')}   (officers' tasks; sign in through Keycloak)
  Operate          ${webappUrl(config, 'operate')}   (instances and incidents; administrators act)
  Keycloak         ${keycloakUrl(config)}/admin/   (realm "${config.KEYCLOAK_REALM}"; console: ${config.KEYCLOAK_ADMIN} / ${config.KEYCLOAK_ADMIN_PASSWORD === 'admin' ? 'admin (local-only default)' : '(KEYCLOAK_ADMIN_PASSWORD)'})
  OpenSearch       ${opensearchUrl(config)}
Local demo logins for the modeler, Tasklist and Operate (local-only, password "${DEMO_PASSWORD}"):
  ${demoUsers()
    .map((u) => u.username)
    .join(', ')}`
      : '\nOperate and Tasklist are off (CAMUNDA_WEBAPPS=false).';
    console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.
  API              http://${config.API_HOST}:${config.API_PORT}   (health: /health)
  API docs         http://${config.API_HOST}:${config.API_PORT}/api/docs
  Web modeler      http://${config.API_HOST}:${config.API_PORT}/modeler/
  Camunda REST     ${a.rest}/v2   (topology: ${a.rest}/v2/topology)
  Zeebe gRPC       ${a.grpc}
  Management       ${a.management}/actuator/health
  Database         ${backend.databaseUrl.replace(/:[^:@/]*@/, ':***@')}
  Camunda log      ${backend.camunda.logFile}${webapps}
Sign-in: through Keycloak (one login for the modeler, the API, Tasklist and Operate); HTTP Basic (${config.ADMIN_USERNAME}) only with API_BASIC_AUTH=true
The gateway and the API listen on 127.0.0.1 only.
Press Ctrl-C to stop everything.`);
    // the footprint (README): start to ready of each part and its resident memory after a minute idle
    setTimeout(() => {
      const rows = Object.entries(backend.pids).map(
        ([name, pid]) =>
          `  ${name.padEnd(12)} ${((backend.startToReady[name] ?? 0) / 1000).toFixed(1).padStart(6)} s  ${residentMiB(pid).toFixed(0).padStart(6)} MiB`,
      );
      const total = Object.values(backend.pids).reduce((sum, pid) => sum + residentMiB(pid), 0);
      console.log(
        `Footprint after 60 s idle (start to ready, resident memory):\n${rows.join('\n')}\n  total RSS ${total.toFixed(0)} MiB`,
      );
    }, 60_000).unref();
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
