/** /api/dishonest-entities (M22.2, published to every signed-in user) and /api/projects/{code}/units/{role}. */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { shanghaiDateOf } from '../../calendar';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import {
  activeDishonestEntities,
  assignUnit,
  dishonestListingSchema,
  listDishonestEntity,
  unitAssignmentSchema,
  unitRoleSchema,
} from '../domain/units';

export function unitsRouter(deps: { dataSource: DataSource }): Router {
  const router = Router();

  router.get('/dishonest-entities', async (_req, res) => {
    res.json(await activeDishonestEntities(deps.dataSource, shanghaiDateOf(new Date())));
  });

  router.post('/dishonest-entities', async (req, res) => {
    const input = parseInput(dishonestListingSchema, req.body, 'listing');
    res.status(201).json(await listDishonestEntity(deps.dataSource, req.user!, input, new Date()));
  });

  router.put('/projects/:code/units/:role', async (req, res) => {
    const code = parseInput(projectCode, req.params.code, 'project code');
    const role = parseInput(unitRoleSchema, req.params.role, 'role');
    const unit = parseInput(unitAssignmentSchema, req.body, 'unit');
    res.json(await assignUnit(deps.dataSource, req.user!, code, role, unit, new Date()));
  });

  return router;
}
