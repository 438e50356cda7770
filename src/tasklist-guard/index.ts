export { createTasklistGuard, GUARD_HEALTH_PATH, type TasklistGuardOptions } from './server';
export { guardedTaskId, isClosedPath } from './rules';
export { relinkTaskForms, TASKLIST_FORM_INDICES, type FormIndices } from './forms';
