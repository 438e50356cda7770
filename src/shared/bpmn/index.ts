/**
 * Names shared between the BPMN files, the workers, the API and the tests, defined once.
 * A unit test checks every BPMN under `workflows/` against this registry, so a renamed job type
 * or process id fails the build instead of stranding jobs on the cluster.
 */
export const ProcessId = {
  /** Foundation slice: register receipt of review materials (M11.1 counts from receipt). */
  MaterialsReceipt: 'materials-receipt',
  /** Main process of a project, started by its submission (M4.7, M14); correlation key = project code. */
  ProjectLifecycle: 'project-lifecycle',
} as const;
export type ProcessId = (typeof ProcessId)[keyof typeof ProcessId];

/** Decisions (DMN) the processes call; the thresholds of the rules live there. */
export const DecisionId = {
  /** M10.2: feasibility study, or straight to a preliminary design / implementation plan. */
  DocumentPath: 'document-path',
  /** M21: financial review by the approval department (≤ 100 M yuan) or audit (> 100 M). */
  SettlementReviewRoute: 'settlement-review-route',
} as const;
export type DecisionId = (typeof DecisionId)[keyof typeof DecisionId];

export const JobType = {
  ReceiptRegister: 'receipt.register',
  /** Records that a deadline passed before the step it guards was done (timer boundary paths). */
  DeadlineRecordBreach: 'deadline.record-breach',
  /** Computes a due instant on the working-day calendar; every deadline timer uses its output. */
  DeadlineCompute: 'deadline.compute',
  /** Records the lifecycle instance on its project row (refuses a second instance). */
  ProjectBindInstance: 'project.bind-instance',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];

/** Messages correlated to waiting process instances. */
export const MessageName = {
  /** The EIB finished the first technical review of a project's materials (M11.1); key: projectCode. */
  FirstReviewCompleted: 'first-review-completed',
  /** Starts the project lifecycle (message start event); key: projectCode. */
  ProposalSubmitted: 'proposal-submitted',
  /** The monthly pre-review decided on the project (M7.3); key: projectCode. */
  PreReviewDecided: 'pre-review-decided',
} as const;
export type MessageName = (typeof MessageName)[keyof typeof MessageName];

/** BPMN error codes thrown by workers (business outcomes, caught by error boundary events). */
export const ErrorCode = {
  /** The materials are dated after the moment of registration: the review clock cannot start in the future. */
  ReceiptInFuture: 'RECEIPT_IN_FUTURE',
  /** A second lifecycle instance for a project that already has one. */
  DuplicateLifecycle: 'DUPLICATE_LIFECYCLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Values of the `receiptOutcome` variable set by the end paths of `materials-receipt`. */
export const ReceiptOutcome = {
  Registered: 'registered',
  RegistrationOverdue: 'registration-overdue',
  Rejected: 'rejected',
} as const;
export type ReceiptOutcome = (typeof ReceiptOutcome)[keyof typeof ReceiptOutcome];
