/**
 * Stages of a project as the registry records them (`project.stage`), set by the lifecycle as it
 * moves. The session processes find their projects by stage (the monthly pre-review batches every
 * project `awaiting-pre-review`; the annual plan every `awaiting-annual-plan` of its year).
 */
export const ProjectStage = {
  /** submitted, lifecycle not yet bound */
  Proposal: 'proposal',
  /** intake checks running */
  Intake: 'intake',
  /** refused at intake; the reason is in the timeline */
  Refused: 'refused',
  /** waiting for the next monthly pre-review session */
  AwaitingPreReview: 'awaiting-pre-review',
  /** pre-review failed: the department may revise and resubmit (a new round) */
  Revising: 'revising',
  /** passed pre-review; waiting for the annual plan of its plan year */
  AwaitingAnnualPlan: 'awaiting-annual-plan',
  /** urgent path: implementation plan, approval, filing */
  Urgent: 'urgent',
  /** in the review stage: materials (M10.1) and the technical review (M11) */
  Review: 'review',
  /** the technical review passed; report and approval issued (M11.2); waiting for implementation */
  Approved: 'approved',
  /** withdrawn by its department */
  Withdrawn: 'withdrawn',
  /** not included in the annual plan (M7.1); the reason is in the timeline */
  ExcludedFromPlan: 'excluded',
  /** urgent project filed with the EIB (M7.6): implemented directly, without the annual plan */
  Implementation: 'implementation',
  /**
   * final acceptance passed (set by the acceptance stage, a later issue); only such a project may be
   * upgraded by a new one (T26/T27, checked at submission)
   */
  Accepted: 'accepted',
  /** approved: tender results of designer, contractor and supervisor being recorded (M12, M13) */
  Procurement: 'procurement',
  /** under construction (M15, M16, M18) */
  Construction: 'construction',
  /** construction terminated after a serious delay was not rectified (M18); the lifecycle ended */
  Terminated: 'terminated',
  /** preliminary acceptance done; final acceptance being applied for and organised (M17, M19) */
  Acceptance: 'acceptance',
  /** in operation after final acceptance: settlement review, evaluation, O&M funding (M20–M22, M27) */
  Operation: 'operation',
} as const;
export type ProjectStage = (typeof ProjectStage)[keyof typeof ProjectStage];
