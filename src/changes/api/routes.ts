/** /api/projects/{code}/changes — changes of a project's construction content (M16): request one, list them. */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { idempotencyKeySchema } from '../../projects';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import { changesOfProject, requestChange } from '../domain/changes';
import { changeInputSchema } from '../domain/schemas';

export function changesRouter(deps: {
  dataSource: DataSource;
  now?: () => Date;
  /** called after a new change committed: sends its outbox message without waiting for the next poll */
  onRequested?: () => void;
}): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router({ mergeParams: true });
  const code = (params: Record<string, string>) => parseInput(projectCode, params.code, 'project code');

  router.post('/', async (req, res) => {
    const project = code(req.params);
    const key = parseInput(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const input = parseInput(changeInputSchema, req.body, 'change');
    const result = await requestChange(deps.dataSource, req.user!, project, input, key, now());
    if (!result.replayed) deps.onRequested?.();
    res.status(result.replayed ? 200 : 201).json(result.change);
  });

  router.get('/', async (req, res) => {
    res.json(await changesOfProject(deps.dataSource, req.user!, code(req.params)));
  });

  return router;
}
