/** BPMN lint shared by the web modeler (bundled) and the API (before deployment). */
export { createLintConfig, flattenReports, targetCompatConfig } from './config';
export type { LintCatalogue, LintIssue } from './config';
export { lintBpmn, lintDefinitions, parseBpmn, ruleIdsInBpmn, type RuleFailure } from './lint';
export { SinglePassLinter } from './single-pass';
