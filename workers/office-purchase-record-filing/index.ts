/**
 * office-purchase.record-filing — the EIB registered a department's office purchase filing
 * (M10.3): records when, its registration number and the department's summary, and whether it was
 * late (the filing deadline's timer fired before the department filed: `filingOverdue`). Recorded
 * once; a redelivered job answers with what the first delivery recorded.
 */
import { z } from 'zod';
import { recordFiling } from '../../src/office-purchases';
import { JobType } from '../../src/shared/bpmn';
import { projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const officePurchaseRecordFilingWorker = defineWorker({
  type: JobType.OfficePurchaseRecordFiling,
  title: '记录办公采购备案',
  description: '记录经信局已登记的办公采购备案（M10.3）：登记时间、备案登记号，以及是否逾期备案。',
  variables: z.object({
    filingCode: projectCode.describe('备案编号'),
    filingSummary: visibleText({ min: 4, max: 2000, multiline: true }).describe('备案材料说明'),
    eibRegistrationNo: visibleText({ min: 2, max: 100 }).describe('经信局备案登记号'),
    filingOverdue: z.boolean().nullish().describe('备案期限已过（期限计时器已触发）'),
  }),
  outputs: { filedAt: '备案登记时间', filingLate: '是否逾期备案' },
  async handle(input, _job, deps: WorkerDeps) {
    const filing = await recordFiling(deps.dataSource, {
      code: input.filingCode,
      filingSummary: input.filingSummary,
      eibRegistrationNo: input.eibRegistrationNo,
      late: input.filingOverdue === true,
      now: deps.now(),
    });
    return complete({ filedAt: filing.filedAt!.toISOString(), filingLate: filing.late === true });
  },
});
