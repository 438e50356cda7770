/**
 * mlps.record-check — the CAC checked a system's MLPS rectification (M24.1): passed or failed,
 * with its opinion; late when the 5-working-day deadline had passed. A failed check blocks the
 * department's new proposals and its next unified testing. Recorded once per system and year.
 */
import { z } from 'zod';
import { recordCheck } from '../../src/mlps';
import { JobType } from '../../src/shared/bpmn';
import { projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';
import { mlpsYear } from '../mlps-record-rectification';

export const mlpsRecordCheckWorker = defineWorker({
  type: JobType.MlpsRecordCheck,
  title: '登记等保整改监督检查结果',
  description: '登记市委网信办对等保整改的监督检查结果（通过或未通过，M24.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号（系统）'),
    mlpsYear: mlpsYear.describe('测评年度'),
    rectificationCheckResult: z
      .enum(['passed', 'failed'])
      .describe('监督检查结论（passed 通过，failed 未通过）'),
    rectificationCheckOpinion: visibleText({ min: 2, max: 2000, multiline: true }).describe('监督检查意见'),
  }),
  outputs: { rectificationCheckPassed: '监督检查是否通过', rectificationCheckLate: '是否逾期检查' },
  async handle(input, _job, deps: WorkerDeps) {
    const { record, late } = await recordCheck(deps.dataSource, {
      projectCode: input.projectCode,
      year: input.mlpsYear,
      checkPassed: input.rectificationCheckResult === 'passed',
      opinion: input.rectificationCheckOpinion,
      now: deps.now(),
    });
    return complete({ rectificationCheckPassed: record.checkPassed === true, rectificationCheckLate: late });
  },
});
