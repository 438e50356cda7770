/**
 * `npm run opensearch -- <command>`: the dev OpenSearch node (for Operate and Tasklist) on its own.
 *   fetch    download from Maven Central, verify and assemble OPENSEARCH_VERSION (once)
 *   start    start it in the background (data in DATA_DIR/dev/opensearch) and wait for health
 *   status   cluster health
 *   stop     stop the one started by `start`
 *   logs     the last 100 lines of its log
 */
import path from 'node:path';
import { loadConfig } from '../src/shared/config';
import { createOpenSearch } from './lib/services/opensearch';
import { serviceCli } from './lib/services/service';

async function main(): Promise<void> {
  const config = loadConfig();
  const service = createOpenSearch(config, path.join(config.DATA_DIR, 'dev', 'opensearch'));
  process.exitCode = await serviceCli(service, process.argv[2]);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
