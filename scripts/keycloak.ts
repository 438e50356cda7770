/**
 * `npm run keycloak -- <command>`: the dev Keycloak (the local OIDC provider) on its own.
 *   fetch    download KEYCLOAK_VERSION from Maven Central, verify and unpack it (once)
 *   start    start it in the background (data in DATA_DIR/dev/keycloak) and wait for health
 *   status   readiness (health endpoint)
 *   stop     stop the one started by `start`
 *   logs     the last 100 lines of its log
 */
import path from 'node:path';
import { loadConfig } from '../src/shared/config';
import { createKeycloak } from './lib/services/keycloak';
import { serviceCli } from './lib/services/service';

async function main(): Promise<void> {
  const config = loadConfig();
  const service = createKeycloak(config, path.join(config.DATA_DIR, 'dev', 'keycloak'));
  process.exitCode = await serviceCli(service, process.argv[2]);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
