/** The BPMN, DMN and form files committed under workflows/, which the modeler opens read-only. */
import fs from 'node:fs';
import path from 'node:path';
import { listWorkflowFiles } from '../../shared/camunda';
import { AppError } from '../../shared/errors';
import { identifyModel, type ModelIdentity } from './identify';

export interface WorkflowFile extends ModelIdentity {
  path: string;
  fileName: string;
}

/** A file's path under workflows/, with forward slashes on every platform. */
const relativePath = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

export async function listWorkflowModels(root: string): Promise<WorkflowFile[]> {
  const out: WorkflowFile[] = [];
  for (const file of listWorkflowFiles(root)) {
    const identity = await identifyModel(path.basename(file), fs.readFileSync(file, 'utf8'));
    out.push({
      ...identity,
      path: relativePath(root, file),
      fileName: path.basename(file),
    });
  }
  return out;
}

/** Content of one listed file; any other path (including `..` tricks) is "not found". */
export async function readWorkflowModel(root: string, relative: string): Promise<string> {
  const listed = listWorkflowFiles(root).map((f) => relativePath(root, f));
  if (!listed.includes(relative)) throw new AppError('not-found', `no model file ${relative} in workflows/`);
  return fs.promises.readFile(path.join(root, relative), 'utf8');
}
