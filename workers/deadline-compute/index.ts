/**
 * deadline.compute — every deadline in the system: from a start instant and a rule
 * (`{workingDays: n}`, `{months: n}`, `{calendarDays: n}`, `{planYear: true}`,
 * `{omFundingApplication: true}`, `{preReviewSession: true}`) it computes the due instant on the
 * working-day calendar in force and records it against the rule id. Map `dueAt` to a variable of
 * the step and use it as `=date and time(<variable>)` in a timer or as a user task's due date.
 *
 * The start is always explicit: the `deadlineStart` variable, or, on an element whose deadline counts
 * from the moment the task runs (the step before it has just ended), the task header `startsAt` =
 * `now` instead. Neither (or both) fails the job at once, naming `deadlineStart`.
 *
 * A result from a provisional calendar year is not an incident: it completes with a warning in
 * `calendarWarning` (and the log), so officers see the date may still move.
 */
import { z } from 'zod';
import { CalendarRangeError, computeDeadline, deadlineRuleSchema } from '../../src/calendar';
import { recordDeadline } from '../../src/deadlines';
import { JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import { isoInstant, projectCode, ruleId } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

/** The task header of an element whose deadline counts from the moment the task runs, and its one value. */
export const STARTS_AT_HEADER = 'startsAt';
export const STARTS_AT_NOW = 'now';

/**
 * The instant a deadline counts from: `deadlineStart`, or `now` where the task header says so.
 * Anything else is a modelling error (a bad request: an incident at once), never a silent default.
 */
export function deadlineStartOf(
  deadlineStart: Date | null | undefined,
  headers: Readonly<Record<string, string>>,
  now: Date,
): Date {
  const startsAt = headers[STARTS_AT_HEADER];
  const given = deadlineStart !== null && deadlineStart !== undefined;
  if (startsAt === undefined) {
    if (given) return deadlineStart;
    throw new AppError(
      'bad-request',
      `deadlineStart (起算时间): required unless the task header ${STARTS_AT_HEADER} is "${STARTS_AT_NOW}" (${deadlineStart === null ? 'got null' : 'missing'})`,
    );
  }
  if (startsAt !== STARTS_AT_NOW)
    throw new AppError(
      'bad-request',
      `task header ${STARTS_AT_HEADER} must be "${STARTS_AT_NOW}" or absent; got "${startsAt}"`,
    );
  if (given)
    throw new AppError(
      'bad-request',
      `deadlineStart (起算时间): must not be set when the task header ${STARTS_AT_HEADER} is "${STARTS_AT_NOW}" (got ${JSON.stringify(deadlineStart)}): keep one start`,
    );
  return now;
}

export const deadlineComputeWorker = defineWorker({
  type: JobType.DeadlineCompute,
  title: '计算工作日期限',
  description: '按工作日日历（含法定节假日与调休）计算期限届满时间，并记录所依据的条款。',
  variables: z.object({
    deadlineStart: isoInstant.nullish().describe('起算时间（任务头 startsAt 为 now 时不填，否则必填）'),
    deadlineRule: deadlineRuleSchema.describe('期限规则，如 {"workingDays": 5}'),
    ruleId: ruleId.describe('依据条款（如 M11.1）'),
    projectCode: projectCode.optional().describe('项目编号'),
  }),
  outputs: {
    dueAt: '期限届满时间',
    dueDate: '届满日期',
    deadlineProvisional: '是否按暂定日历计算',
    calendarWarning: '日历提示',
    planYear: '计划年度',
  },
  headers: {
    [STARTS_AT_HEADER]: {
      label: '自本任务开始办理时起算（填 now，此时不填起算时间）',
      optional: true,
    },
  },
  async handle(input, job, deps: WorkerDeps) {
    const start = deadlineStartOf(input.deadlineStart, job.headers, deps.now());
    const calendar = await deps.calendar.calendarInForce();
    let deadline;
    try {
      deadline = computeDeadline(calendar, start, input.deadlineRule);
    } catch (e) {
      if (e instanceof CalendarRangeError) throw new AppError('bad-request', e.message, { cause: e });
      throw e;
    }
    await recordDeadline(
      deps.dataSource,
      {
        processInstanceKey: job.processInstanceKey,
        elementInstanceKey: job.elementInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        elementId: job.elementId,
        projectCode: input.projectCode ?? null,
        ruleId: input.ruleId,
        rule: input.deadlineRule,
        startAt: start,
        dueAt: deadline.dueAt,
        dueDate: deadline.dueDate,
        provisional: deadline.provisional,
      },
      deps.now(),
    );
    const calendarWarning = deadline.provisional
      ? `期限 ${deadline.dueDate} 按暂定日历计算：相关年份的放假安排尚未正式公布，公布后期限可能变化（${input.ruleId}）。`
      : null;
    if (calendarWarning)
      job.log.warn(
        { ruleId: input.ruleId, dueDate: deadline.dueDate },
        'deadline computed on a provisional calendar year',
      );
    return complete({
      dueAt: deadline.dueAt.toISOString(),
      dueDate: deadline.dueDate,
      deadlineProvisional: deadline.provisional,
      calendarWarning,
      ...(deadline.planYear !== undefined ? { planYear: deadline.planYear } : {}),
    });
  },
});
