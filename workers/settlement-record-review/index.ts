/**
 * settlement.record-review — records the result of the financial review by the approval department
 * (eib, approved amount ≤ 100 M yuan) or of the audit (audit, above), M21: the opinion and the
 * reviewed amount. A bad amount raises an incident naming reviewedAmount. Recorded once.
 */
import { z } from 'zod';
import { recordSettlementReview } from '../../src/acceptance';
import { JobType } from '../../src/shared/bpmn';
import { projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const settlementRecordReviewWorker = defineWorker({
  type: JobType.SettlementRecordReview,
  title: '记录财评或审计结论',
  description: '记录审批部门财务评审或审计部门审计的结论（M21）：评审意见和审定金额。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    settlementReviewRoute: z.enum(['financial-review', 'audit']).describe('审核方式（决策表结果）'),
    settlementReviewOpinion: visibleText({ min: 4, max: 4000, multiline: true }).describe('评审（审计）意见'),
    reviewedAmount: z
      .union([z.string().max(64), z.number()])
      .nullish()
      .describe('审定金额（元）'),
  }),
  outputs: { settlementReviewedAt: '财评（审计）完成时间' },
  async handle(input, _job, deps: WorkerDeps) {
    const row = await recordSettlementReview(deps.dataSource, {
      projectCode: input.projectCode,
      route: input.settlementReviewRoute,
      opinion: input.settlementReviewOpinion,
      reviewedAmount: input.reviewedAmount,
      now: deps.now(),
    });
    return complete({ settlementReviewedAt: row.reviewedAt!.toISOString() });
  },
});
