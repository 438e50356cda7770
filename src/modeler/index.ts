/** The web modeler's back end: lint, catalogue, versions and deployments, and the built app. */
export { modelerRouter, editorRoles, type ModelerDeps } from './api/routes';
export { modelerApp } from './api/static';
export { loadCatalogue, type ModelerCatalogue } from './catalogue';
export { recordDeployment, recordWorkflowDeployment, deployModel } from './domain/deploy';
export { identifyModel } from './domain/identify';
export { lintBpmn, createLintConfig } from './lint';
export { modelerDeps } from './wiring';
