import type { DataSource } from 'typeorm';
import type { CalendarService } from '../src/calendar';
import type { SessionMessaging } from '../src/sessions';

/** What every handler may use: the registry database, the calendar in force and a clock. */
export interface WorkerDeps {
  dataSource: DataSource;
  calendar: CalendarService;
  now(): Date;
  /** Messages to the engine (the session workers): opening sessions, answering lifecycles. */
  messaging?: SessionMessaging;
}

/** The messaging dependency, or a failure that says it is not wired (an incident, not a silent skip). */
export function messagingOf(deps: WorkerDeps): SessionMessaging {
  if (!deps.messaging) throw new Error('this worker needs messaging to the engine (WorkerDeps.messaging)');
  return deps.messaging;
}
