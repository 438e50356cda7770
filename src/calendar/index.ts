export { CalendarService } from './domain/calendar-service';
export { WorkCalendar, CalendarRangeError, MIN_YEAR, MAX_YEAR } from './domain/work-calendar';
export {
  computeDeadline,
  deadlineRuleSchema,
  planYear,
  preReviewSessionDate,
  omFundingApplicationDeadline,
  DEFAULT_SESSION_INTERPRETATION,
  type DeadlineRule,
  type Deadline,
  type SessionInterpretation,
} from './domain/rules';
export { parseLocalDate, shanghaiDateOf, InvalidDateError, type LocalDate } from './domain/local-date';
export {
  previewSchedule,
  applySchedule,
  yearScheduleSchema,
  yearParamSchema,
  type YearSchedule,
} from './domain/schedule';
export type { DayInfo, YearStatus } from './domain/types';
