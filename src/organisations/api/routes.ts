/** /api/organisations — the agencies and departments, read-only, for forms (any signed-in user). */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { listOrganisations } from '../domain/organisations';

export function organisationsRouter(deps: { dataSource: DataSource }): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await listOrganisations(deps.dataSource));
  });

  return router;
}
