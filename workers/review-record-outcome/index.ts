/**
 * review.record-outcome — after the EIB's first (M11.1) or second (M11.4) review, task header
 * `review`: validates the decision (passed or not, and always the written opinion) and records it
 * on the round. A second failure is recorded against the designer (M11.5). A decision without its
 * opinion fails the job at once, naming the variable; nothing is recorded then.
 */
import { z } from 'zod';
import { decideReviewRound, evaluateReviewDecision, ReviewKind } from '../../src/reviews';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

const kinds = Object.values(ReviewKind);

export const reviewRecordOutcomeWorker = defineWorker({
  type: JobType.ReviewRecordOutcome,
  title: '记录技术评审结论',
  description:
    '校验评审结论（M11.1、M11.4：是否通过及书面评审意见）并记入评审轮次；两次未通过的记入设计单位（M11.5）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    reviewRoundNo: z.number().int().min(1).max(99).describe('评审轮次'),
    reviewPassed: z.boolean().nullish().describe('评审是否通过'),
    reviewOpinion: z.string().nullish().describe('书面评审意见'),
    reviewer: z.string().nullish().describe('评审人'),
  }),
  outputs: {
    reviewPassed: '评审是否通过',
    reviewDecidedAt: '评审结论时间',
    designerFailed: '是否两次未通过',
  },
  headers: { review: '评审类型（first 初审、second 复审）' },
  async handle(input, job, deps: WorkerDeps) {
    const kind = headerOneOf(job, 'review', kinds);
    const decision = evaluateReviewDecision(input);
    const now = deps.now();
    const { round, designerFailed } = await decideReviewRound(deps.dataSource, {
      projectCode: input.projectCode,
      roundNo: input.reviewRoundNo,
      kind: kind,
      decision,
      author: input.reviewer?.trim() || 'eib',
      now,
    });
    return complete({
      reviewPassed: round.outcome === 'passed',
      reviewDecidedAt: (round.decidedAt ?? now).toISOString(),
      designerFailed,
    });
  },
});
