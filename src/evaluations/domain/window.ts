/**
 * M22.1: the department evaluates its project's performance in months 12–24 after final acceptance.
 * The window is computed as `deadline.compute` computes `{months: 12}` and `{months: 24}` (the end of
 * that day, Asia/Shanghai), so the process's timers and this check agree to the millisecond.
 */
import { addMonths, endOfShanghaiDay, shanghaiDateOf } from '../../calendar/domain/local-date';

export const WINDOW_OPENS_MONTHS = 12;
export const WINDOW_CLOSES_MONTHS = 24;

export interface EvaluationWindow {
  opensAt: Date;
  closesAt: Date;
}

export function evaluationWindow(finalAcceptedAt: Date): EvaluationWindow {
  const accepted = shanghaiDateOf(finalAcceptedAt);
  return {
    opensAt: endOfShanghaiDay(addMonths(accepted, WINDOW_OPENS_MONTHS)),
    closesAt: endOfShanghaiDay(addMonths(accepted, WINDOW_CLOSES_MONTHS)),
  };
}

const shanghai = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Why a self-evaluation at `now` is outside its window (Chinese, shown to the department), or null. Both edges belong to the window. */
export function windowProblem(window: EvaluationWindow, now: Date): string | null {
  if (now.getTime() < window.opensAt.getTime())
    return `绩效自评须在项目终验后第12个月至第24个月内进行（M22.1）：评价期自 ${shanghai(window.opensAt)} 起，现在尚未开始。`;
  if (now.getTime() > window.closesAt.getTime())
    return `绩效自评须在项目终验后第12个月至第24个月内进行（M22.1）：评价期已于 ${shanghai(window.closesAt)} 结束。`;
  return null;
}
