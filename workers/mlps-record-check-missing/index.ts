/**
 * mlps.record-check-missing — the CAC's check of a rectification was not done within 5 working
 * days (M24.1; on the deadline timer's path, after deadline.record-breach): records it on the
 * MLPS record, so the department's standing is check-missing until the check arrives.
 */
import { z } from 'zod';
import { recordCheckMissing } from '../../src/mlps';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';
import { mlpsYear } from '../mlps-record-rectification';

export const mlpsRecordCheckMissingWorker = defineWorker({
  type: JobType.MlpsRecordCheckMissing,
  title: '登记等保整改监督检查逾期',
  description: '市委网信办未在整改报告提交后5个工作日内完成监督检查时，登记检查缺失（M24.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号（系统）'),
    mlpsYear: mlpsYear.describe('测评年度'),
  }),
  outputs: { rectificationCheckMissedAt: '登记检查逾期的时间' },
  async handle(input, _job, deps: WorkerDeps) {
    const record = await recordCheckMissing(deps.dataSource, {
      projectCode: input.projectCode,
      year: input.mlpsYear,
      now: deps.now(),
    });
    return complete({ rectificationCheckMissedAt: record.checkMissedAt?.toISOString() ?? null });
  },
});
