/**
 * Brings up what the application runs on, for both `npm start` and `npm test`, as a list of
 * services started in order: the database (migrated), then — with CAMUNDA_WEBAPPS — OpenSearch and
 * Keycloak (realm seeded), the Camunda broker (exporting to OpenSearch when the web apps run), then
 * Tasklist and Operate. Each part registers its own clean-up, so a failure stops what already runs.
 */
import path from 'node:path';
import type { Config } from '../../src/shared/config';
import { ensureDistribution } from './camunda-dist';
import { startCamunda, type CamundaProcess } from './camunda-runtime';
import { ensureDatabase } from './database';
import { findJdk } from './java';
import { prepareDatabase } from './prepare-database';
import type { Lifecycle } from './lifecycle';
import { createKeycloak, keycloakUrl } from './services/keycloak';
import { seedRealm } from './services/keycloak-realm';
import { createOpenSearch, opensearchUrl } from './services/opensearch';
import { startService, type RunningService, type StackService } from './services/service';
import { createWebapp, webappUrl } from './services/webapps';

export interface Backend {
  camunda: CamundaProcess;
  databaseUrl: string;
  /** ms from the command's start until each part was ready */
  timings: Record<string, number>;
  /** ms each part took from its own start to ready */
  startToReady: Record<string, number>;
  /** pid of each long-running process, for the footprint */
  pids: Record<string, number>;
  /** OpenSearch, Keycloak, Tasklist and Operate when CAMUNDA_WEBAPPS */
  services: RunningService[];
}

export async function startBackend(
  config: Config,
  lifecycle: Lifecycle,
  opts: { profileDir: string; freshDatabase: boolean },
): Promise<Backend> {
  const timings: Record<string, number> = {};
  const startToReady: Record<string, number> = {};
  const pids: Record<string, number> = {};
  const services: RunningService[] = [];
  const t0 = Date.now();

  const jdk = findJdk();
  console.log(`Java ${jdk.version} at ${jdk.home}`);
  const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
  timings.distribution = Date.now() - t0;

  let t = Date.now();
  const db = await ensureDatabase({
    url: config.DATABASE_URL,
    autostart: config.DB_AUTOSTART,
    privatePort: config.DB_PRIVATE_PORT,
    privateDir: path.join(opts.profileDir, 'mariadb'),
    fresh: opts.freshDatabase,
  });
  lifecycle.onStop('database', () => db.stop());
  const { applied, adminCreated } = await prepareDatabase(db.url, config);
  if (adminCreated) console.log(`Created the initial administrator "${config.ADMIN_USERNAME}"`);
  console.log(`Database ready (${applied.length} migration(s) applied)`);
  timings.database = Date.now() - t0;
  startToReady.database = Date.now() - t;

  const start = async (key: string, service: StackService, after?: () => Promise<void>) => {
    console.log(`Starting ${service.name}…`);
    const s = Date.now();
    const running = await startService(service);
    lifecycle.onStop(service.name, () => running.stop());
    await after?.();
    startToReady[key] = Date.now() - s;
    timings[key] = Date.now() - t0;
    pids[key] = running.pid;
    services.push(running);
    console.log(`  ${service.name} ready in ${(startToReady[key] / 1000).toFixed(1)} s`);
  };
  const dir = (name: string) => path.join(opts.profileDir, name);

  if (config.CAMUNDA_WEBAPPS) {
    await start('opensearch', createOpenSearch(config, dir('opensearch')));
    await start('keycloak', createKeycloak(config, dir('keycloak')), async () => {
      const seeded = await seedRealm(
        keycloakUrl(config),
        { user: config.KEYCLOAK_ADMIN, password: config.KEYCLOAK_ADMIN_PASSWORD },
        {
          realm: config.KEYCLOAK_REALM,
          clientSecret: config.KEYCLOAK_CLIENT_SECRET,
          webappUrls: [webappUrl(config, 'operate'), webappUrl(config, 'tasklist')],
        },
      );
      console.log(
        `  realm "${config.KEYCLOAK_REALM}" ${seeded.created ? 'created' : `checked (${seeded.added} missing entries added)`}`,
      );
    });
  }

  console.log(
    `Starting Camunda ${dist.version}${config.CAMUNDA_CLOCK_CONTROLLED ? ' with the controlled clock' : ''}…`,
  );
  t = Date.now();
  const camunda = await startCamunda({
    config,
    dist,
    jdk,
    dataDir: dir('camunda'),
    opensearchUrl: config.CAMUNDA_WEBAPPS ? opensearchUrl(config) : undefined,
  });
  lifecycle.onStop('Camunda', () => camunda.stop());
  timings.camunda = Date.now() - t0;
  startToReady.camunda = Date.now() - t;
  if (camunda.child.pid) pids.camunda = camunda.child.pid;

  if (config.CAMUNDA_WEBAPPS) {
    await start('tasklist', createWebapp(config, 'tasklist', dir('tasklist')));
    await start('operate', createWebapp(config, 'operate', dir('operate')));
  }
  return { camunda, databaseUrl: db.url, timings, startToReady, pids, services };
}
