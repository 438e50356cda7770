/** Entry point of the API process: connect, listen, stop cleanly on SIGINT/SIGTERM or a fault. */
import path from 'node:path';
import { createApp } from './app';
import { LocalFileStorage } from './documents';
import { CalendarService } from './calendar';
import { camundaAddresses, config, DEFAULT_ADMIN_PASSWORD } from './shared/config';
import { identitySettings, signInThrottleSettings } from './shared/auth';
import { refuseExposureWithKnownPasswords } from './users';
import { modelerDeps } from './modeler';
import { createDataSource } from './shared/db';
import { createHttpServer } from './shared/http';
import { stopOnSignalsAndFaults } from './shared/process';
import { connectCamunda } from './shared/camunda';
import { OutboxDispatcher, outboxSettings } from './outbox';
import { logger } from './shared/logger';
import { createTaskAccess } from './tasks';

async function main(): Promise<void> {
  const c = config();
  const log = logger().child({ component: 'api' });
  const dataSource = await createDataSource(c.DATABASE_URL).initialize();
  await refuseExposureWithKnownPasswords(dataSource, c.API_HOST, [DEFAULT_ADMIN_PASSWORD]);
  const identity = identitySettings(c);
  const camunda = connectCamunda(c);
  const outbox = new OutboxDispatcher(dataSource, camunda.zeebe, log, outboxSettings(c));
  outbox.start();
  const app = createApp({
    onProposalSubmitted: () => outbox.kick(),
    dataSource,
    camundaRestAddress: camundaAddresses(c).rest,
    calendar: new CalendarService(dataSource),
    oidc: identity.oidc,
    webSignIn: identity.web,
    basicAuth: identity.basic,
    signInThrottle: signInThrottleSettings(c),
    documents: {
      storage: new LocalFileStorage(path.join(c.DATA_DIR, 'documents')),
      maxBytes: c.DOCUMENT_MAX_BYTES,
    },
    modeler: modelerDeps(c, camunda.zeebe),
    tasks: createTaskAccess(c),
    log,
  });
  const server = createHttpServer(app, {
    headersTimeoutMs: c.API_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: c.API_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: c.API_KEEPALIVE_TIMEOUT_MS,
  }).listen(c.API_PORT, c.API_HOST, () => log.info({ port: c.API_PORT }, 'API listening'));
  stopOnSignalsAndFaults({
    log,
    stop: async () => {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeIdleConnections();
      });
      await outbox.stop();
      await camunda.close();
      await dataSource.destroy();
    },
  });
}

main().catch((e) => {
  console.error(`API failed to start: ${(e as Error).message}`);
  process.exit(1);
});
