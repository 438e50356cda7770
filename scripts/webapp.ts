/**
 * `npm run webapp -- tasklist|operate <command>`: one of Camunda's web apps on its own, on the dev
 * folder (DATA_DIR/dev/<app>) — e.g. to restart Tasklist while `npm start` runs (README, "When
 * OpenSearch dies while the stack runs"); `npm start`'s Ctrl-C stops the one started here too.
 * Tasklist's commands apply to its guard (src/tasklist-guard) as well.
 *   fetch    download and unpack the Camunda distribution (once)
 *   start    start it in the background and wait until it answers
 *   status   whether it answers
 *   stop     stop the one running on the dev folder
 *   logs     the last 100 lines of its log
 */
import path from 'node:path';
import { loadConfig } from '../src/shared/config';
import { opensearchUrl } from './lib/services/opensearch';
import { serviceCli } from './lib/services/service';
import { fixTasklistListViewDates } from './lib/services/tasklist-dates';
import { createTasklistGuardService } from './lib/services/tasklist-guard';
import { createWebapp, type WebApp } from './lib/services/webapps';

const APPS: readonly WebApp[] = ['tasklist', 'operate'];

async function main(): Promise<void> {
  const [app, command] = process.argv.slice(2);
  if (!APPS.includes(app as WebApp)) {
    console.log('usage: npm run webapp -- tasklist|operate fetch|start|status|stop|logs');
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const service = createWebapp(config, app as WebApp, path.join(config.DATA_DIR, 'dev', app!));
  process.exitCode = await serviceCli(service, command);
  // Tasklist comes with its guard on the public port (src/tasklist-guard)
  if (app === 'tasklist' && process.exitCode === 0 && command !== 'fetch') {
    const guard = createTasklistGuardService(config, path.join(config.DATA_DIR, 'dev', 'tasklist-guard'));
    process.exitCode = await serviceCli(guard, command);
  }
  // on fresh data Tasklist has just created its list view index: the dates work-around goes on it
  if (app === 'tasklist' && command === 'start' && process.exitCode === 0)
    await fixTasklistListViewDates(opensearchUrl(config));
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
