/** Builds the express app from its dependencies; `main.ts` wires it to real ones, tests too. */
import express from 'express';
import type { DataSource } from 'typeorm';
import type { CalendarService } from './calendar';
import { calendarRouter } from './calendar/api';
import { documentsRouter, type DocumentStorage } from './documents';
import { healthRouter } from './health';
import { modelerApp, modelerRouter, type ModelerDeps } from './modeler';
import { unitsRouter } from './units';
import { openApiRouter } from './openapi';
import { outboxAdminRouter } from './outbox';
import { projectsRouter } from './projects/api';
import { requireAuthentication, type OidcSettings } from './shared/auth';
import { errorHandler, notFound } from './shared/http';
import type { Logger } from './shared/logger';

export interface AppDeps {
  dataSource: DataSource;
  camundaRestAddress: string;
  calendar: CalendarService;
  log: Logger;
  documents: { storage: DocumentStorage; maxBytes: number };
  /** Bearer tokens from this OpenID Connect provider are accepted besides Basic credentials */
  oidc?: OidcSettings;
  /** called after a new proposal committed: sends its outbox message without waiting for the next poll */
  onProposalSubmitted?: () => void;
  /** the web modeler's API and the folder of its built app */
  modeler: Omit<ModelerDeps, 'dataSource'> & { distDir: string };
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const json = express.json({ limit: '1mb' });
  // the modeler's routes take diagrams larger than 1 MB and parse their own bodies
  app.use((req, res, next) => (req.path.startsWith('/api/modeler/') ? next() : json(req, res, next)));
  app.use('/modeler', modelerApp(deps.modeler.distDir));
  app.use(healthRouter(deps));
  app.use(openApiRouter(process.env.npm_package_version ?? '0.1.0'));
  // every /api route needs a signed-in user; each router checks roles for what it changes
  app.use('/api', requireAuthentication(deps.dataSource, deps.oidc));
  app.use('/api/calendar', calendarRouter(deps));
  app.use(
    '/api/projects/:code/documents',
    documentsRouter({
      dataSource: deps.dataSource,
      storage: deps.documents.storage,
      maxBytes: deps.documents.maxBytes,
    }),
  );
  app.use(
    '/api/projects',
    projectsRouter({ dataSource: deps.dataSource, onSubmitted: deps.onProposalSubmitted }),
  );
  app.use('/api/modeler', modelerRouter({ ...deps.modeler, dataSource: deps.dataSource }));
  app.use('/api/admin/outbox', outboxAdminRouter({ dataSource: deps.dataSource }));
  app.use('/api', unitsRouter({ dataSource: deps.dataSource }));
  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
