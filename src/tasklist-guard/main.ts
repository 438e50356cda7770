/**
 * Entry point of the Tasklist guard process: listen on Tasklist's public port, link tasks that
 * Tasklist imported before their form every TASKLIST_FORMS_RELINK_MS (forms.ts), stop cleanly on
 * signals.
 */
import { config, tasklistGuardOpenSearch, tasklistUpstream } from '../shared/config';
import { logger } from '../shared/logger';
import { stopOnSignalsAndFaults } from '../shared/process';
import { relinkTaskForms } from './forms';
import { createTasklistGuard } from './server';

const c = config();
const log = logger().child({ component: 'tasklist-guard' });
const upstream = tasklistUpstream(c);
const opensearch = tasklistGuardOpenSearch(c);
const server = createTasklistGuard({ upstream, log: (event, fields) => log.warn(fields, event) });
server.listen(c.TASKLIST_PORT, c.TASKLIST_GUARD_HOST, () =>
  log.info({ port: c.TASKLIST_PORT, upstream }, 'Tasklist guard listening'),
);

let relinking: NodeJS.Timeout | undefined;
let lastError = '';
const relink = async () => {
  try {
    const linked = await relinkTaskForms(opensearch);
    if (linked > 0) log.info({ linked }, 'tasks imported before their form linked to it');
    lastError = '';
  } catch (e) {
    // OpenSearch or Tasklist's indices not there yet: said once, tried again next round
    const message = (e as Error).message;
    if (message !== lastError) log.warn({ error: message, opensearch }, 'linking task forms failed');
    lastError = message;
  }
  relinking = setTimeout(() => void relink(), c.TASKLIST_FORMS_RELINK_MS);
};
if (c.TASKLIST_FORMS_RELINK_MS > 0) relinking = setTimeout(() => void relink(), c.TASKLIST_FORMS_RELINK_MS);

stopOnSignalsAndFaults({
  log,
  stop: () =>
    new Promise<void>((resolve) => {
      clearTimeout(relinking);
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
});
