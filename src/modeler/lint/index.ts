/** BPMN lint shared by the web modeler (bundled) and the API (before deployment). */
export { createLintConfig, flattenReports, targetCompatConfig } from './config';
export type { LintCatalogue, LintIssue } from './config';
export { lintBpmn, parseBpmn, ruleIdsInBpmn } from './lint';
export { SinglePassLinter } from './single-pass';
