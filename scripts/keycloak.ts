/**
 * `npm run keycloak -- <command>`: the dev Keycloak (the local OIDC provider) on its own.
 *   fetch    download KEYCLOAK_VERSION from Maven Central, verify and unpack it (once)
 *   start    start it in the background (data in DATA_DIR/dev/keycloak) and wait for health
 *   status   readiness (health endpoint)
 *   stop     stop the one started by `start`
 *   logs     the last 100 lines of its log
 *   seed     create or complete the realm KEYCLOAK_REALM in the running instance
 */
import path from 'node:path';
import { loadConfig } from '../src/shared/config';
import { seedConfiguredRealm } from './lib/backend';
import { createKeycloak } from './lib/services/keycloak';
import { serviceCli } from './lib/services/service';

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv[2] === 'seed') {
    const result = await seedConfiguredRealm(config);
    console.log(
      result.created ? `realm "${config.KEYCLOAK_REALM}" created` : `${result.added} missing entries added`,
    );
    return;
  }
  const service = createKeycloak(config, path.join(config.DATA_DIR, 'dev', 'keycloak'));
  process.exitCode = await serviceCli(service, process.argv[2]);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
