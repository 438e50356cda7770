export { unitsRouter } from './api/routes';
export { creditCodeProblem } from './domain/credit-code';
export { assignUnit, listDishonestEntity, activeDishonestEntities } from './domain/units';
export {
  recordTenderResults,
  tenderResultsProblems,
  type TenderResultsInput,
  type TenderResultsOutcome,
} from './domain/tenders';
