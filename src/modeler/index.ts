/** The web modeler's back end: lint, catalogue, versions and deployments, and the built app. */
export { modelerRouter, type ModelerDeps } from './api/routes';
export { modelerApp } from './api/static';
export { recordWorkflowDeployment } from './domain/deploy';
export { modelerDeps } from './wiring';
