/**
 * GET /health — reachability of Camunda and the database, for operators and load balancers.
 * 200 when both are UP, 503 otherwise; the body says which part is down and why.
 */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { camundaHealth } from '../shared/camunda';
import { databaseHealth } from '../shared/db';

export function healthRouter(deps: { dataSource: DataSource; camundaRestAddress: string }): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [camunda, database] = await Promise.all([
      camundaHealth(deps.camundaRestAddress),
      databaseHealth(deps.dataSource),
    ]);
    const status = camunda.status === 'UP' && database.status === 'UP' ? 'UP' : 'DOWN';
    res.status(status === 'UP' ? 200 : 503).json({ status, components: { camunda, database } });
  });
  return router;
}
