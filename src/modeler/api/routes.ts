/**
 * /api/modeler — what the web modeler reads and writes: the catalogue (templates, job types, rule
 * ids), the files of workflows/, saved versions, lint, and deployments. Everyone signed in may
 * read; process owners and administrators save and deploy.
 */
import express, { Router } from 'express';
import type { DataSource } from 'typeorm';
import { parseInput } from '../../shared/http';
import { requireRole } from '../../shared/auth';
import type { Zeebe } from '../../shared/camunda';
import { AppError } from '../../shared/errors';
import { Role } from '../../users';
import type { ModelerCatalogue } from '../catalogue';
import { deployModel, listDeployments } from '../domain/deploy';
import {
  lintRequestSchema,
  modelInputSchema,
  resourceParamsSchema,
  saveVersionSchema,
  versionIdSchema,
  workflowPathSchema,
} from '../domain/schemas';
import { getVersion, listModels, listVersions, saveVersion } from '../domain/versions';
import { listWorkflowModels, readWorkflowModel } from '../domain/workflow-files';
import { lintBpmn } from '../lint';

export interface ModelerDeps {
  dataSource: DataSource;
  /** absent when the API runs without a cluster: deployment then answers 503 */
  zeebe?: Zeebe;
  catalogue: ModelerCatalogue;
  workflowsDir: string;
  maxBytes: number;
}

const editorRoles = [Role.ProcessOwner, Role.Administrator];

export function modelerRouter(deps: ModelerDeps): Router {
  const router = Router();
  const ds = deps.dataSource;
  const tooLarge = () =>
    new AppError('payload-too-large', `the file is larger than ${deps.maxBytes} bytes`, {
      details: { code: 'too-large', maxBytes: deps.maxBytes },
    });
  // diagrams are larger than the API's 1 MB JSON limit: this router parses its own bodies
  const json = express.json({ limit: deps.maxBytes + 64 * 1024 });
  router.use((req, res, next) =>
    json(req, res, (err?: { type?: string }) => next(err?.type === 'entity.too.large' ? tooLarge() : err)),
  );
  const withinLimit = <T extends { content: string }>(body: T): T => {
    if (Buffer.byteLength(body.content, 'utf8') > deps.maxBytes) throw tooLarge();
    return body;
  };

  router.get('/catalogue', (req, res) => {
    res.json({
      ...deps.catalogue,
      user: { username: req.user!.username, displayName: req.user!.displayName },
      canEdit: req.user!.roles.some((r) => (editorRoles as string[]).includes(r)),
      maxBytes: deps.maxBytes,
    });
  });

  router.get('/workflow-files', async (_req, res) => {
    res.json(await listWorkflowModels(deps.workflowsDir));
  });

  router.get('/workflow-file', async (req, res) => {
    const { path } = parseInput(workflowPathSchema, req.query, 'query');
    res.type('text/plain; charset=utf-8').send(await readWorkflowModel(deps.workflowsDir, path));
  });

  router.get('/models', async (_req, res) => {
    res.json(await listModels(ds));
  });

  router.get('/models/:kind/:resourceId/versions', async (req, res) => {
    const { kind, resourceId } = parseInput(resourceParamsSchema, req.params, 'model');
    res.json(await listVersions(ds, kind, resourceId));
  });

  router.get('/models/:kind/:resourceId/deployments', async (req, res) => {
    const { kind, resourceId } = parseInput(resourceParamsSchema, req.params, 'model');
    res.json(await listDeployments(ds, kind, resourceId));
  });

  router.get('/versions/:id', async (req, res) => {
    res.json(await getVersion(ds, parseInput(versionIdSchema, req.params.id, 'version id')));
  });

  router.post('/versions', requireRole(...editorRoles), async (req, res) => {
    const input = withinLimit(parseInput(saveVersionSchema, req.body, 'model version'));
    const saved = await saveVersion(ds, req.user!, input);
    res.status(201).json({ ...saved, content: undefined });
  });

  router.post('/lint', async (req, res) => {
    const { content } = withinLimit(parseInput(lintRequestSchema, req.body, 'lint request'));
    res.json(await lintBpmn(content, deps.catalogue));
  });

  router.post('/deployments', requireRole(...editorRoles), async (req, res) => {
    const input = withinLimit(parseInput(modelInputSchema, req.body, 'deployment'));
    if (!deps.zeebe) {
      throw new AppError('unavailable', 'this API runs without a cluster connection', {
        details: { code: 'cluster-unavailable' },
      });
    }
    res.status(201).json(await deployModel(ds, deps.zeebe, deps.catalogue, req.user!, input));
  });

  return router;
}
