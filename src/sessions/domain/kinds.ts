import { MessageName, ProcessId } from '../../shared/bpmn';
import { ProjectStage } from '../../projects/domain/stages';

/** The two kinds of session the regulations set; the value is the id of the session's process. */
export const SessionKind = {
  /** M7.3: the EIB's monthly pre-review */
  MonthlyPreReview: ProcessId.MonthlyPreReview,
  /** M7.1: the annual plan, every September */
  AnnualPlan: ProcessId.AnnualPlan,
} as const;
export type SessionKind = (typeof SessionKind)[keyof typeof SessionKind];
export const sessionKinds = Object.values(SessionKind) as [SessionKind, ...SessionKind[]];

/** Per kind: the message that opens a session, the stage its projects wait in, the message that answers them. */
export const sessionMessages: Record<
  SessionKind,
  { opens: MessageName; answers: MessageName; stage: ProjectStage }
> = {
  [SessionKind.MonthlyPreReview]: {
    opens: MessageName.PreReviewSessionDue,
    answers: MessageName.PreReviewDecided,
    stage: ProjectStage.AwaitingPreReview,
  },
  [SessionKind.AnnualPlan]: {
    opens: MessageName.AnnualPlanSessionDue,
    answers: MessageName.AnnualPlanDecided,
    stage: ProjectStage.AwaitingAnnualPlan,
  },
};
