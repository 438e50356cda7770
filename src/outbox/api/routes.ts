/** /api/admin/outbox — messages to Camunda that are pending, failed or sent; retry one (administrators only). */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { requireRole } from '../../shared/auth';
import { parseInput } from '../../shared/http';
import { Role } from '../../users';
import { listOutbox, outboxIdSchema, outboxListQuerySchema, retryOutboxMessage } from '../domain/admin';

export function outboxAdminRouter(deps: { dataSource: DataSource }): Router {
  const router = Router();
  router.use(requireRole(Role.Administrator));

  router.get('/', async (req, res) => {
    res.json(await listOutbox(deps.dataSource, parseInput(outboxListQuerySchema, req.query, 'query')));
  });

  router.post('/:id/retry', async (req, res) => {
    const id = parseInput(outboxIdSchema, req.params.id, 'message id');
    res.json(await retryOutboxMessage(deps.dataSource, req.user!, id, new Date()));
  });

  return router;
}
