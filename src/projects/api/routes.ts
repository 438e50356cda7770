/** /api/projects — proposals, the project list and a project's timeline. */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import { getProject, listProjects, projectTimeline } from '../domain/queries';
import { idempotencyKeySchema, listQuerySchema, proposalSchema } from '../domain/schemas';
import { submitProposal } from '../domain/submit';
import type { TaskAccess } from '../../tasks';
import { isAppError, messageOf } from '../../shared/errors';

export function projectsRouter(deps: {
  dataSource: DataSource;
  onSubmitted?: () => void;
  /** the project's open user tasks join its timeline */
  tasks?: TaskAccess;
  now?: () => Date;
}): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.post('/', async (req, res) => {
    const key = parseInput(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const proposal = parseInput(proposalSchema, req.body, 'proposal');
    const result = await submitProposal(deps.dataSource, req.user!, proposal, key, now());
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
    const code = parseInput(projectCode, req.params.code, 'project code');
    const timeline = await projectTimeline(deps.dataSource, req.user!, code);
    if (!deps.tasks) return void res.json(timeline);
    // the registry's timeline stands on its own: Tasklist being down costs only the open tasks
    try {
      res.json({ ...timeline, openTasks: await deps.tasks.listForProject(code, req.user!) });
    } catch (e) {
      if (!isAppError(e) || e.kind !== 'unavailable') throw e;
      res.json({ ...timeline, openTasks: null, openTasksUnavailable: messageOf(e) });
    }
  });

  return router;
}
