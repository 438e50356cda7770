export {
  submitProposal,
  bindProcessInstance,
  LIFECYCLE_OUTBOX_KIND,
  type SubmitResult,
  type BindResult,
} from './domain/submit';
export { listProjects, getProject, projectTimeline } from './domain/queries';
export {
  proposalSchema,
  listQuerySchema,
  idempotencyKeySchema,
  budgetSchema,
  type Proposal,
} from './domain/schemas';
export { mayUploadDocuments } from './domain/access';
export { ProjectStage } from './domain/stages';
export {
  IntakeCheck,
  intakeCheckRule,
  runIntakeCheck,
  mlpsStandingOf,
  departmentProposalOrdinal,
  setProjectStage,
  recordProjectDecision,
  type IntakeCheckResult,
  type MlpsStanding,
  type StageChange,
} from './domain/intake';
export {
  DecisionKind,
  decisionRule,
  evaluateDecision,
  planReviewers,
  type Decision,
  type DecisionVariables,
  type PlanReviewer,
} from './domain/decisions';
export {
  registerStartFormProposal,
  proposalFromStartForm,
  startFormSubmitter,
  type StartFormProposal,
} from './domain/start-form';
export { PROJECTS_PER_DEPARTMENT_PER_YEAR } from './domain/submit';
