/**
 * M7.4 ("循环列入"): a project that passes pre-review after the annual plan of its plan year has
 * opened joins the next plan that has not opened (plan year + 1, again if need be) instead of waiting
 * for a plan that has run. The move is recorded in the project's timeline under M7.4 and its
 * department is told why, once per round.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiTime, type LocalDate } from '../../calendar/domain/local-date';
import type { WorkCalendar } from '../../calendar/domain/work-calendar';
import type { Notifier } from '../../notifications';
import { SessionKind } from './kinds';
import { sessionSlot } from './schedule';
import { scheduledSessionDates } from './scheduled';

export const PLAN_YEAR_MOVED = 'project.plan-year-moved';

/** The plan years whose plan has opened or been scheduled: what carry-over decides on. */
export interface PlanOpenings {
  /** plan years whose plan already holds projects */
  held?: ReadonlySet<number>;
  /** the opening date the annual-plan scheduler computed, by plan year (its process owner's reading) */
  scheduled?: ReadonlyMap<number, LocalDate>;
}

/** The day the plan of plan year P (the annual plan of P-1) opens: as scheduled, else computed. */
function planOpens(
  calendar: WorkCalendar,
  planYear: number,
  scheduled?: ReadonlyMap<number, LocalDate>,
): LocalDate {
  return scheduled?.get(planYear) ?? sessionSlot(calendar, SessionKind.AnnualPlan, String(planYear - 1)).date;
}

/**
 * The first plan year from `planYear` whose plan has not opened by `now`: opened from the start of
 * its day (city time; a pass that morning could reach the stage after the plan collected) or
 * already holding projects.
 */
export function firstOpenPlanYear(
  calendar: WorkCalendar,
  planYear: number,
  now: Date,
  openings: PlanOpenings = {},
): number {
  let year = planYear;
  while (
    openings.held?.has(year) ||
    shanghaiTime(planOpens(calendar, year, openings.scheduled), 0).getTime() <= now.getTime()
  )
    year += 1;
  return year;
}

/** What the department reads (Chinese). */
export function planYearMovedReason(
  calendar: WorkCalendar,
  from: number,
  to: number,
  scheduled?: ReadonlyMap<number, LocalDate>,
): string {
  const opened = planOpens(calendar, from, scheduled);
  return `项目预审通过时，${from}年度政务信息化项目计划已于${opened}开始研究，无法纳入；按第七条循环列入${to}年度计划。`;
}

/**
 * The plan year a project passed at pre-review joins: `planYear` (the plan-year DMN), or the next
 * one whose plan has not opened, then with a timeline entry and a notice to the department.
 */
export async function carryOverPlanYear(
  ds: DataSource,
  ctx: { calendar: WorkCalendar; notifier: Notifier },
  p: { projectCode: string; round: number; planYear: number; now: Date },
): Promise<number> {
  const rows = (await ds.query(
    `SELECT DISTINCT session_period AS period FROM session_item WHERE session_kind = ?`,
    [SessionKind.AnnualPlan],
  )) as { period: string }[];
  const held = new Set(rows.map((r) => Number(r.period) + 1));
  const scheduled = new Map(
    [...(await scheduledSessionDates(ds, SessionKind.AnnualPlan))].map(([period, date]) => [
      Number(period) + 1,
      date,
    ]),
  );
  const to = firstOpenPlanYear(ctx.calendar, p.planYear, p.now, { held, scheduled });
  if (to === p.planYear) return to;
  const reason = planYearMovedReason(ctx.calendar, p.planYear, to, scheduled);
  const project = await ds.transaction(async (tx) => {
    const [row] = (await tx.query(
      'SELECT code, title, department_code FROM project WHERE code = ? FOR UPDATE',
      [p.projectCode],
    )) as { code: string; title: string; department_code: string }[];
    const [recorded] = (await tx.query(
      `SELECT 1 FROM audit_log WHERE entity_type = 'project' AND entity_id = ? AND action = ?
         AND JSON_EXTRACT(after_state, '$.round') = ? LIMIT 1`,
      [p.projectCode, PLAN_YEAR_MOVED, p.round],
    )) as unknown[];
    if (!row || recorded) return row ?? null;
    await appendAudit(tx, {
      at: p.now,
      actor: 'process',
      action: PLAN_YEAR_MOVED,
      entityType: 'project',
      entityId: p.projectCode,
      beforeState: { planYear: p.planYear },
      afterState: { planYear: to, rule: 'M7.4', reason, round: p.round },
    });
    return row;
  });
  // the notifier sends an event once: a retried job is told once
  if (project)
    await ctx.notifier.notify({
      kind: 'project-decision',
      taskId: `plan-year-${p.projectCode}-${p.round}`,
      taskName: `项目计划年度顺延至${to}年度：${project.title}（${project.code}）。原因：${reason}`,
      projectCode: project.code,
      candidateGroups: [project.department_code],
      assignee: null,
      dueDate: null,
    });
  return to;
}
