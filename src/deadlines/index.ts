export { recordBreach, findBreachesOfProject, type RecordBreachInput } from './domain/record-breach';
export { recordDeadline, openDeadlines, type NewDeadline } from './domain/deadlines';
export type { DeadlineBreach } from './data-access/deadline-breach.entity';
export type { DeadlineRecord } from './data-access/deadline.entity';
