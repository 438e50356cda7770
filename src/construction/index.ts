export {
  SERIOUS_DELAY_PERCENT,
  contractPeriodProblem,
  seriousDelayAt,
  contractDays,
} from './domain/serious-delay';
export {
  PROGRESS_RULE,
  SERIOUS_DELAY_RULE,
  SANCTIONS,
  progressReportProblems,
  progressReportsOf,
  recordConstructionStep,
  recordProgressReport,
  rectificationDueProblem,
  scheduleSeriousDelay,
  type ConstructionRecordInput,
  type ProgressReportInput,
  type RecordingTask,
  type Sanction,
} from './domain/records';
export type {
  ConstructionRecordKind,
  ConstructionRecordRow,
  ProgressReportRow,
} from './data-access/construction.entities';
