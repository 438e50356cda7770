/**
 * session.next — when the next session of a kind is held (M7.3 monthly pre-review, M7.1 annual
 * plan), on the working-day calendar in force, and when the scheduler should wake: at the session,
 * or earlier (`recheckHours`) to look again, so a holiday shift or calendar change made while it
 * waits still moves the session. Without `sessionPeriod` it finds the first session not yet begun.
 * Each date computed is recorded for its period (`session_schedule`), for the M7.4 carry-over.
 */
import { z } from 'zod';
import { JobType } from '../../src/shared/bpmn';
import { nextSession, recordScheduledSession, sessionKinds, SessionKind } from '../../src/sessions';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const periodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'sessionPeriod must be YYYY-MM (month) or YYYY (year)');

export const sessionNextWorker = defineWorker({
  type: JobType.SessionNext,
  title: '计算下一次会议时间',
  description:
    '按工作日日历计算下一次月度预审（每月第四周星期四，遇非工作日顺延）或年度计划会议（9月月度预审会议后的首个工作日）的时间。',
  variables: z
    .object({
      sessionKind: z.enum(sessionKinds).describe('会议类型（monthly-pre-review 或 annual-plan）'),
      sessionPeriod: periodSchema.nullish().describe('会议所属月份（YYYY-MM）或年度（YYYY）；为空时取下一次'),
      sessionInterpretation: z
        .enum(['fourth-thursday', 'fourth-week'])
        .nullish()
        .describe('“第四周星期四”的理解：当月第四个星期四，或第四周的星期四'),
      recheckHours: z.number().int().min(1).max(744).describe('最长等待多少小时后重新核对日历'),
    })
    .refine(
      (v) =>
        !v.sessionPeriod ||
        (v.sessionKind === SessionKind.MonthlyPreReview) === v.sessionPeriod.includes('-'),
      {
        path: ['sessionPeriod'],
        message: 'sessionPeriod must be YYYY-MM for monthly-pre-review and YYYY for annual-plan',
      },
    ),
  outputs: {
    sessionPeriod: '会议所属期间',
    sessionDate: '会议日期',
    sessionNominalDate: '规定日期（顺延前）',
    sessionAt: '会议时间',
    sessionMoved: '是否顺延',
    sessionProvisional: '是否按暂定日历计算',
    sessionDue: '会议时间已到',
    wakeAt: '下次核对时间',
  },
  async handle(input, job, deps: WorkerDeps) {
    const calendar = await deps.calendar.calendarInForce();
    const s = nextSession(calendar, input.sessionKind, {
      period: input.sessionPeriod ?? undefined,
      now: deps.now(),
      recheckHours: input.recheckHours,
      interpretation: input.sessionInterpretation ?? undefined,
    });
    // the carry-over (M7.4) reads when a plan opens from here, on this scheduler's reading
    await recordScheduledSession(deps.dataSource, {
      kind: s.kind,
      period: s.period,
      date: s.date,
      interpretation: input.sessionInterpretation ?? null,
      now: deps.now(),
    });
    if (s.provisional)
      job.log.warn({ kind: s.kind, date: s.date }, 'session date computed on a provisional calendar year');
    return complete({
      sessionPeriod: s.period,
      sessionDate: s.date,
      sessionNominalDate: s.nominalDate,
      sessionAt: s.at.toISOString(),
      sessionMoved: s.moved,
      sessionProvisional: s.provisional,
      sessionDue: s.due,
      wakeAt: s.wakeAt.toISOString(),
    });
  },
});
