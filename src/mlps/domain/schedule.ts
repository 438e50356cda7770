/**
 * When a system's unified MLPS testing of a year opens (M24.1/M24.2). The builder tests the new
 * system first; from the next year on it joins unified testing, yearly. The date is fixed by the
 * first test: the anniversary of the builder's test report date in the testing year (29 February
 * → 28 February), moved to the next working day when it is not one, at 09:00 Asia/Shanghai. So a
 * late rectification or check never shifts later years.
 */
import { addMonths, shanghaiTime, yearOf, type LocalDate } from '../../calendar/domain/local-date';
import type { WorkCalendar } from '../../calendar';

export const UNIFIED_TESTING_HOUR = 9;

export interface UnifiedTesting {
  year: number;
  date: LocalDate;
  /** the instant the year's testing opens (the process's timer) */
  at: Date;
  /** the date lies in a calendar year whose holidays are not published yet */
  provisional: boolean;
}

/**
 * The unified testing of `year` for a system whose builder's test report is dated `firstReportDate`.
 * A year's test and rectification are due when the next year's testing opens (`unifiedTestingOf(…, year + 1).at`).
 */
export function unifiedTestingOf(
  calendar: WorkCalendar,
  firstReportDate: LocalDate,
  year: number,
): UnifiedTesting {
  const firstYear = yearOf(firstReportDate);
  if (year <= firstYear)
    throw new RangeError(
      `unified testing starts the year after the builder's test (${firstYear + 1}), not ${year}`,
    );
  const anniversary = addMonths(firstReportDate, 12 * (year - firstYear));
  const date = calendar.isWorkingDay(anniversary) ? anniversary : calendar.nextWorkingDay(anniversary);
  return {
    year,
    date,
    at: shanghaiTime(date, UNIFIED_TESTING_HOUR),
    provisional: calendar.isProvisional(date),
  };
}
