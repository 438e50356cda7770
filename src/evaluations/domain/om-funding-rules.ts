/**
 * M27 and M20: a department applies for O&M funds with its performance evaluation report, by 31
 * August of the year before its free O&M period ends; special O&M funds start only when that period
 * ends (no special funds during the free years).
 */
import { endOfShanghaiDay } from '../../calendar/domain/local-date';
import { omFundingApplicationDeadline } from '../../calendar';
import type { EvaluationGrade, PerformanceEvaluationRow } from '../data-access/evaluation.entities';

/** The evaluation an application rests on: the final grade (Finance's for a key project), else the department's. */
export function evaluationGradeOf(evaluation: PerformanceEvaluationRow | null): EvaluationGrade | null {
  if (!evaluation || evaluation.status === 'missing') return null;
  return evaluation.finalGrade ?? evaluation.selfGrade;
}

/** Why an O&M application cannot be accepted now (Chinese, shown to the department), or null. */
export function applicationProblem(evaluation: PerformanceEvaluationRow | null): string | null {
  if (!evaluation)
    return '申请运维经费须附项目绩效评价报告（M27）：本项目尚无绩效评价记录，请先完成绩效自评。';
  if (evaluation.status === 'missing')
    return '申请运维经费须附项目绩效评价报告（M27）：本项目未在终验后第12至24个月内完成绩效自评，评价缺失，请先向市财政局补报绩效评价报告。';
  return null;
}

/** M27: the application is due at the end of 31 August of the year before the free period ends. */
export const applicationDueAt = (freeUntil: string): Date =>
  endOfShanghaiDay(omFundingApplicationDeadline(freeUntil));

/** M20: special O&M funds start the day the free period ends, never earlier. */
export const fundingFrom = (freeUntil: string): string => freeUntil;
