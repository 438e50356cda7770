/**
 * deadline.compute — every deadline in the system: from a start instant and a rule
 * (`{workingDays: n}`, `{months: n}`, `{calendarDays: n}`, `{planYear: true}`,
 * `{omFundingApplication: true}`, `{preReviewSession: true}`) it computes the due instant on the
 * working-day calendar in force and records it against the rule id. Map `dueAt` to a variable of
 * the step and use it as `=date and time(<variable>)` in a timer or as a user task's due date.
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

export const deadlineComputeWorker = defineWorker({
  type: JobType.DeadlineCompute,
  title: '计算工作日期限',
  description: '按工作日日历（含法定节假日与调休）计算期限届满时间，并记录所依据的条款。',
  variables: z.object({
    deadlineStart: isoInstant.nullish().describe('起算时间（缺省为当前时间）'),
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
  async handle(input, job, deps: WorkerDeps) {
    const calendar = await deps.calendar.calendarInForce();
    // no start: the deadline counts from now (the step before it has just ended)
    const start = input.deadlineStart ?? deps.now();
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
