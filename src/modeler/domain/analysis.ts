/**
 * What the API reads from a model before it saves or deploys it: its identity and, for BPMN, the
 * lint findings. Runs in the analysis worker thread (see analyser.ts), never on the event loop.
 */
import { lintDefinitions, parseBpmn, type LintCatalogue, type LintIssue, type RuleFailure } from '../lint';
import { identifyModel, kindOf, type ModelIdentity } from './identify';

export interface AnalysisTask {
  content: string;
  /** absent for a bare lint request: the content is BPMN and has no identity to check */
  fileName?: string;
  lint: boolean;
}

export interface Analysis {
  identity: ModelIdentity | null;
  issues: LintIssue[];
  failures: RuleFailure[];
}

export async function analyseModel(task: AnalysisTask, catalogue: LintCatalogue): Promise<Analysis> {
  const kind = task.fileName === undefined ? 'bpmn' : kindOf(task.fileName);
  if (kind !== 'bpmn')
    return { identity: await identifyModel(task.fileName!, task.content), issues: [], failures: [] };
  const definitions = await parseBpmn(task.content);
  const identity =
    task.fileName === undefined ? null : await identifyModel(task.fileName, task.content, definitions);
  if (!task.lint) return { identity, issues: [], failures: [] };
  return { identity, ...(await lintDefinitions(definitions, catalogue)) };
}
