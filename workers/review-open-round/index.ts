/**
 * review.open-round — opens a round of the technical review (M11.1: the EIB's clock counts from
 * the receipt of the materials) with the project's designer, once per round number. A designer on
 * the dishonest-entity list is refused: the job fails with an incident saying to change it first;
 * so are materials dated in the future (an incident naming materialsReceivedAt): bad input, not a
 * business outcome.
 */
import { z } from 'zod';
import { openReviewRound, ReviewKind } from '../../src/reviews';
import { JobType } from '../../src/shared/bpmn';
import { isoInstant, projectCode } from '../../src/shared/validation';
import { complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

export const reviewOpenRoundWorker = defineWorker({
  type: JobType.ReviewOpenRound,
  title: '登记技术评审轮次',
  description:
    '登记一轮技术评审（M11.1 初审、M11.4 复审：材料接收时间、设计单位）；设计单位在失信名单上的不予登记。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    reviewRoundNo: z.number().int().min(1).max(99).describe('评审轮次（从 1 起）'),
    materialsReceivedAt: isoInstant.nullish().describe('材料接收时间（缺省为当前时间，不得晚于当前时间）'),
    ruleSet: z.enum(['M', 'T']).nullish().describe('适用办法（M 现行，T 2020 年版）'),
  }),
  outputs: { reviewReceivedAt: '本轮材料接收时间', reviewDesigner: '设计单位统一社会信用代码' },
  headers: { review: '评审类型（现行办法：first 初审、second 复审；2020 年版办法不填）' },
  async handle(input, job, deps: WorkerDeps) {
    const now = deps.now();
    const ruleSet = input.ruleSet ?? 'M';
    const round = await openReviewRound(deps.dataSource, {
      projectCode: input.projectCode,
      roundNo: input.reviewRoundNo,
      ruleSet,
      // the current rules' sequence (M11.4, M11.5) is checked on the kind the BPMN names
      kind: ruleSet === 'M' ? headerOneOf(job, 'review', [ReviewKind.First, ReviewKind.Second]) : undefined,
      receivedAt: input.materialsReceivedAt ?? now,
      now,
    });
    return complete({
      reviewReceivedAt: round.receivedAt.toISOString(),
      reviewDesigner: round.designerCreditCode,
    });
  },
});
