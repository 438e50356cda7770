/**
 * Tells what a file is before anything is saved or deployed: its kind (by extension), and the id
 * the engine will know it by (process id, DMN definitions id, form id). Anything else is a 400
 * with a `code` the modeler shows in Chinese.
 */
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { ModelKind } from '../data-access/model.entities';
import { parseBpmn } from '../lint';
import { modelIdentitySchema } from './schemas';

export type ModelIdentity = z.output<typeof modelIdentitySchema>;

const bad = (code: string, message: string) => new AppError('bad-request', message, { details: { code } });

export function kindOf(fileName: string): ModelKind {
  const ext = /\.(bpmn|dmn|form)$/.exec(fileName)?.[1];
  if (!ext) throw bad('unsupported-file', 'the file name must end in .bpmn, .dmn or .form');
  return ext as ModelKind;
}

interface ModdleNode {
  $type: string;
  id?: string;
  name?: string;
  isExecutable?: boolean;
  rootElements?: ModdleNode[];
}

/** The file's kind, id and name; an id or name the registry cannot hold is a 400 naming it. */
export async function identifyModel(
  fileName: string,
  content: string,
  /** the BPMN already parsed, when the caller lints it too */
  definitions?: unknown,
): Promise<ModelIdentity> {
  const found = await readIdentity(fileName, content, definitions);
  const checked = modelIdentitySchema.safeParse(found);
  if (checked.success) return checked.data;
  const errors = checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new AppError(
    'bad-request',
    `the ${found.kind} file's ${errors.map((e) => `${e.path === 'resourceId' ? 'id' : e.path}: ${e.message}`).join('; ')}`,
    { details: { code: 'invalid-identity', errors } },
  );
}

async function readIdentity(fileName: string, content: string, parsed?: unknown): Promise<ModelIdentity> {
  const kind = kindOf(fileName);
  if (kind === 'bpmn') {
    const definitions = (parsed ?? (await parseBpmn(content))) as ModdleNode;
    const processes = (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
    const process = processes.find((p) => p.isExecutable) ?? processes[0];
    if (!process?.id) throw bad('no-process', 'the diagram has no process to deploy');
    return { kind, resourceId: process.id, name: process.name ?? null };
  }
  if (kind === 'dmn') {
    const root = /<(?:\w+:)?definitions\b[^>]*>/.exec(content)?.[0];
    if (!root || !/https:\/\/www\.omg\.org\/spec\/DMN\//.test(root)) {
      throw bad('not-dmn', 'the file is not a DMN 1.3 decision model');
    }
    const id = /\bid="([^"]+)"/.exec(root)?.[1];
    if (!id) throw bad('not-dmn', 'the DMN definitions have no id');
    return { kind, resourceId: id, name: /\bname="([^"]+)"/.exec(root)?.[1] ?? null };
  }
  let form: { id?: unknown; type?: unknown; components?: unknown } | null;
  try {
    form = JSON.parse(content) as typeof form;
  } catch (e) {
    throw bad('malformed-json', `the form is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof form?.id !== 'string' || !Array.isArray(form.components)) {
    throw bad('not-form', 'the file is not a Camunda form (it needs an id and components)');
  }
  return { kind, resourceId: form.id, name: null };
}
