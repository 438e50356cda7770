import { packageCalendar } from '../../calendar/domain/fixtures';
import { shanghaiTime } from '../../calendar/domain/local-date';
import { firstOpenPlanYear, planYearMovedReason } from './carry-over';

const calendar = packageCalendar();
const HOUR = 3_600_000;

describe('plan year of a project passed at pre-review (M7.4, M7.1)', () => {
  // the plan of plan year 2026 opens at 09:00 on Friday 26 September 2025, after the September session
  const planDay = shanghaiTime('2025-09-26', 0);

  it('keeps the plan year while its plan has not opened: passed in the September session', () => {
    // given a project submitted by 31 August 2025 (plan year 2026), passed on the session day
    const passedAt = shanghaiTime('2025-09-25', 16);
    // then it joins the plan of 2026
    expect(firstOpenPlanYear(calendar, 2026, passedAt)).toBe(2026);
    expect(firstOpenPlanYear(calendar, 2026, new Date(planDay.getTime() - 1))).toBe(2026);
  });

  it('moves it to the next plan once its plan has opened: passed in October after a resubmitted round', () => {
    // given the same plan year, passed in the October session
    const passedAt = shanghaiTime('2025-10-23', 10);
    // then it joins the plan of 2027, the next that has not opened
    expect(firstOpenPlanYear(calendar, 2026, passedAt)).toBe(2027);
  });

  it('moves it on from the start of the day the plan opens: a pass that morning could reach its stage after the plan collected', () => {
    expect(firstOpenPlanYear(calendar, 2026, planDay)).toBe(2027);
    expect(firstOpenPlanYear(calendar, 2026, shanghaiTime('2025-09-26', 8, 59))).toBe(2027);
  });

  it('moves it on when a plan already holds projects, even before its computed instant (a calendar changed after it opened)', () => {
    // given the plan of 2026 recorded as held
    const before = new Date(planDay.getTime() - 24 * HOUR);
    // then a pass before its computed instant still goes to 2027
    expect(firstOpenPlanYear(calendar, 2026, before, { held: new Set([2026]) })).toBe(2027);
  });

  it('takes the opening day the annual-plan scheduler computed, read as its process owner set it, over the default reading', () => {
    // given the plan of 2026 scheduled on a later day than the default reading gives (a process owner's other reading of "4th week")
    const scheduled = new Map([[2026, '2025-09-29']]);
    // when a project passes on the default reading's plan day, before the scheduled one
    // then it still joins the plan of 2026; on the scheduled day it moves on, and the reason names that day
    expect(firstOpenPlanYear(calendar, 2026, planDay, { scheduled })).toBe(2026);
    expect(firstOpenPlanYear(calendar, 2026, shanghaiTime('2025-09-29', 8), { scheduled })).toBe(2027);
    expect(planYearMovedReason(calendar, 2026, 2027, scheduled)).toContain('已于2025-09-29开始研究');
  });

  it('tells the department in Chinese which plan had opened, when, and which plan it joins', () => {
    expect(planYearMovedReason(calendar, 2026, 2027)).toBe(
      '项目预审通过时，2026年度政务信息化项目计划已于2025-09-26开始研究，无法纳入；按第七条循环列入2027年度计划。',
    );
  });
});
