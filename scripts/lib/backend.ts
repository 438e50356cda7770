/**
 * Brings up what the application runs on, for both `npm start` and `npm test`: the database
 * (migrated) and — with CAMUNDA_WEBAPPS — OpenSearch and Keycloak (realm seeded) at once; once
 * OpenSearch is ready, the Camunda broker (it exports there when the web apps run) and Tasklist and
 * Operate beside it (they need OpenSearch to start; the broker and Keycloak only once they import
 * and sign someone in). What needs only the database and the broker (`npm start`: the deployment,
 * the workers and the API) may run as soon as those are ready, while the web apps still start.
 * Each part registers its own clean-up, so a failure stops what already runs.
 */
import path from 'node:path';
import { apiPublicUrl } from '../../src/shared/auth/settings';
import type { Config } from '../../src/shared/config';
import { ensureDistribution } from './camunda-dist';
import { startCamunda, type CamundaProcess } from './camunda-runtime';
import { ensureDatabase } from './database';
import { findJdk } from './java';
import { prepareDatabase } from './prepare-database';
import { settled, type Lifecycle } from './lifecycle';
import { createKeycloak, keycloakUrl } from './services/keycloak';
import { seedRealm } from './services/keycloak-realm';
import { createOpenSearch, opensearchUrl } from './services/opensearch';
import { cpuSeconds, startService, type RunningService, type StackService } from './services/service';
import { fixTasklistListViewDates } from './services/tasklist-dates';
import { createTasklistGuardService } from './services/tasklist-guard';
import { createWebapp, webappUrl } from './services/webapps';

export interface Backend {
  camunda: CamundaProcess;
  databaseUrl: string;
  /** when startBackend was called (epoch ms) */
  startedAt: number;
  /** ms from the command's start until each part was ready */
  timings: Record<string, number>;
  /** ms each part took from its own start to ready */
  startToReady: Record<string, number>;
  /** CPU seconds each part's processes used from its start to ready */
  cpuToReady: Record<string, number>;
  /** pid of each long-running process, for the footprint */
  pids: Record<string, number>;
  /** OpenSearch, Keycloak, Tasklist, its guard and Operate when CAMUNDA_WEBAPPS */
  services: RunningService[];
}

/** Seeds the local realm with this configuration's clients, secrets and URLs (`npm start`, `npm test`, `npm run keycloak -- seed`). */
export function seedConfiguredRealm(config: Config) {
  return seedRealm(
    keycloakUrl(config),
    { user: config.KEYCLOAK_ADMIN, password: config.KEYCLOAK_ADMIN_PASSWORD },
    {
      realm: config.KEYCLOAK_REALM,
      clientSecret: config.KEYCLOAK_CLIENT_SECRET,
      tasksClient: { clientId: config.TASKS_CLIENT_ID, secret: config.TASKS_CLIENT_SECRET },
      webappUrls: [webappUrl(config, 'operate'), webappUrl(config, 'tasklist')],
      api: {
        url: apiPublicUrl(config),
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
      },
    },
  );
}

export async function startBackend(
  config: Config,
  lifecycle: Lifecycle,
  opts: {
    profileDir: string;
    freshDatabase: boolean;
    /** runs once the database and the broker are ready (with the database's URL), beside the web apps */
    whenBrokerReady?: (databaseUrl: string) => Promise<void>;
  },
): Promise<Backend> {
  const timings: Record<string, number> = {};
  const startToReady: Record<string, number> = {};
  const pids: Record<string, number> = {};
  const cpuToReady: Record<string, number> = {};
  const services: RunningService[] = [];
  const t0 = Date.now();

  const jdk = findJdk();
  console.log(`Java ${jdk.version} at ${jdk.home}`);
  const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
  timings.distribution = Date.now() - t0;

  const dir = (name: string) => path.join(opts.profileDir, name);

  const database = (async () => {
    const t = Date.now();
    const db = await ensureDatabase({
      url: config.DATABASE_URL,
      autostart: config.DB_AUTOSTART,
      privatePort: config.DB_PRIVATE_PORT,
      privateDir: dir('mariadb'),
      fresh: opts.freshDatabase,
    });
    lifecycle.onStop('database', () => db.stop());
    const { applied, adminCreated } = await prepareDatabase(db.url, config);
    if (adminCreated) console.log(`Created the initial administrator "${config.ADMIN_USERNAME}"`);
    console.log(`Database ready (${applied.length} migration(s) applied)`);
    timings.database = Date.now() - t0;
    startToReady.database = Date.now() - t;
    return db;
  })();

  const start = async (key: string, service: StackService, after?: () => Promise<void>) => {
    console.log(`Starting ${service.name}…`);
    const s = Date.now();
    const running = await startService(service).catch((e: unknown) => {
      // the full message follows once the parts still starting are up (and then stopped)
      console.log(`  ${service.name} did not start; stopping the rest once it is up…`);
      throw e;
    });
    lifecycle.onStop(service.name, () => running.stop());
    await after?.();
    startToReady[key] = Date.now() - s;
    timings[key] = Date.now() - t0;
    pids[key] = running.pid;
    cpuToReady[key] = cpuSeconds(running.pid);
    services.push(running);
    console.log(`  ${service.name} ready in ${(startToReady[key] / 1000).toFixed(1)} s`);
  };

  // OpenSearch, Keycloak and the database start together; the broker and the web apps as soon as
  // OpenSearch is ready (the broker's exporter writes there, the web apps keep their data there).
  // The web apps ask Keycloak only when someone signs in (the Identity SDK is lazy), and import
  // what the broker exports whenever it comes: waiting for either would only delay the stack
  const webapps = config.CAMUNDA_WEBAPPS;
  const opensearch = webapps ? start('opensearch', createOpenSearch(config, dir('opensearch'))) : undefined;
  const keycloak = webapps
    ? start('keycloak', createKeycloak(config, dir('keycloak')), async () => {
        const seeded = await seedConfiguredRealm(config);
        console.log(
          `  realm "${config.KEYCLOAK_REALM}" ${seeded.created ? 'created' : `checked (${seeded.added} missing entries added)`}`,
        );
      })
    : undefined;
  const broker = (async () => {
    await opensearch;
    console.log(
      `Starting Camunda ${dist.version}${config.CAMUNDA_CLOCK_CONTROLLED ? ' with the controlled clock' : ''}…`,
    );
    const t = Date.now();
    const camunda = await startCamunda({
      config,
      dist,
      jdk,
      dataDir: dir('camunda'),
      opensearchUrl: webapps ? opensearchUrl(config) : undefined,
    });
    lifecycle.onStop('Camunda', () => camunda.stop());
    timings.camunda = Date.now() - t0;
    startToReady.camunda = Date.now() - t;
    if (camunda.child.pid) {
      pids.camunda = camunda.child.pid;
      cpuToReady.camunda = cpuSeconds(camunda.child.pid);
    }
    return camunda;
  })();
  const tasklistAndOperate = opensearch
    ? opensearch.then(() =>
        settled([
          start('tasklist', createWebapp(config, 'tasklist', dir('tasklist')), () =>
            fixTasklistListViewDates(opensearchUrl(config)),
          ),
          // officers reach Tasklist only through it (src/tasklist-guard)
          start('tasklist-guard', createTasklistGuardService(config, dir('tasklist-guard'))),
          start('operate', createWebapp(config, 'operate', dir('operate'))),
        ]),
      )
    : undefined;
  // every branch has finished (ready or failed) before a failure is reported, so the caller's
  // clean-up stops whatever did start
  const whenBrokerReady = opts.whenBrokerReady;
  const application = whenBrokerReady
    ? Promise.all([database, broker]).then(([db]) => whenBrokerReady(db.url))
    : undefined;
  await settled([database, opensearch, keycloak, broker, tasklistAndOperate, application]);
  const [db, camunda] = await Promise.all([database, broker]);
  return { camunda, databaseUrl: db.url, startedAt: t0, timings, startToReady, cpuToReady, pids, services };
}
