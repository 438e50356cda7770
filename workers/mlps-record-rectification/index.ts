/**
 * mlps.record-rectification — the department reported the rectification of a failed MLPS test
 * (M24.1): records the report and when the CAC's check is due (`rectificationCheckDueAt`, 5 working
 * days, from deadline.compute). Recorded once per system and year.
 */
import { z } from 'zod';
import { recordRectification } from '../../src/mlps';
import { JobType } from '../../src/shared/bpmn';
import { isoInstant, projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const mlpsYear = z.number().int().min(2000).max(2100);

export const mlpsRecordRectificationWorker = defineWorker({
  type: JobType.MlpsRecordRectification,
  title: '登记等保整改报告',
  description: '登记部门提交的等保测评整改报告，以及市委网信办监督检查的期限（5个工作日，M24.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号（系统）'),
    mlpsYear: mlpsYear.describe('测评年度'),
    rectificationSummary: visibleText({ min: 4, max: 2000, multiline: true }).describe('整改情况报告'),
    rectificationCheckDueAt: isoInstant.describe('监督检查期限'),
  }),
  outputs: { rectificationReportedAt: '整改报告提交时间' },
  async handle(input, _job, deps: WorkerDeps) {
    const record = await recordRectification(deps.dataSource, {
      projectCode: input.projectCode,
      year: input.mlpsYear,
      summary: input.rectificationSummary,
      checkDueAt: input.rectificationCheckDueAt,
      now: deps.now(),
    });
    return complete({ rectificationReportedAt: record.rectificationReportedAt!.toISOString() });
  },
});
