/** /api/projects — proposals, the project list and a project's timeline. */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import { getProject, listProjects, projectTimeline } from '../domain/queries';
import { idempotencyKeySchema, listQuerySchema, proposalSchema } from '../domain/schemas';
import { submitProposal } from '../domain/submit';

export function projectsRouter(deps: { dataSource: DataSource; onSubmitted?: () => void }): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const key = parseInput(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const proposal = parseInput(proposalSchema, req.body, 'proposal');
    const result = await submitProposal(deps.dataSource, req.user!, proposal, key, new Date());
    if (!result.replayed) deps.onSubmitted?.();
    res
      .status(result.replayed ? 200 : 201)
      .location(`/api/projects/${result.project.code}`)
      .json(result.project);
  });

  router.get('/', async (req, res) => {
    res.json(await listProjects(deps.dataSource, req.user!, parseInput(listQuerySchema, req.query, 'query')));
  });

  router.get('/:code', async (req, res) => {
    res.json(
      await getProject(deps.dataSource, req.user!, parseInput(projectCode, req.params.code, 'project code')),
    );
  });

  router.get('/:code/timeline', async (req, res) => {
    res.json(
      await projectTimeline(
        deps.dataSource,
        req.user!,
        parseInput(projectCode, req.params.code, 'project code'),
      ),
    );
  });

  return router;
}
