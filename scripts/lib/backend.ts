/**
 * Brings up what the application runs on — the database with migrations applied and the Camunda
 * broker — for both `npm start` and `npm test`. Each part registers its own clean-up.
 */
import path from 'node:path';
import type { Config } from '../../src/shared/config';
import { ensureDistribution } from './camunda-dist';
import { startCamunda, type CamundaProcess } from './camunda-runtime';
import { ensureDatabase } from './database';
import { findJdk } from './java';
import { prepareDatabase } from './prepare-database';
import type { Lifecycle } from './lifecycle';

export interface Backend {
  camunda: CamundaProcess;
  databaseUrl: string;
  timings: Record<string, number>;
}

export async function startBackend(
  config: Config,
  lifecycle: Lifecycle,
  opts: { profileDir: string; freshDatabase: boolean; opensearchUrl?: string },
): Promise<Backend> {
  const timings: Record<string, number> = {};
  const t0 = Date.now();

  const jdk = findJdk();
  console.log(`Java ${jdk.version} at ${jdk.home}`);
  const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
  timings.distribution = Date.now() - t0;

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

  console.log(
    `Starting Camunda ${dist.version}${config.CAMUNDA_CLOCK_CONTROLLED ? ' with the controlled clock' : ''}…`,
  );
  const camunda = await startCamunda({
    config,
    dist,
    jdk,
    dataDir: path.join(opts.profileDir, 'camunda'),
    opensearchUrl: opts.opensearchUrl,
  });
  lifecycle.onStop('Camunda', () => camunda.stop());
  timings.camunda = Date.now() - t0;
  return { camunda, databaseUrl: db.url, timings };
}
