/**
 * Names shared between the BPMN files, the workers, the API and the tests, defined once.
 * A unit test checks every BPMN under `workflows/` against this registry, so a renamed job type
 * or process id fails the build instead of stranding jobs on the cluster.
 */
export const ProcessId = {
  /** Main process of a project, started by its submission (M4.7, M14); correlation key = project code. */
  ProjectLifecycle: 'project-lifecycle',
  /** Intake checks of a submitted proposal (M31, M8, M24.1, M6, M7.5, M9), called by the lifecycle. */
  ProjectIntake: 'project-intake',
  /** Urgent project (M7.6): implementation plan, City Government approval, filing before implementation. */
  UrgentProject: 'urgent-project',
  /** The EIB's monthly pre-review session (M7.3, M4.2): one instance per month, timer-started. */
  MonthlyPreReview: 'monthly-pre-review',
  /** The annual plan (M7.1): one instance per year, timer-started in September. */
  AnnualPlan: 'annual-plan',
  /** A proposal started in Tasklist's "Processes" tab with a Chinese start form (M4.7); registers it like the API. */
  ProposalStart: 'proposal-start',
  /** Opens the sessions (M7.3, M7.1) at instants computed on the calendar; one instance per session kind. */
  SessionScheduler: 'session-scheduler',
  /** The EIB's technical review of the materials (M11.1–M11.5): rounds, deadlines, restart after two failures. */
  TechnicalReview: 'technical-review',
  /** A department files an office network, security or office equipment purchase with the EIB within a month (M10.3). */
  OfficePurchaseFiling: 'office-purchase-filing',
  /** The technical review under the repealed 2020 measures (T22, T11–T16, T24) for the projects still under them. */
  TechnicalReview2020: 'technical-review-2020',
  /** Tender results of designer, contractor and supervisor (M12, M13, M22.2); no construction without a supervisor. */
  Procurement: 'procurement',
  /** Construction: progress reports (M15), change requests (M16, event sub-process), serious delay (M18). */
  Construction: 'construction',
  /** Preliminary and final acceptance (M17, M19, M23, M25, M26) and the filing of the report (M20). */
  Acceptance: 'acceptance',
  /** Financial review or audit within 2 months after final acceptance and settlement (M21). */
  SettlementReview: 'settlement-review',
  /** Performance self-evaluation in months 12–24 after final acceptance; Finance's evaluation (M22.1). */
  PerformanceEvaluation: 'performance-evaluation',
  /** O&M funding application after the 3 free years (M20, M27): unified or self-applied. */
  OmFunding: 'om-funding',
  /** Yearly MLPS (等保) testing of a system and the CAC's rectification check (M24). */
  MlpsTesting: 'mlps-testing',
} as const;
export type ProcessId = (typeof ProcessId)[keyof typeof ProcessId];

/** Decisions (DMN) the processes call; the thresholds of the rules live there. */
export const DecisionId = {
  /** M10.2: feasibility study, or straight to a preliminary design / implementation plan. */
  DocumentPath: 'document-path',
  /** M21: financial review by the approval department (≤ 100 M yuan) or audit (> 100 M). */
  SettlementReviewRoute: 'settlement-review-route',
  /** M7.5: whether a proposal exceeds its department's yearly quota (at most 2 per year in principle). */
  DepartmentQuota: 'department-quota',
  /** M7.2/M7.4: the plan year of a project passing pre-review (submitted ≤ 31 August of Y → Y+1, else Y+2). */
  PlanYear: 'plan-year',
  /** M16: a change of construction content is filed (≤ 15 % cumulative, within the estimate) or needs EIB approval. */
  ChangeRoute: 'change-route',
} as const;
export type DecisionId = (typeof DecisionId)[keyof typeof DecisionId];

export const JobType = {
  /** Records that a deadline passed before the step it guards was done (timer boundary paths). */
  DeadlineRecordBreach: 'deadline.record-breach',
  /** Computes a due instant on the working-day calendar; every deadline timer uses its output. */
  DeadlineCompute: 'deadline.compute',
  /** Records the lifecycle instance on its project row (refuses a second instance). */
  ProjectBindInstance: 'project.bind-instance',
  /** Records a stage change of a project in the registry, with an audit entry (idempotent). */
  ProjectSetStage: 'project.set-stage',
  /** One intake check of a proposal (M31, M8, M24.1, M6, M7.5, M9), chosen by the task header `check`. */
  ProjectIntakeCheck: 'project.intake-check',
  /** Validates and records a decision taken in a user task (header `decision`); refuses one without its reason. */
  ProjectRecordDecision: 'project.record-decision',
  /** Registers a proposal started from Tasklist's start form through the API's submit function (idempotent). */
  ProjectRegisterProposal: 'project.register-proposal',
  /** The next session of a kind (M7.3 monthly pre-review, M7.1 annual plan) on the calendar in force. */
  SessionNext: 'session.next',
  /** Opens a session: starts its process once per period (message start, deduplicated). */
  SessionOpen: 'session.open',
  /** Batches the projects a session decides on (by stage), once per session. */
  SessionBatchProjects: 'session.batch-projects',
  /** Answers a project's lifecycle with a session's decision (message correlated on the project code). */
  SessionPublishDecision: 'session.publish-decision',
  /** Opens a round of the technical review (M11.1) with the project's designer; refuses a dishonest designer. */
  ReviewOpenRound: 'review.open-round',
  /** Validates and records a review decision with its written opinion (M11.1/M11.4; M11.5 on a second failure). */
  ReviewRecordOutcome: 'review.record-outcome',
  /** Checks the review materials before the review clock starts: documents of the path (M10.1/M10.2), quotes and original development (M11.6). */
  ReviewCheckMaterials: 'review.check-materials',
  /** Registers an office purchase filing obligation (M10.3) and its due instant; binds the API's filing to its instance. */
  OfficePurchaseRegister: 'office-purchase.register',
  /** Records that the EIB registered an office purchase filing (M10.3): when, and whether it was late. */
  OfficePurchaseRecordFiling: 'office-purchase.record-filing',
  /** Validates and records the conformance checklist of a review under the 2020 measures (T11–T16). */
  ReviewCheckConformance: 'review.check-conformance',
  /** Validates and records the tender results (M12): designer, contractor and supervisor, contract (M13, M22.2). */
  ProcurementRecordTenderResults: 'procurement.record-tender-results',
  /** Computes and records the serious-delay instant (M18): contract end + 50 % of the contract period. */
  ConstructionScheduleSeriousDelay: 'construction.schedule-serious-delay',
  /** Validates and archives a periodic progress report of the construction (M15). */
  ConstructionRecordProgressReport: 'construction.record-progress-report',
  /** Records a step of the M18 rectification (header `step`): report, order, rectification report, assessment, sanction. */
  ConstructionRecordRectification: 'construction.record-rectification',
  /** Records how the construction ended (header `outcome`: completed or terminated). */
  ConstructionRecordOutcome: 'construction.record-outcome',
  /** Marks a change request filed (M16: within 15 % and the approved estimate). */
  ChangeMarkFiled: 'change.mark-filed',
  /** Records the EIB's approval or rejection of a change request, with its reason (M16). */
  ChangeRecordDecision: 'change.record-decision',
  /** Records a department's performance self-evaluation (M22.1); refuses one outside months 12–24 after final acceptance. */
  EvaluationRecordSelf: 'evaluation.record-self',
  /** Records that the self-evaluation window (M22.1) closed without a self-evaluation: the evaluation is missing. */
  EvaluationRecordMissing: 'evaluation.record-missing',
  /** Records Finance's key-project decision, its evaluation and rectification opinions (M22.1, M22.2). */
  EvaluationRecordFinance: 'evaluation.record-finance',
  /** Records a department's O&M funding application (M27); refuses one without a performance evaluation report. */
  OmFundingRecordApplication: 'om-funding.record-application',
  /** Records the EIB's O&M funding decision (M27): unified or self-applied, from the end of the free period (M20). */
  OmFundingRecordDecision: 'om-funding.record-decision',
  /** Publishes the start message of a system's yearly MLPS testing (M24) once per project (messageId mlps:<code>). */
  MlpsStartTesting: 'mlps.start-testing',
  /** Records an MLPS test result (header `kind`: builder, unified or self) of a system's year (M24.1/M24.2). */
  MlpsRecordTest: 'mlps.record-test',
  /** Records a department's MLPS rectification report and the CAC check's due instant (M24.1). */
  MlpsRecordRectification: 'mlps.record-rectification',
  /** Records the CAC's check of an MLPS rectification, passed or failed (M24.1). */
  MlpsRecordCheck: 'mlps.record-check',
  /** Records that the CAC check was not done within 5 working days (M24.1): the standing becomes check-missing. */
  MlpsRecordCheckMissing: 'mlps.record-check-missing',
  /** The next year of a system's MLPS testing and the instant its unified testing opens (M24.1/M24.2). */
  MlpsScheduleUnifiedTesting: 'mlps.schedule-unified-testing',
  /** Whether the department is admitted to the year's unified MLPS testing (M24.1), with the reason when not. */
  MlpsCheckAdmission: 'mlps.check-admission',
  /** Records a project's preliminary acceptance (M17): its date and summary; the 6-month application clock counts from it. */
  AcceptanceRecordPreliminary: 'acceptance.record-preliminary',
  /** Checks the final acceptance checklist (M19, M23, M25, M26, archives) and documents; records it, or refuses with every reason. */
  AcceptanceRecordFinal: 'acceptance.record-final',
  /** Records the filing of the summary report and acceptance opinion with the EIB (M20). */
  AcceptanceRecordFiling: 'acceptance.record-filing',
  /** Validates and records a project's settlement (M21): amounts in yuan, settlement date; refuses bad amounts. */
  SettlementRecord: 'settlement.record',
  /** Records the result of the financial review or audit of a settlement (M21): opinion and reviewed amount. */
  SettlementRecordReview: 'settlement.record-review',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];

/** Messages correlated to waiting process instances. */
export const MessageName = {
  /** Starts the project lifecycle (message start event); key: projectCode. */
  ProposalSubmitted: 'proposal-submitted',
  /** The monthly pre-review decided on the project (M7.3); key: projectCode. */
  PreReviewDecided: 'pre-review-decided',
  /** The annual plan decided on the project (M7.1): included (released) or excluded with a reason; key: projectCode. */
  AnnualPlanDecided: 'annual-plan-decided',
  /** Starts the session scheduler of one kind (message start; key: the kind, so one scheduler per kind runs). */
  SessionSchedulerStart: 'session-scheduler-start',
  /** Starts the monthly pre-review of a month (message start; key: the month YYYY-MM). */
  PreReviewSessionDue: 'pre-review-session-due',
  /** Starts the annual plan of a year (message start; key: the year YYYY). */
  AnnualPlanSessionDue: 'annual-plan-session-due',
  /** A change request of the construction content was recorded (M16); key: projectCode, messageId change:<id>. */
  ChangeRequested: 'change-requested',
  /** Starts a system's yearly MLPS testing after its final acceptance (message start; key: projectCode). */
  MlpsTestingStart: 'mlps-testing-start',
  /** The system is retired: its MLPS testing ends (interrupting boundary; key: projectCode). */
  MlpsSystemRetired: 'mlps-system-retired',
} as const;
export type MessageName = (typeof MessageName)[keyof typeof MessageName];

/** BPMN error codes thrown by workers (business outcomes, caught by error boundary events). */
export const ErrorCode = {
  /** A second lifecycle instance for a project that already has one. */
  DuplicateLifecycle: 'DUPLICATE_LIFECYCLE',
  /** A proposal from the Tasklist start form that the registry refuses (M31, M7.5, unknown departments …). */
  ProposalRefused: 'PROPOSAL_REFUSED',
  /** The review materials are incomplete (M10.1/M10.2 documents, M11.6 quotes or justification): back to the department. */
  ReviewMaterialsIncomplete: 'REVIEW_MATERIALS_INCOMPLETE',
  /** An office purchase filing the registry refuses (unknown department, bad amount or date, a second instance). */
  OfficePurchaseRefused: 'OFFICE_PURCHASE_REFUSED',
  /** Tender results the registry refuses (a dishonest unit, contractor without supervisor, bad contract data): back to the department. */
  TenderResultsRefused: 'TENDER_RESULTS_REFUSED',
  /** A construction record the registry refuses (a progress report or rectification order with bad data): back to the task. */
  ConstructionRecordRefused: 'CONSTRUCTION_RECORD_REFUSED',
  /** A performance self-evaluation outside its window (M22.1: months 12–24 after final acceptance): back to the department. */
  EvaluationRefused: 'EVALUATION_REFUSED',
  /** An O&M funding application the registry refuses (M27: no performance evaluation report): back to the department. */
  OmFundingRefused: 'OM_FUNDING_REFUSED',
  /** An MLPS result the registry refuses (a report dated in the future, no open rectification …): back to the task. */
  MlpsResultRefused: 'MLPS_RESULT_REFUSED',
  /** Final acceptance refused (M19, M23, M25, M26, archives, missing documents): back to the department to rectify and re-apply. */
  AcceptanceRefused: 'ACCEPTANCE_REFUSED',
  /** A settlement the registry refuses (negative or non-numeric amounts, a bad date): back to the department. */
  SettlementRefused: 'SETTLEMENT_REFUSED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** BPMN escalation codes thrown inside a process and caught by a boundary or event sub-process. */
export const EscalationCode = {
  /** M18: a progress report flags a major investment loss; caught on the construction works, it starts the rectification procedure. */
  MajorInvestmentLoss: 'MAJOR_INVESTMENT_LOSS',
} as const;
export type EscalationCode = (typeof EscalationCode)[keyof typeof EscalationCode];
