import { EntitySchema } from 'typeorm';

export type ModelKind = 'bpmn' | 'dmn' | 'form';

export interface ModelVersionRow {
  id: string;
  resourceId: string;
  kind: ModelKind;
  version: number;
  fileName: string;
  name: string | null;
  content: string;
  sha256: string;
  author: string;
  comment: string;
  createdAt: Date;
}

export const ModelVersionEntity = new EntitySchema<ModelVersionRow>({
  name: 'ModelVersion',
  tableName: 'model_version',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    resourceId: { type: 'varchar', length: 100, name: 'resource_id' },
    kind: { type: 'varchar', length: 8 },
    version: { type: 'int' },
    fileName: { type: 'varchar', length: 200, name: 'file_name' },
    name: { type: 'varchar', length: 200, nullable: true },
    content: { type: 'mediumtext' },
    sha256: { type: 'char', length: 64 },
    author: { type: 'varchar', length: 64 },
    comment: { type: 'varchar', length: 500 },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});

export interface ModelDeploymentRow {
  id: string;
  modelVersionId: string;
  resourceId: string;
  kind: ModelKind;
  engineVersion: number;
  engineKey: string;
  deployedBy: string;
  deployedAt: Date;
}

export const ModelDeploymentEntity = new EntitySchema<ModelDeploymentRow>({
  name: 'ModelDeployment',
  tableName: 'model_deployment',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    modelVersionId: { type: 'bigint', name: 'model_version_id' },
    resourceId: { type: 'varchar', length: 100, name: 'resource_id' },
    kind: { type: 'varchar', length: 8 },
    engineVersion: { type: 'int', name: 'engine_version' },
    engineKey: { type: 'varchar', length: 32, name: 'engine_key' },
    deployedBy: { type: 'varchar', length: 64, name: 'deployed_by' },
    deployedAt: { type: 'datetime', precision: 3, name: 'deployed_at' },
  },
});
