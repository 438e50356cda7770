/**
 * settlement.record — the department submitted the project's settlement (M21): the settled amount,
 * the settlement date and the approved amount (the approved estimate, budgetEstimate, when not
 * given). This worker is the guard: a negative, non-numeric or missing amount, or a bad date, is
 * refused with a BPMN error naming every problem in Chinese, and nothing is recorded. A valid one is
 * recorded, with the instant the 2 months of M21 count from (the later of final acceptance and
 * settlement) and the approved amount normalised ("100000000.00") for the `settlement-review-route` DMN.
 */
import { z } from 'zod';
import { recordSettlement } from '../../src/acceptance';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isoInstant, projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

/** As the form sends it: checked by the domain, so that a bad value is a reason, not an incident. */
const amount = (label: string) =>
  z
    .union([z.string().max(64), z.number()])
    .nullish()
    .describe(label);

export const settlementRecordWorker = defineWorker({
  type: JobType.SettlementRecord,
  title: '核验并记录结算',
  description:
    '核验并记录项目结算（M21）：结算金额、结算日期、批复金额（未填写的按批复概算）；金额为负数或非数字的不予登记并说明理由。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('建设单位'),
    finalAcceptedAt: isoInstant.describe('竣工验收时间'),
    settledAmount: amount('结算金额（元）'),
    settlementDate: z.string().max(64).nullish().describe('结算日期'),
    approvedAmount: amount('批复金额（元）'),
    budgetEstimate: amount('批复概算（元）'),
  }),
  outputs: {
    settlementProblems: '结算不予登记的理由（登记时为空）',
    approvedAmount: '批复金额（元）',
    settlementReviewClockStart: '财评/审计期限起算时间',
  },
  async handle(input, _job, deps: WorkerDeps) {
    const result = await recordSettlement(deps.dataSource, {
      projectCode: input.projectCode,
      departmentCode: input.departmentCode,
      finalAcceptedAt: input.finalAcceptedAt,
      settledAmount: input.settledAmount,
      settlementDate: input.settlementDate,
      approvedAmount: input.approvedAmount,
      budgetEstimate: input.budgetEstimate,
      now: deps.now(),
    });
    if (!result.recorded) {
      const text = result.problems.map((p, i) => `${i + 1}. ${p}`).join('\n');
      return bpmnError(ErrorCode.SettlementRefused, text, { settlementProblems: text });
    }
    return complete({
      settlementProblems: null,
      approvedAmount: result.row.approvedAmount,
      settlementReviewClockStart: result.row.reviewClockStart.toISOString(),
    });
  },
});
