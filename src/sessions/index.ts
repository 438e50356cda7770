/** Sessions (M7.3 monthly pre-review, M7.1 annual plan): when they are held, what they batch, how they answer. */
export { SessionKind, sessionKinds, sessionMessages } from './domain/kinds';
export {
  sessionSlot,
  nextSession,
  nextPeriod,
  SESSION_HOUR,
  type SessionSlot,
  type NextSession,
} from './domain/schedule';
export { batchProjects, type BatchedProject, type BatchRequest } from './domain/batch';
export {
  answerProject,
  checkDecision,
  messageVariables,
  sessionHistory,
  type SessionDecision,
  type AnswerResult,
} from './domain/answer';
export {
  firstOpenPlanYear,
  planYearMovedReason,
  PLAN_YEAR_MOVED,
  type PlanOpenings,
} from './domain/carry-over';
export { recordScheduledSession, scheduledSessionDates } from './domain/scheduled';
export { camundaMessaging, type SessionMessaging } from './domain/messaging';
export { ensureSessionSchedulers } from './domain/schedulers';
