/**
 * /api/tasks — the signed-in user's open tasks, claiming and completing one; and
 * /api/projects/{code}/tasks — a project's tasks the user may see. Routes parse, call the tasks
 * component and map the result; group checks are the component's.
 */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { getProject } from '../../projects';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import {
  completeBodySchema,
  myTasksQuerySchema,
  projectTasksQuerySchema,
  taskIdSchema,
} from '../domain/schemas';
import type { TaskAccess } from '../domain/types';

export function tasksRouter(deps: { tasks: TaskAccess }): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const q = parseInput(myTasksQuerySchema, req.query, 'query');
    res.json({ items: await deps.tasks.listForUser(req.user!, q) });
  });

  router.post('/:id/claim', async (req, res) => {
    const id = parseInput(taskIdSchema, req.params.id, 'task id');
    res.json(await deps.tasks.claim(id, req.user!));
  });

  router.post('/:id/complete', async (req, res) => {
    const id = parseInput(taskIdSchema, req.params.id, 'task id');
    const body = parseInput(completeBodySchema, req.body ?? {}, 'body');
    res.json(await deps.tasks.complete(id, body.variables, req.user!));
  });

  return router;
}

/** Mounted at /api/projects/:code/tasks: the project must be one the user may see (else 404). */
export function projectTasksRouter(deps: { tasks: TaskAccess; dataSource: DataSource }): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    const code = parseInput(projectCode, (req.params as { code?: string }).code, 'project code');
    const q = parseInput(projectTasksQuerySchema, req.query, 'query');
    await getProject(deps.dataSource, req.user!, code);
    res.json({
      items: await deps.tasks.listForProject(code, req.user!, {
        includeFinished: q.includeFinished === 'true',
      }),
    });
  });
  return router;
}
