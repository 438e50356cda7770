/**
 * office-purchase.register — registers an office purchase filing obligation (M10.3) for its
 * process instance and answers its code and due instant (one calendar month after the purchase
 * completed, end of that day). A filing sent through the API (`filingCode`) is bound to the
 * instance; one from Tasklist's start form is registered, keyed by the instance, so a redelivered
 * job answers with the same filing. What the registry refuses (unknown department, a bad amount
 * or date, a second instance of a filing) ends the process through OFFICE_PURCHASE_REFUSED with
 * the reason in `filingRefusalReason`.
 */
import { z } from 'zod';
import { registerFilingOfInstance } from '../../src/office-purchases';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isAppError } from '../../src/shared/errors';
import { projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const officePurchaseRegisterWorker = defineWorker({
  type: JobType.OfficePurchaseRegister,
  title: '登记办公采购备案事项',
  description:
    '登记部门办公区域网络改造、安防和办公设备采购的备案事项（M10.3），计算备案期限（采购完成后1个月）。',
  variables: z.object({
    filingCode: projectCode.nullish().describe('备案编号（经 API 提交时已有）'),
    departmentCode: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code (lowercase letters, digits, -)')
      .describe('采购部门（部门编码）'),
    purchaseKind: z.string().nullish().describe('采购类别'),
    purchaseDescription: z.string().nullish().describe('采购内容'),
    amountYuan: z.string().nullish().describe('采购金额（元）'),
    purchaseCompletedOn: z.string().nullish().describe('采购完成日期'),
  }),
  outputs: {
    filingCode: '备案编号',
    filingDueAt: '备案期限（采购完成后1个月当日结束）',
    filingRefusalReason: '不予登记的原因',
  },
  async handle(input, job, deps: WorkerDeps) {
    try {
      const filing = await registerFilingOfInstance(
        deps.dataSource,
        input,
        job.processInstanceKey,
        deps.now(),
      );
      return complete({
        filingCode: filing.code,
        filingDueAt: filing.dueAt.toISOString(),
        filingRefusalReason: null,
      });
    } catch (e) {
      if (isAppError(e) && (e.kind === 'bad-request' || e.kind === 'conflict')) {
        return bpmnError(ErrorCode.OfficePurchaseRefused, e.message, { filingRefusalReason: e.message });
      }
      throw e;
    }
  },
});
