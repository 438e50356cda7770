/**
 * receipt.register — records when the EIB received a project's review materials (M11.1: the
 * first review is due within 5 working days of receipt). Materials dated in the future are a
 * business error the process handles (RECEIPT_IN_FUTURE), not a technical failure.
 */
import { z } from 'zod';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isoInstant, projectCode } from '../../src/shared/validation';
import { registerReceipt } from '../../src/receipts';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const receiptRegisterWorker = defineWorker({
  type: JobType.ReceiptRegister,
  title: '登记材料接收',
  description: '记录经信局收到项目评审材料的时间，作为评审期限的起算点（M11.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    receivedAt: isoInstant.describe('材料接收时间'),
  }),
  outputs: { receiptId: '登记编号', registeredAt: '登记时间' },
  async handle(input, job, deps: WorkerDeps) {
    const result = await registerReceipt(
      deps.dataSource,
      {
        projectCode: input.projectCode,
        processInstanceKey: job.processInstanceKey,
        receivedAt: input.receivedAt,
      },
      deps.now(),
    );
    if (result.kind === 'received-in-future') {
      return bpmnError(
        ErrorCode.ReceiptInFuture,
        `materials dated ${result.receivedAt.toISOString()} are later than now (${result.now.toISOString()})`,
      );
    }
    return complete({
      receiptId: result.receipt.id,
      registeredAt: result.receipt.registeredAt.toISOString(),
    });
  },
});
