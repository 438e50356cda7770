/** Builds the express app from its dependencies; `main.ts` wires it to real ones, tests too. */
import express from 'express';
import type { DataSource } from 'typeorm';
import type { CalendarService } from './calendar';
import { calendarRouter } from './calendar/api';
import { changesRouter } from './changes';
import { documentsRouter, type DocumentStorage } from './documents';
import { healthDetailRouter, healthRouter } from './health';
import { modelerApp, modelerRouter, type ModelerDeps } from './modeler';
import { unitsRouter } from './units';
import { reviewsRouter } from './reviews';
import { openApiRouter } from './openapi';
import { organisationsRouter } from './organisations/api';
import { outboxAdminRouter } from './outbox';
import { notificationsRouter } from './notifications';
import { projectsRouter } from './projects/api';
import { officePurchasesRouter, restFilingStarter } from './office-purchases';
import { projectTasksRouter, tasksRouter, type TaskAccess } from './tasks';
import {
  bearerVerifier,
  requireAuthentication,
  WebSessions,
  type OidcSettings,
  type SignInThrottleSettings,
  type WebSignInSettings,
} from './shared/auth';
import { errorHandler, notFound, securityHeaders } from './shared/http';
import type { Logger } from './shared/logger';

export interface AppDeps {
  dataSource: DataSource;
  camundaRestAddress: string;
  calendar: CalendarService;
  log: Logger;
  documents: { storage: DocumentStorage; maxBytes: number };
  /** Bearer tokens from this OpenID Connect provider are accepted */
  oidc?: OidcSettings;
  /** the modeler's sign-in through that provider (needs `oidc`: the session's tokens are verified with it) */
  webSignIn?: WebSignInSettings;
  /** HTTP Basic for app_user accounts (API_BASIC_AUTH; the test harness turns it on) */
  basicAuth: boolean;
  /** when failed sign-ins lock an account or client address */
  signInThrottle: SignInThrottleSettings;
  /** called after a new proposal or change request committed: sends its outbox message without waiting for the next poll */
  onProposalSubmitted?: () => void;
  /** Camunda user tasks through Tasklist (routes /api/tasks, /api/projects/{code}/tasks); absent: not served */
  tasks?: TaskAccess;
  /** the web modeler's API and the folder of its built app */
  modeler: Omit<ModelerDeps, 'dataSource'> & { distDir: string };
  /** the time a submission is stamped with (the scenario runner passes the broker's controlled clock) */
  now?: () => Date;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders); // first, so that every answer has them, errors included
  app.use('/modeler', modelerApp(deps.modeler.distDir));
  const sessions =
    deps.webSignIn && deps.oidc
      ? new WebSessions(deps.dataSource, deps.webSignIn, bearerVerifier(deps.oidc), deps.log)
      : undefined;
  // sign-in, session check and logout of the modeler: before /api, which they let people into
  if (sessions) app.use('/auth', sessions.router());
  app.use(healthRouter(deps));
  app.use(openApiRouter(process.env.npm_package_version ?? '0.1.0'));
  // every /api route needs a signed-in user, checked before any body is read; each router checks
  // roles for what it changes
  app.use(
    '/api',
    requireAuthentication({
      dataSource: deps.dataSource,
      oidc: deps.oidc,
      sessions,
      basic: deps.basicAuth,
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
      now: deps.now,
    }),
  );
  if (deps.tasks) {
    app.use(
      '/api/projects/:code/tasks',
      projectTasksRouter({ tasks: deps.tasks, dataSource: deps.dataSource }),
    );
    app.use('/api/tasks', tasksRouter({ tasks: deps.tasks }));
  }
  app.use(
    '/api/projects/:code/changes',
    changesRouter({ dataSource: deps.dataSource, now: deps.now, onRequested: deps.onProposalSubmitted }),
  );
  app.use('/api/notifications', notificationsRouter({ dataSource: deps.dataSource }));
  app.use(
    '/api/projects',
    projectsRouter({
      dataSource: deps.dataSource,
      onSubmitted: deps.onProposalSubmitted,
      tasks: deps.tasks,
      now: deps.now,
    }),
  );
  app.use(
    '/api/office-purchases',
    officePurchasesRouter({
      dataSource: deps.dataSource,
      startProcess: restFilingStarter(deps.camundaRestAddress),
      now: deps.now,
    }),
  );
  app.use('/api/modeler', modelerRouter({ ...deps.modeler, dataSource: deps.dataSource }));
  app.use('/api/admin/outbox', outboxAdminRouter({ dataSource: deps.dataSource }));
  app.use('/api', unitsRouter({ dataSource: deps.dataSource }));
  app.use('/api', reviewsRouter({ dataSource: deps.dataSource }));
  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
