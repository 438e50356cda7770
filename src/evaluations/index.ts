export {
  EVALUATION_GRADES,
  EVALUATION_REPORT_DOCUMENT,
  evaluationOfProject,
  recordEvaluationMissing,
  recordFinanceEvaluation,
  recordSelfEvaluation,
} from './domain/evaluations';
export { omFundingOfProject, recordOmApplication, recordOmFundingDecision } from './domain/om-funding';
export {
  applicationDueAt,
  applicationProblem,
  evaluationGradeOf,
  fundingFrom,
} from './domain/om-funding-rules';
export { evaluationWindow, windowProblem, type EvaluationWindow } from './domain/window';
export type {
  EvaluationGrade,
  EvaluationStatus,
  OmFundingMode,
  OmFundingOutcome,
  OmFundingRow,
  PerformanceEvaluationRow,
} from './data-access/evaluation.entities';
