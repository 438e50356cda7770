/**
 * Health for operators and load balancers. 200 while Camunda and the database serve (UP, or
 * DEGRADED: serving but worth an alert), 503 when either is DOWN.
 *
 * - `GET /health`, public: the overall status only. Versions, the database name and error texts
 *   would tell an attacker what to aim at, so they are not shown to anonymous callers.
 * - `GET /api/health`, administrators: the same status with each component and its detail.
 */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { requireRole } from '../shared/auth';
import { camundaHealth } from '../shared/camunda';
import { databaseHealth } from '../shared/db';
import { Role } from '../users';

interface HealthDeps {
  dataSource: DataSource;
  camundaRestAddress: string;
}

async function check(deps: HealthDeps) {
  const [camunda, database] = await Promise.all([
    camundaHealth(deps.camundaRestAddress),
    databaseHealth(deps.dataSource),
  ]);
  const statuses = [camunda.status, database.status];
  const status = statuses.includes('DOWN') ? 'DOWN' : statuses.includes('DEGRADED') ? 'DEGRADED' : 'UP';
  return { httpStatus: status === 'DOWN' ? 503 : 200, status, components: { camunda, database } };
}

/** `GET /health`, mounted before authentication. */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const { httpStatus, status } = await check(deps);
    res.status(httpStatus).json({ status });
  });
  return router;
}

/** `GET /health` under `/api`, behind authentication: the detailed view for administrators. */
export function healthDetailRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/health', requireRole(Role.Administrator), async (_req, res) => {
    const { httpStatus, status, components } = await check(deps);
    res.status(httpStatus).json({ status, components });
  });
  return router;
}
