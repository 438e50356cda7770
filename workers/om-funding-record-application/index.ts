/**
 * om-funding.record-application — records the department's O&M funding application (M27) with the
 * performance evaluation it rests on, and whether it came after its deadline (31 August of the year
 * before the free period ends). Without a performance evaluation report (none stored, or recorded as
 * missing) it is refused: OM_FUNDING_REFUSED with the reason in `omApplicationProblems`, nothing
 * recorded. A redelivered job answers with what the first recorded.
 */
import { z } from 'zod';
import { recordOmApplication } from '../../src/evaluations';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isAppError } from '../../src/shared/errors';
import { calendarDate, projectCode, visibleText } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const omFundingRecordApplicationWorker = defineWorker({
  type: JobType.OmFundingRecordApplication,
  title: '登记运维经费申请',
  description:
    '登记部门的运维经费申请（M27）：须附项目绩效评价报告，无绩效评价（或评价缺失）的不予受理；记录是否逾期（免费运维期满前一年8月31日）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('项目建设部门（部门编码）'),
    omFreeUntil: calendarDate.describe('免费运维期截止日（运维经费自该日起）'),
    omApplicationSummary: visibleText({ min: 4, max: 4000, multiline: true }).describe('运维经费申请说明'),
  }),
  outputs: {
    omApplicationProblems: '申请不予受理的原因',
    omAppliedAt: '申请时间',
    omApplicationLate: '是否逾期申请',
    omEvaluationGrade: '申请所附绩效评价等级',
  },
  async handle(input, job, deps: WorkerDeps) {
    try {
      const row = await recordOmApplication(deps.dataSource, {
        projectCode: input.projectCode,
        departmentCode: input.departmentCode,
        freeUntil: input.omFreeUntil,
        summary: input.omApplicationSummary,
        processInstanceKey: job.processInstanceKey,
        now: deps.now(),
      });
      return complete({
        omApplicationProblems: null,
        omAppliedAt: row.appliedAt.toISOString(),
        omApplicationLate: row.late,
        omEvaluationGrade: row.evaluationGrade,
      });
    } catch (e) {
      if (isAppError(e) && e.kind === 'bad-request')
        return bpmnError(ErrorCode.OmFundingRefused, e.message, { omApplicationProblems: e.message });
      throw e;
    }
  },
});
