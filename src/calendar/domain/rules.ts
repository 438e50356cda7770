/**
 * Dates the regulations define, computed on the working-day calendar. Every BPMN deadline goes
 * through `computeDeadline`, so the convention (see work-calendar.ts) is applied in one place.
 */
import { z } from 'zod';
import {
  addDays,
  addMonths,
  endOfShanghaiDay,
  isoWeekday,
  parseLocalDate,
  shanghaiDateOf,
  shanghaiTime,
  yearOf,
  type LocalDate,
} from './local-date';
import type { WorkCalendar } from './work-calendar';

/** Upper bounds that no regulation comes near; larger values are input errors. */
const MAX_WORKING_DAYS = 2_000;
const MAX_MONTHS = 240;
const MAX_CALENDAR_DAYS = 7_300;

export const deadlineRuleSchema = z.union([
  z.strictObject({ workingDays: z.number().int().min(0).max(MAX_WORKING_DAYS) }),
  z.strictObject({ months: z.number().int().min(0).max(MAX_MONTHS) }),
  z.strictObject({ calendarDays: z.number().int().min(0).max(MAX_CALENDAR_DAYS) }),
  /** M7.2/M7.4: the plan year a submission joins, due at that plan's 31 August cut-off */
  z.strictObject({ planYear: z.literal(true) }),
  /** M27: start = end of the free-O&M period; due 31 August of the year before */
  z.strictObject({ omFundingApplication: z.literal(true) }),
  /** M7.3: the next monthly pre-review session on or after the start, 09:00 */
  z.strictObject({ preReviewSession: z.literal(true) }),
]);
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

export interface Deadline {
  /** the instant the timer fires / the task is due (UTC) */
  dueAt: Date;
  /** the due date in Asia/Shanghai */
  dueDate: LocalDate;
  /** true when a provisional calendar year was used: the date may move when the schedule is published */
  provisional: boolean;
  /** only for the planYear rule */
  planYear?: number;
}

export const PLAN_CUTOFF_MONTH_DAY = '08-31';

/** M7.2/M7.4: submitted (or passed pre-review) on or before 31 August of Y → plan year Y+1, after → Y+2. */
export function planYear(date: LocalDate): number {
  const y = yearOf(date);
  return date.slice(5) <= PLAN_CUTOFF_MONTH_DAY ? y + 1 : y + 2;
}

/** M27: 31 August of the year before the free-O&M period ends. */
export function omFundingApplicationDeadline(freeMaintenanceEnds: LocalDate): LocalDate {
  return `${yearOf(freeMaintenanceEnds) - 1}-${PLAN_CUTOFF_MONTH_DAY}`;
}

/**
 * "The Thursday of the 4th week" of M7.3 read two ways:
 * - `fourth-thursday` (default): the month's 4th Thursday — always inside the month, and what a
 *   `THU#4` cron timer expresses;
 * - `fourth-week`: the Thursday of the month's 4th Monday-based week, week 1 being the week that
 *   contains the 1st. It differs when a month starts on Friday–Sunday (then it is the 3rd Thursday).
 */
export type SessionInterpretation = 'fourth-thursday' | 'fourth-week';
export const DEFAULT_SESSION_INTERPRETATION: SessionInterpretation = 'fourth-thursday';

export function nominalSessionDate(month: string, interpretation: SessionInterpretation): LocalDate {
  const first = parseLocalDate(`${month}-01`);
  const firstWeekday = isoWeekday(first);
  if (interpretation === 'fourth-thursday') {
    const firstThursday = addDays(first, (4 - firstWeekday + 7) % 7);
    return addDays(firstThursday, 21);
  }
  const thursdayOfWeekOne = addDays(first, 4 - firstWeekday); // may fall in the previous month
  return addDays(thursdayOfWeekOne, 21);
}

export interface SessionDate {
  /** the Thursday the rule names */
  nominal: LocalDate;
  /** the day the session is held: the nominal day, or the next working day when that is not one */
  date: LocalDate;
  moved: boolean;
  provisional: boolean;
}

/** M7.3: the monthly pre-review session, moved to the next working day when the Thursday is not one. */
export function preReviewSessionDate(
  calendar: WorkCalendar,
  month: string,
  interpretation: SessionInterpretation = DEFAULT_SESSION_INTERPRETATION,
): SessionDate {
  const nominal = nominalSessionDate(month, interpretation);
  const date = calendar.isWorkingDay(nominal) ? nominal : calendar.nextWorkingDay(nominal);
  return { nominal, date, moved: date !== nominal, provisional: calendar.isProvisional(date) };
}

const SESSION_HOUR = 9;

export function computeDeadline(calendar: WorkCalendar, start: Date, rule: DeadlineRule): Deadline {
  const from = shanghaiDateOf(start);
  const endOf = (dueDate: LocalDate, provisional = calendar.anyProvisional(from, dueDate)): Deadline => ({
    dueAt: endOfShanghaiDay(dueDate),
    dueDate,
    provisional,
  });
  if ('workingDays' in rule) return endOf(calendar.addWorkingDays(from, rule.workingDays));
  if ('months' in rule) return endOf(addMonths(from, rule.months));
  if ('calendarDays' in rule) return endOf(addDays(from, rule.calendarDays));
  if ('planYear' in rule) {
    const year = planYear(from);
    return { ...endOf(`${year - 1}-${PLAN_CUTOFF_MONTH_DAY}`), planYear: year };
  }
  if ('omFundingApplication' in rule) {
    const due = omFundingApplicationDeadline(from);
    return endOf(due, calendar.isProvisional(due));
  }
  // the next session that has not begun yet: this month's, else next month's
  const month = from.slice(0, 7);
  let session = preReviewSessionDate(calendar, month);
  if (shanghaiTime(session.date, SESSION_HOUR).getTime() <= start.getTime()) {
    session = preReviewSessionDate(calendar, addMonths(`${month}-01`, 1).slice(0, 7));
  }
  return {
    dueAt: shanghaiTime(session.date, SESSION_HOUR),
    dueDate: session.date,
    provisional: session.provisional,
  };
}
