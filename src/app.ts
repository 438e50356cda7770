/** Builds the express app from its dependencies; `main.ts` wires it to real ones, tests too. */
import express from 'express';
import type { DataSource } from 'typeorm';
import type { CalendarService } from './calendar';
import { calendarRouter } from './calendar/api';
import { documentsRouter, type DocumentStorage } from './documents';
import { healthDetailRouter, healthRouter } from './health';
import { modelerApp, modelerRouter, type ModelerDeps } from './modeler';
import { unitsRouter } from './units';
import { openApiRouter } from './openapi';
import { organisationsRouter } from './organisations/api';
import { outboxAdminRouter } from './outbox';
import { projectsRouter } from './projects/api';
import { requireAuthentication, type OidcSettings, type SignInThrottleSettings } from './shared/auth';
import { errorHandler, notFound, securityHeaders } from './shared/http';
import type { Logger } from './shared/logger';

export interface AppDeps {
  dataSource: DataSource;
  camundaRestAddress: string;
  calendar: CalendarService;
  log: Logger;
  documents: { storage: DocumentStorage; maxBytes: number };
  /** Bearer tokens from this OpenID Connect provider are accepted besides Basic credentials */
  oidc?: OidcSettings;
  /** when failed sign-ins lock an account or client address */
  signInThrottle: SignInThrottleSettings;
  /** called after a new proposal committed: sends its outbox message without waiting for the next poll */
  onProposalSubmitted?: () => void;
  /** the web modeler's API and the folder of its built app */
  modeler: Omit<ModelerDeps, 'dataSource'> & { distDir: string };
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders); // first, so that every answer has them, errors included
  app.use('/modeler', modelerApp(deps.modeler.distDir));
  app.use(healthRouter(deps));
  app.use(openApiRouter(process.env.npm_package_version ?? '0.1.0'));
  // every /api route needs a signed-in user, checked before any body is read; each router checks
  // roles for what it changes
  app.use(
    '/api',
    requireAuthentication({
      dataSource: deps.dataSource,
      oidc: deps.oidc,
      throttle: deps.signInThrottle,
      log: deps.log,
    }),
  );
  const json = express.json({ limit: '1mb' });
  // the modeler's routes take diagrams larger than 1 MB and parse their own bodies
  app.use('/api', (req, res, next) => (req.path.startsWith('/modeler/') ? next() : json(req, res, next)));
  app.use('/api', healthDetailRouter(deps));
  app.use('/api/organisations', organisationsRouter({ dataSource: deps.dataSource }));
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
