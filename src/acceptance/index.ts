export {
  acceptanceOf,
  recordAcceptanceFiling,
  recordFinalAcceptance,
  recordPreliminaryAcceptance,
  type FinalAcceptanceResult,
} from './domain/acceptance';
export {
  ACCEPTANCE_DOCUMENTS,
  CHECKLIST_ITEMS,
  OM_FREE_YEARS,
  checklistProblems,
  missingDocumentProblems,
  omFreeUntil,
  type Checklist,
  type ChecklistKey,
} from './domain/checklist';
export { parseYuan, reviewClockStart, validateSettlement } from './domain/amounts';
export {
  recordSettlement,
  recordSettlementReview,
  settlementOf,
  type SettlementResult,
} from './domain/settlement';
export type {
  ProjectAcceptanceRow,
  ProjectSettlementRow,
  SettlementReviewRoute,
} from './data-access/acceptance.entities';
