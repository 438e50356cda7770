/**
 * Deploys a model from the modeler: identified, linted (errors block; warnings do not), deployed,
 * then recorded with the version it came from. Nothing is saved when the engine refuses.
 *
 * Order of side effects: everything the registry will store (id, name, file name, comment,
 * author) is checked before the engine sees the model, because an engine deployment cannot be
 * taken back. If recording then fails (the database is down), the engine runs the model without
 * a registry row; deploying the same content again records it, since the engine answers a
 * re-deployment of identical content with the same key and version.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import {
  deployResources,
  isClusterUnreachable,
  type DeployedResource,
  type Zeebe,
} from '../../shared/camunda';
import { retryOnDuplicateKey } from '../../shared/db';
import { AppError, messageOf } from '../../shared/errors';
import type { AuthUser } from '../../users';
import { ModelDeploymentEntity, ModelVersionEntity } from '../data-access/model.entities';
import type { LintIssue } from '../lint';
import type { ModelAnalyser } from './analyser';
import { identifyModel, type ModelIdentity } from './identify';
import { checkAuthor, insertVersion, sha256, type ModelInput } from './versions';

export interface DeploymentResult {
  resourceId: string;
  kind: string;
  engineVersion: number;
  engineKey: string;
  versionId: string;
  version: number;
  warnings: LintIssue[];
}

export async function deployModel(
  ds: DataSource,
  zeebe: Zeebe,
  analyser: ModelAnalyser,
  user: AuthUser,
  input: ModelInput,
): Promise<DeploymentResult> {
  const author = checkAuthor(user);
  const { identity, issues } = await analyser.analyse({ ...input, lint: true });
  const errors = issues.filter((i) => i.category === 'error');
  if (errors.length > 0) {
    throw new AppError(
      'bad-request',
      `the diagram has ${errors.length} lint error(s); fix them before deploying`,
      {
        details: { code: 'lint-errors', issues: errors },
      },
    );
  }
  let deployed: DeployedResource[];
  try {
    deployed = await deployResources(zeebe, [{ name: input.fileName, content: input.content }]);
  } catch (e) {
    if (isClusterUnreachable(e)) {
      throw new AppError('unavailable', `the cluster cannot be reached: ${messageOf(e)}`, {
        details: { code: 'cluster-unavailable' },
        cause: e,
      });
    }
    throw new AppError('bad-request', `the engine rejected the deployment: ${engineMessage(e)}`, {
      details: { code: 'engine-rejected', engineMessage: engineMessage(e) },
      cause: e,
    });
  }
  const result = await recordDeployment(ds, identity!, input, deployed, author);
  return { ...result, warnings: issues.filter((i) => i.category !== 'error') };
}

/** The engine's own words, without the gRPC status prefix. */
function engineMessage(e: unknown): string {
  const details = (e as { details?: unknown }).details;
  return (typeof details === 'string' && details) || messageOf(e).replace(/^\d+ [A-Z_]+: /, '');
}

/**
 * Records what the engine deployed against the version it came from: the newest saved version
 * with the same content, or a new version. Also used by `npm start` for the workflows/ files.
 */
export async function recordDeployment(
  ds: DataSource,
  identity: ModelIdentity,
  input: ModelInput,
  deployed: DeployedResource[],
  author: string,
): Promise<Omit<DeploymentResult, 'warnings'>> {
  const engineKind = { bpmn: 'process', dmn: 'decisionRequirements', form: 'form' }[identity.kind];
  const d =
    deployed.find((r) => r.kind === engineKind && r.id === identity.resourceId) ??
    deployed.find((r) => r.kind === engineKind);
  if (!d) throw new AppError('internal', `the engine answered without a ${engineKind} for ${input.fileName}`);
  return retryOnDuplicateKey(() =>
    ds.transaction(async (tx) => {
      const existing = await tx.getRepository(ModelDeploymentEntity).findOneBy({ engineKey: d.key });
      const same = await tx.getRepository(ModelVersionEntity).findOne({
        where: { resourceId: identity.resourceId, kind: identity.kind, sha256: sha256(input.content) },
        order: { version: 'DESC' },
      });
      const version = same ?? (await insertVersion(tx, identity, input, author));
      if (!existing) {
        // the engine answers a re-deployment of identical content with the existing key: record it once
        await tx.getRepository(ModelDeploymentEntity).insert({
          modelVersionId: version.id,
          resourceId: identity.resourceId,
          kind: identity.kind,
          engineVersion: d.version,
          engineKey: d.key,
          deployedBy: author,
          deployedAt: new Date(),
        });
        await appendAudit(tx, {
          actor: author,
          action: 'model.deployed',
          entityType: 'model',
          entityId: `${identity.kind}:${identity.resourceId}`,
          beforeState: null,
          afterState: { version: version.version, engineVersion: d.version, engineKey: d.key },
        });
      }
      return {
        resourceId: identity.resourceId,
        kind: identity.kind,
        engineVersion: d.version,
        engineKey: d.key,
        versionId: version.id,
        version: version.version,
      };
    }),
  );
}

export async function listDeployments(ds: DataSource, kind: string, resourceId: string) {
  return ds.getRepository(ModelDeploymentEntity).find({
    where: { kind: kind as ModelIdentity['kind'], resourceId },
    order: { engineVersion: 'DESC' },
  });
}

/** Records the deployment of workflows/ that `npm start` makes, so the modeler lists it as deployed. */
export async function recordWorkflowDeployment(
  ds: DataSource,
  files: string[],
  deployed: DeployedResource[],
): Promise<void> {
  for (const file of files) {
    const content = await fs.promises.readFile(file, 'utf8');
    const fileName = path.basename(file);
    const identity = await identifyModel(fileName, content);
    await recordDeployment(
      ds,
      identity,
      { fileName, content, comment: `workflows/ at start-up` },
      deployed,
      'system',
    );
  }
}
