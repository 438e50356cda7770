export { unitsRouter } from './api/routes';
export { creditCodeProblem } from './domain/credit-code';
export { assignUnit, listDishonestEntity, activeDishonestEntities } from './domain/units';
