/**
 * /api/modeler — what the web modeler reads and writes: the catalogue (templates, job types, rule
 * ids), the files of workflows/, saved versions, lint, and deployments.
 *
 * Who may do what:
 * - everyone signed in: the catalogue and the files of workflows/ (the processes as committed
 *   and deployed at start-up, which the regulations make public anyway);
 * - process owners and administrators (they model): lint, save, deploy, and read saved versions
 *   (and so compare them) and deployments;
 * - agency officers: read saved versions and deployments, not write or lint. They run these
 *   processes, and audit must trace a decision to the model version that was in force;
 * - department applicants (and a calendar administrator without another role): none of the
 *   saved versions or deployments. Drafts are the modelers' work in progress, and applicants are
 *   the party the processes regulate.
 */
import express, { Router, type ErrorRequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { parseInput } from '../../shared/http';
import { requireRole } from '../../shared/auth';
import type { Zeebe } from '../../shared/camunda';
import { AppError, isAppError } from '../../shared/errors';
import { Role } from '../../users';
import type { ModelerCatalogue } from '../catalogue';
import type { ModelAnalyser } from '../domain/analyser';
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

export interface ModelerDeps {
  dataSource: DataSource;
  /** absent when the API runs without a cluster: deployment then answers 503 */
  zeebe?: Zeebe;
  catalogue: ModelerCatalogue;
  /** reads and lints models off the event loop, with bounded work */
  analyser: ModelAnalyser;
  workflowsDir: string;
  maxBytes: number;
}

/** Lint, save and deploy: the roles that model. */
const editorRoles = [Role.ProcessOwner, Role.Administrator];
/** Saved versions and deployments (see the top of this file for why officers read them). */
const readerRoles = [...editorRoles, Role.AgencyOfficer];

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

  const editor = requireRole(...editorRoles);
  const reader = requireRole(...readerRoles);

  router.get('/models', reader, async (_req, res) => {
    res.json(await listModels(ds));
  });

  router.get('/models/:kind/:resourceId/versions', reader, async (req, res) => {
    const { kind, resourceId } = parseInput(resourceParamsSchema, req.params, 'model');
    res.json(await listVersions(ds, kind, resourceId));
  });

  router.get('/models/:kind/:resourceId/deployments', reader, async (req, res) => {
    const { kind, resourceId } = parseInput(resourceParamsSchema, req.params, 'model');
    res.json(await listDeployments(ds, kind, resourceId));
  });

  router.get('/versions/:id', reader, async (req, res) => {
    res.json(await getVersion(ds, parseInput(versionIdSchema, req.params.id, 'version id')));
  });

  router.post('/versions', editor, async (req, res) => {
    const input = withinLimit(parseInput(saveVersionSchema, req.body, 'model version'));
    const saved = await saveVersion(ds, deps.analyser, req.user!, input);
    res.status(201).json({ ...saved, content: undefined });
  });

  router.post('/lint', editor, async (req, res) => {
    const { content } = withinLimit(parseInput(lintRequestSchema, req.body, 'lint request'));
    res.json((await deps.analyser.analyse({ content, lint: true })).issues);
  });

  router.post('/deployments', editor, async (req, res) => {
    const input = withinLimit(parseInput(modelInputSchema, req.body, 'deployment'));
    if (!deps.zeebe) {
      throw new AppError('unavailable', 'this API runs without a cluster connection', {
        details: { code: 'cluster-unavailable' },
      });
    }
    res.status(201).json(await deployModel(ds, deps.zeebe, deps.analyser, req.user!, input));
  });

  // a full model-check queue: tell the client when to come back
  router.use(((err, _req, res, next) => {
    if (isAppError(err) && err.details?.code === 'busy')
      res.set('Retry-After', String(err.details.retryAfterSeconds));
    next(err);
  }) satisfies ErrorRequestHandler);

  return router;
}
