export { recordBreach, findBreachesOfProject, type RecordBreachInput } from './domain/record-breach';
export type { DeadlineBreach } from './data-access/deadline-breach.entity';
