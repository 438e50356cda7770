/** Entry point of the API process: connect, listen, stop cleanly on SIGINT/SIGTERM. */
import path from 'node:path';
import { createApp } from './app';
import { LocalFileStorage } from './documents';
import { CalendarService } from './calendar';
import { camundaAddresses, config } from './shared/config';
import { modelerDeps } from './modeler';
import { createDataSource } from './shared/db';
import { connectCamunda } from './shared/camunda';
import { OutboxDispatcher, outboxSettings } from './outbox';
import { logger } from './shared/logger';

async function main(): Promise<void> {
  const c = config();
  const log = logger().child({ component: 'api' });
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(c.API_HOST);
  if (!loopback && c.ADMIN_PASSWORD === 'admin') {
    throw new Error(
      `API_HOST=${c.API_HOST} is reachable from other machines: set ADMIN_PASSWORD to a real secret first`,
    );
  }
  const dataSource = await createDataSource(c.DATABASE_URL).initialize();
  const camunda = connectCamunda(c);
  const outbox = new OutboxDispatcher(dataSource, camunda.zeebe, log, outboxSettings(c));
  outbox.start();
  const app = createApp({
    onProposalSubmitted: () => outbox.kick(),
    dataSource,
    camundaRestAddress: camundaAddresses(c).rest,
    calendar: new CalendarService(dataSource),
    oidc: c.OIDC_ISSUER
      ? { issuer: c.OIDC_ISSUER, jwksUrl: c.OIDC_JWKS_URL, audience: c.OIDC_AUDIENCE }
      : undefined,
    documents: {
      storage: new LocalFileStorage(path.join(c.DATA_DIR, 'documents')),
      maxBytes: c.DOCUMENT_MAX_BYTES,
    },
    modeler: modelerDeps(c, camunda.zeebe),
    log,
  });
  const server = app.listen(c.API_PORT, c.API_HOST, () => log.info({ port: c.API_PORT }, 'API listening'));
  const stop = () => {
    log.info('API stopping');
    server.close(
      () =>
        void outbox
          .stop()
          .then(() => camunda.close())
          .then(() => dataSource.destroy())
          .then(() => process.exit(0)),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`API failed to start: ${(e as Error).message}`);
  process.exit(1);
});
