import type { DataSource } from 'typeorm';
import type { CalendarService } from '../src/calendar';

/** What every handler may use: the registry database, the calendar in force and a clock. */
export interface WorkerDeps {
  dataSource: DataSource;
  calendar: CalendarService;
  now(): Date;
}
