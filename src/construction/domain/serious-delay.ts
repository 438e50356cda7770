/**
 * M18 serious delay: construction more than 50 % beyond the contract period. The contract period
 * runs from the start of the contract start day to the end of the contract end day (Asia/Shanghai);
 * the delay becomes serious at the end of the contract period plus half its length, to the
 * millisecond: a 365-day contract ending 2027-12-31 is seriously late from 2028-07-01 12:00.
 */
import { addDays, shanghaiTime, toDayNumber } from '../../calendar/domain/local-date';
import { isCalendarDate } from '../../shared/validation';

/** M18: the delay beyond the contract period that makes it serious, in percent of that period. */
export const SERIOUS_DELAY_PERCENT = 50;

/** Why the contract period is unusable (Chinese), or undefined. */
export function contractPeriodProblem(contractStart: string, contractEnd: string): string | undefined {
  if (!isCalendarDate(contractStart)) return `合同开工日期“${contractStart}”不是有效日期（YYYY-MM-DD）`;
  if (!isCalendarDate(contractEnd)) return `合同竣工日期“${contractEnd}”不是有效日期（YYYY-MM-DD）`;
  if (contractEnd <= contractStart) return `合同竣工日期（${contractEnd}）须晚于开工日期（${contractStart}）`;
  return undefined;
}

/** The instant the construction becomes seriously delayed (M18): contract end + 50 % of the contract period. */
export function seriousDelayAt(contractStart: string, contractEnd: string): Date {
  const problem = contractPeriodProblem(contractStart, contractEnd);
  if (problem) throw new Error(problem);
  const periodStart = shanghaiTime(contractStart, 0);
  const periodEnd = shanghaiTime(addDays(contractEnd, 1), 0);
  const period = periodEnd.getTime() - periodStart.getTime();
  return new Date(periodEnd.getTime() + (period * SERIOUS_DELAY_PERCENT) / 100);
}

/** The contract period in days (both ends included). */
export const contractDays = (contractStart: string, contractEnd: string) =>
  toDayNumber(contractEnd) - toDayNumber(contractStart) + 1;
