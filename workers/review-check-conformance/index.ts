/**
 * review.check-conformance — after the EIB's review under the 2020 measures: validates the
 * conformance checklist (T11–T16, each answered yes or no) and records it in the project's
 * timeline, once per round. A decision without its written opinion, an unanswered item, or a pass
 * with an item that does not conform (T14: a project that does not conform is not approved) fails
 * the job at once, naming the variables; nothing is recorded then.
 */
import { z } from 'zod';
import { appendAudit, auditTrail } from '../../src/audit';
import { evaluateReviewDecision } from '../../src/reviews';
import { JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

/** The checklist: one variable per article, answered yes (conforms) or no. */
export const conformanceItems = {
  conformanceT11: 'T11 符合全市信息化、智慧城市总体规划等建设要求',
  conformanceT12: 'T12 依托电子政务网、统一云平台和政务数据中心，不另建机房和基础设施',
  conformanceT13: 'T13 已有系统上云、专网整合，升级改造不再采购新硬件',
  conformanceT14: 'T14 编报数据资源目录并满足共享开放要求',
  conformanceT15: 'T15 符合网络安全、密码使用要求，明确安全等级及保护、运维方案',
  conformanceT16: 'T16 不新建面向公共服务的移动端应用程序（APP）',
} as const;
type Item = keyof typeof conformanceItems;
const items = Object.keys(conformanceItems) as Item[];
const ruleOf = (item: Item) => item.replace('conformance', '');

const answer = (label: string) => z.enum(['yes', 'no']).nullish().describe(label);

export const reviewCheckConformanceWorker = defineWorker({
  type: JobType.ReviewCheckConformance,
  title: '核验符合性审查清单（2020年版办法）',
  description:
    '校验技术评审的符合性审查清单（T11、T12、T13、T14、T15、T16 每项须答“是”或“否”）并记入项目时间线；有不符合项的不得评审通过（T14）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    reviewRoundNo: z.number().int().min(1).max(99).describe('评审轮次'),
    reviewPassed: z.boolean().nullish().describe('评审是否通过'),
    reviewOpinion: z.string().nullish().describe('书面评审意见'),
    ...(Object.fromEntries(items.map((i) => [i, answer(conformanceItems[i])])) as Record<
      Item,
      ReturnType<typeof answer>
    >),
  }),
  outputs: { nonConformingRules: '不符合的条款' },
  async handle(input, job, deps: WorkerDeps) {
    // the decision is validated here too, so that nothing is recorded for one without its opinion
    const decision = evaluateReviewDecision(input);
    const unanswered = items.filter((i) => !input[i]);
    if (unanswered.length)
      throw new AppError(
        'bad-request',
        `${unanswered.join(', ')} must be answered yes or no: every item of the T11–T16 conformance checklist is required`,
      );
    const nonConforming = items.filter((i) => input[i] === 'no').map(ruleOf);
    if (decision.passed && nonConforming.length)
      throw new AppError(
        'bad-request',
        `reviewPassed cannot be true while ${nonConforming.join(', ')} do not conform: a project that does not conform is not approved (T14)`,
      );
    const recorded = (await auditTrail(deps.dataSource, 'project', input.projectCode)).some(
      (e) =>
        e.action === 'project.review.conformance-checked' &&
        (e.afterState as { roundNo?: number } | null)?.roundNo === input.reviewRoundNo,
    );
    if (!recorded)
      await appendAudit(deps.dataSource.manager, {
        at: deps.now(),
        actor: 'process',
        action: 'project.review.conformance-checked',
        entityType: 'project',
        entityId: input.projectCode,
        beforeState: null,
        afterState: {
          rule: 'T11–T16',
          roundNo: input.reviewRoundNo,
          answers: Object.fromEntries(items.map((i) => [ruleOf(i), input[i]])),
          nonConforming,
          elementInstanceKey: job.elementInstanceKey,
        },
      });
    return complete({ nonConformingRules: nonConforming });
  },
});
