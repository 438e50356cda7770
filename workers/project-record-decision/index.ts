/**
 * project.record-decision — after a user task: validates the decision (task header `decision`)
 * and records it in the project's timeline. A decision without the reason it requires fails the
 * job at once (an incident naming the variable), even when a form was bypassed; nothing is
 * recorded then. Completes with `decisionPassed` and, when the project does not go on, the rule and
 * the Chinese reason.
 */
import { z } from 'zod';
import {
  DecisionKind,
  evaluateDecision,
  planReviewers,
  recordProjectDecision,
  type PlanReviewer,
} from '../../src/projects';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

const kinds = Object.values(DecisionKind);
const flag = (label: string) => z.boolean().nullish().describe(label);
const words = (label: string) => z.string().nullish().describe(label);
const planReviews = Object.fromEntries(
  (Object.entries(planReviewers) as [PlanReviewer, string][]).flatMap(([r, agency]) => [
    [`${r}PlanAgrees`, flag(`${agency}是否同意年度计划（M7.1 会签）`)],
    [`${r}PlanOpinion`, words(`${agency}会审意见`)],
  ]),
) as Record<`${PlanReviewer}PlanAgrees`, ReturnType<typeof flag>> &
  Record<`${PlanReviewer}PlanOpinion`, ReturnType<typeof words>>;

export const projectRecordDecisionWorker = defineWorker({
  type: JobType.ProjectRecordDecision,
  title: '记录审批决定',
  description: '校验用户任务的决定（须说明理由的必须有理由）并记入项目时间线。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    cityGovApproved: flag('市人民政府是否批准（M6 新增项目、M7.1 年度计划）'),
    cityGovOpinion: words('市人民政府意见'),
    quotaOverridden: flag('是否特批超出年度数量（M7.5）'),
    quotaDecisionReason: words('特批或不予特批的理由'),
    participatingDepartments: z.array(z.string()).nullish().describe('参建部门（M9）'),
    frameworkConfirmations: z
      .array(z.object({ department: z.unknown(), confirmed: z.unknown(), comment: z.unknown() }).partial())
      .nullish()
      .describe('各参建部门的确认（M9 会签）'),
    revisionAction: words('修改后重新提交（resubmit）或撤回（withdraw）'),
    revisionNote: words('修改说明或撤回原因'),
    implementationPlanSummary: words('实施方案摘要（M7.6）'),
    urgentApproved: flag('市人民政府是否批准急需项目（M7.6）'),
    urgentApprovalOpinion: words('市人民政府意见（急需项目）'),
    filingReference: words('市经济和信息化局备案号（M7.6）'),
    eibPassed: flag('市经济和信息化局预审是否通过（M7.3）'),
    eibOpinion: words('市经济和信息化局预审意见'),
    cacPassed: flag('网络安全前置审查是否通过（M4.2）'),
    cacSecurityShare: z.number().nullish().describe('网络和数据安全投入占总投资比例（%）'),
    cacRisks: words('网络和数据安全风险'),
    cacOpinion: words('市委网信办审查意见'),
    ...planReviews,
    fundingApproved: flag('市经济和信息化局资金审核是否通过（M7.1）'),
    fundingReason: words('不予纳入年度计划的理由'),
    budgetOpinion: words('市财政局预算安排意见（M7.1）'),
  }),
  outputs: { decisionPassed: '决定是否通过', refusalRule: '依据条款', refusalReason: '不通过原因' },
  headers: {
    decision:
      '决定类型（city-gov-approval、quota-override、joint-framework、revision、urgent-plan、urgent-approval、urgent-filing、eib-pre-review、cac-security-pre-review、plan-joint-review、plan-funding-check、plan-city-gov-approval、plan-budget）',
  },
  async handle(input, job, deps: WorkerDeps) {
    const kind = headerOneOf(job, 'decision', kinds);
    const { projectCode: code, ...variables } = input;
    const decision = evaluateDecision(
      kind,
      Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== null)),
    );
    await recordProjectDecision(deps.dataSource, code, decision, job.elementInstanceKey, deps.now());
    return complete({
      decisionPassed: decision.passed,
      refusalRule: decision.passed ? null : decision.rule,
      refusalReason: decision.refusalReason,
    });
  },
});
