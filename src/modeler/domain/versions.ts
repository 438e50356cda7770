/** Drafts of BPMN, DMN and forms: immutable versions with author, time and comment (and an audit entry). */
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../../audit';
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import {
  ModelDeploymentEntity,
  ModelVersionEntity,
  type ModelKind,
  type ModelVersionRow,
} from '../data-access/model.entities';
import type { ModelAnalyser } from './analyser';
import type { ModelIdentity } from './identify';

export interface ModelInput {
  fileName: string;
  content: string;
  comment: string;
}

export type VersionSummary = Omit<ModelVersionRow, 'content'> & {
  deployedAs: number[];
};

export const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

/** Inserts the next version of a resource; the resource's counter row serialises parallel writers. */
export async function insertVersion(
  tx: EntityManager,
  identity: ModelIdentity,
  input: ModelInput,
  author: string,
): Promise<ModelVersionRow> {
  const key = [identity.kind, identity.resourceId];
  await tx.query(
    'INSERT INTO model_version_counter (kind, resource_id, last_version) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE last_version = last_version + 1',
    key,
  );
  const [counter] = (await tx.query(
    'SELECT last_version AS n FROM model_version_counter WHERE kind = ? AND resource_id = ?',
    key,
  )) as { n: number }[];
  const repo = tx.getRepository(ModelVersionEntity);
  const latest = await repo.findOne({
    where: { resourceId: identity.resourceId, kind: identity.kind },
    order: { version: 'DESC' },
  });
  const row = {
    resourceId: identity.resourceId,
    kind: identity.kind,
    version: Number(counter!.n),
    fileName: input.fileName,
    name: identity.name,
    content: input.content,
    sha256: sha256(input.content),
    author,
    comment: input.comment,
    createdAt: new Date(),
  };
  const { identifiers } = await repo.insert(row);
  const saved = { ...row, id: String(identifiers[0]!.id) };
  await appendAudit(tx, {
    actor: author,
    action: 'model.version-saved',
    entityType: 'model',
    entityId: `${identity.kind}:${identity.resourceId}`,
    beforeState: latest ? { version: latest.version, sha256: latest.sha256 } : null,
    afterState: { version: saved.version, sha256: saved.sha256, comment: saved.comment },
  });
  return saved;
}

/** The author as the registry stores it (64 characters), checked before any side effect. */
export function checkAuthor(user: AuthUser): string {
  if (user.username.length > 64)
    throw new AppError('bad-request', 'the user name is longer than the 64 characters the registry records');
  return user.username;
}

export async function saveVersion(
  ds: DataSource,
  analyser: ModelAnalyser,
  user: AuthUser,
  input: ModelInput,
): Promise<ModelVersionRow> {
  const author = checkAuthor(user);
  const { identity } = await analyser.analyse({ ...input, lint: false });
  return ds.transaction((tx) => insertVersion(tx, identity!, input, author));
}

export async function listVersions(
  ds: DataSource,
  kind: ModelKind,
  resourceId: string,
): Promise<VersionSummary[]> {
  const versions = await ds.getRepository(ModelVersionEntity).find({
    select: [
      'id',
      'resourceId',
      'kind',
      'version',
      'fileName',
      'name',
      'sha256',
      'author',
      'comment',
      'createdAt',
    ],
    where: { kind, resourceId },
    order: { version: 'DESC' },
  });
  const deployments = await ds.getRepository(ModelDeploymentEntity).find({ where: { kind, resourceId } });
  return versions.map((v) => ({
    ...v,
    deployedAs: deployments
      .filter((d) => d.modelVersionId === v.id)
      .map((d) => d.engineVersion)
      .sort((a, b) => a - b),
  }));
}

export async function getVersion(ds: DataSource, id: string): Promise<ModelVersionRow> {
  const v = await ds.getRepository(ModelVersionEntity).findOneBy({ id });
  if (!v) throw new AppError('not-found', `no model version ${id}`);
  return v;
}

/** Every resource that has a saved version, with its newest version and newest deployment. */
export async function listModels(ds: DataSource) {
  const rows: {
    kind: ModelKind;
    resourceId: string;
    name: string | null;
    latestVersion: number;
    deployedVersion: number | null;
    deployedVersionId: string | null;
  }[] = await ds.query(`
    SELECT v.kind, v.resource_id AS resourceId, v.name, v.version AS latestVersion,
      d.engine_version AS deployedVersion, CAST(d.model_version_id AS CHAR) AS deployedVersionId
    FROM model_version v
    LEFT JOIN model_deployment d ON d.id = (
      SELECT MAX(d2.id) FROM model_deployment d2 WHERE d2.resource_id = v.resource_id AND d2.kind = v.kind)
    WHERE v.version = (SELECT MAX(v2.version) FROM model_version v2
      WHERE v2.resource_id = v.resource_id AND v2.kind = v.kind)
    ORDER BY v.kind, v.resource_id`);
  return rows.map((r) => ({ ...r, latestVersion: Number(r.latestVersion) }));
}
