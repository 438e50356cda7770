/** GET /api/projects/{code}/reviews — the technical review rounds of a project and their opinions. */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { getProject } from '../../projects';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import { reviewsOfProject } from '../domain/reviews';

export function reviewsRouter(deps: { dataSource: DataSource }): Router {
  const router = Router();
  router.get('/projects/:code/reviews', async (req, res) => {
    const code = parseInput(projectCode, req.params.code, 'project code');
    // who may read the project may read its reviews (404 otherwise, as for the project)
    await getProject(deps.dataSource, req.user!, code);
    res.json({ projectCode: code, rounds: await reviewsOfProject(deps.dataSource, code) });
  });
  return router;
}
