/** A calendar from the package data only, with optional database rows: for unit tests. */
import { packageDays, packageYears } from './package-data';
import type { DayOverride, YearStatus } from './types';
import { WorkCalendar } from './work-calendar';

export function packageCalendar(
  database: [string, DayOverride][] = [],
  databaseYears: [number, YearStatus][] = [],
): WorkCalendar {
  return new WorkCalendar({
    database: new Map(database),
    databaseYears: new Map(databaseYears),
    packageDays: packageDays(),
    packageYears: packageYears(),
  });
}
