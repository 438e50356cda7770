/**
 * M10.3: a purchase is filed with the EIB within one month after it completed. The filing is due
 * at the end of the day one calendar month later (Asia/Shanghai; a day the later month lacks is
 * its last day: completed 31 January, due 28 or 29 February). Calendar days, not working days:
 * the rule says 1个月.
 */
import {
  addMonths,
  endOfShanghaiDay,
  shanghaiDateOf,
  type LocalDate,
} from '../../calendar/domain/local-date';

export const FILING_PERIOD_MONTHS = 1;

/** The last day of the filing period. */
export const filingDueDate = (purchaseCompletedOn: LocalDate): LocalDate =>
  addMonths(purchaseCompletedOn, FILING_PERIOD_MONTHS);

/** The instant the filing period ends (the timer of the department's task fires then). */
export const filingDueAt = (purchaseCompletedOn: LocalDate): Date =>
  endOfShanghaiDay(filingDueDate(purchaseCompletedOn));

/** Whether a filing is flagged overdue: filed late, or still open past its due instant. */
export function isOverdue(
  filing: { dueAt: Date; filedAt: Date | null; late: boolean | null },
  now: Date,
): boolean {
  return filing.filedAt === null ? now.getTime() > filing.dueAt.getTime() : filing.late === true;
}

/** Whether a purchase date lies after today (Asia/Shanghai): a purchase not completed yet. */
export const isAfterToday = (date: LocalDate, now: Date): boolean => date > shanghaiDateOf(now);
