/**
 * acceptance.record-filing — the department filed the project's summary report and the acceptance
 * opinion with the EIB after final acceptance (M20): recorded once in the registry and the
 * project's timeline, with the end of the free O&M period.
 */
import { z } from 'zod';
import { recordAcceptanceFiling } from '../../src/acceptance';
import { JobType } from '../../src/shared/bpmn';
import { projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const acceptanceRecordFilingWorker = defineWorker({
  type: JobType.AcceptanceRecordFiling,
  title: '记录验收备案',
  description: '记录建设单位将项目总结报告和验收合格意见报市经济和信息化局备案（M20）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    acceptanceFilingSummary: visibleText({ min: 4, max: 2000, multiline: true }).describe('备案材料说明'),
  }),
  outputs: { acceptanceReportFiledAt: '备案时间' },
  async handle(input, _job, deps: WorkerDeps) {
    const row = await recordAcceptanceFiling(deps.dataSource, {
      projectCode: input.projectCode,
      summary: input.acceptanceFilingSummary,
      now: deps.now(),
    });
    return complete({ acceptanceReportFiledAt: row.reportFiledAt!.toISOString() });
  },
});
