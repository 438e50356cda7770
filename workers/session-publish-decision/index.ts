/**
 * session.publish-decision — answers one project's lifecycle with the session's decision:
 * `pre-review-decided` (preReviewPassed, preReviewReasons, planYear, preReviewRound) or
 * `annual-plan-decided` (includedInPlan, planExclusionReason, planYear), correlated on the project
 * code. A decision without its required reason, or for a project the session did not batch, fails
 * at once naming the variable; a project whose lifecycle is not waiting fails with retries, then an
 * incident — never a message that silently vanishes. Delivered once: a retried job completes. A
 * pass whose plan has already opened goes to the next plan, with a timeline entry and a notice (M7.4).
 */
import { z } from 'zod';
import { JobType } from '../../src/shared/bpmn';
import { createNotifier } from '../../src/notifications';
import { answerProject, SessionKind, sessionKinds } from '../../src/sessions';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import { messagingOf, type WorkerDeps } from '../deps';

export const sessionPublishDecisionWorker = defineWorker({
  type: JobType.SessionPublishDecision,
  title: '通知项目会议结果',
  description: '将月度预审或年度计划的结果发送给项目的全生命周期流程（按项目编号关联）。',
  variables: z.object({
    sessionKind: z.enum(sessionKinds).describe('会议类型'),
    projectCode: projectCode.describe('项目编号'),
    sessionRound: z.number().int().min(1).describe('第几轮（重新申报后加一）'),
    decisionPassed: z.boolean().describe('是否通过（年度计划：是否纳入）'),
    decisionReasons: z.string().max(4000).nullish().describe('未通过（未纳入）的理由'),
    planYear: z.number().int().min(2000).max(2100).nullish().describe('计划年度'),
  }),
  outputs: { decisionDelivered: '发送结果（answered 或 already-answered）' },
  async handle(input, job, deps: WorkerDeps) {
    const reasons = input.decisionReasons?.trim() ? input.decisionReasons.trim() : null;
    const decision =
      input.sessionKind === SessionKind.MonthlyPreReview
        ? {
            kind: SessionKind.MonthlyPreReview,
            projectCode: input.projectCode,
            round: input.sessionRound,
            passed: input.decisionPassed,
            reasons,
            planYear: input.planYear ?? null,
          }
        : {
            kind: SessionKind.AnnualPlan,
            projectCode: input.projectCode,
            round: input.sessionRound,
            included: input.decisionPassed,
            reasons,
            planYear: input.planYear ?? 0,
          };
    const delivered = await answerProject(deps.dataSource, messagingOf(deps), decision, deps.now(), {
      calendar: await deps.calendar.calendarInForce(),
      notifier: createNotifier({ dataSource: deps.dataSource, log: job.log }),
    });
    job.log.info(
      { projectCode: input.projectCode, kind: input.sessionKind, delivered },
      'session decision delivered',
    );
    return complete({ decisionDelivered: delivered });
  },
});
