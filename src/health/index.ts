/**
 * GET /health — reachability of Camunda and the database, for operators and load balancers.
 * 200 while both serve (UP, or DEGRADED: serving but worth an alert), 503 when either is DOWN;
 * the body says which part and why.
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
    const statuses = [camunda.status, database.status];
    const status = statuses.includes('DOWN') ? 'DOWN' : statuses.includes('DEGRADED') ? 'DEGRADED' : 'UP';
    res.status(status === 'DOWN' ? 503 : 200).json({ status, components: { camunda, database } });
  });
  return router;
}
