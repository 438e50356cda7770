export {
  defineWorker,
  complete,
  bpmnError,
  headerOneOf,
  type WorkerDefinition,
  type JobOutcome,
  type JobContext,
} from './definition';
export { runJob, retryBackOffMs, type JobActions, type JobResult } from './run-job';
export { startWorkers, type RunningWorkers, type WorkerOptions } from './start';
