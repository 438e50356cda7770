/** Builds the express app from its dependencies; `main.ts` wires it to real ones, tests too. */
import express from 'express';
import type { DataSource } from 'typeorm';
import { healthRouter } from './health';
import { errorHandler, notFound } from './shared/http';
import type { Logger } from './shared/logger';

export interface AppDeps {
  dataSource: DataSource;
  camundaRestAddress: string;
  log: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use(healthRouter(deps));
  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
