/**
 * project.register-proposal — a proposal entered in Tasklist's start form (process
 * `proposal-start`), confirmed by its department, is registered through the API's own submit
 * function: same checks, same code series, and the same outbox message that starts its lifecycle.
 * Keyed by the process instance, so a redelivered job answers with the same project. What the
 * registry refuses (M31 classified, M7.5 a third proposal without a reason, unknown departments …)
 * ends the process through PROPOSAL_REFUSED with the reason in `proposalRefusalReason`.
 */
import { z } from 'zod';
import { registerStartFormProposal } from '../../src/projects';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isAppError } from '../../src/shared/errors';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

const departmentCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code (lowercase letters, digits, -)');
const optionalFlag = (label: string) => z.boolean().nullish().describe(label);

export const projectRegisterProposalWorker = defineWorker({
  type: JobType.ProjectRegisterProposal,
  title: '登记项目建议书（Tasklist 提交）',
  description:
    '将 Tasklist 启动表单中经本部门确认的项目建议书登记到项目档案，与 API 提交相同（同一编号序列与审查）。',
  variables: z.object({
    departmentCode: departmentCode.describe('建设单位（部门编码）'),
    submissionConfirmed: z
      .literal(true, 'submissionConfirmed must be true: the department has not confirmed')
      .describe('部门已确认提交'),
    title: z.string().describe('项目名称'),
    budgetEstimate: z.string().describe('估算投资（元）'),
    category: z.string().describe('项目类别'),
    participatingDepartmentCodes: z.string().nullish().describe('参建部门编码（逗号分隔）'),
    urgent: optionalFlag('急需项目'),
    county: optionalFlag('县区项目'),
    classified: optionalFlag('涉密'),
    inDevelopmentPlan: optionalFlag('已纳入发展规划'),
    requestsMachineRoom: optionalFlag('申请新建或改扩建机房'),
    singleScope: optionalFlag('建设内容单一'),
    simpleTechnology: optionalFlag('技术方案简单'),
    quotaOverrideReason: z.string().nullish().describe('超出年度数量的理由'),
    ruleSet: z.string().nullish().describe('适用办法（M 现行，T 2020 年版）'),
    upgradeOf: z.string().nullish().describe('升级改造的原项目编号'),
  }),
  outputs: { projectCode: '项目编号', proposalRefusalReason: '不予登记的原因' },
  async handle(input, job, deps: WorkerDeps) {
    // submissionConfirmed is checked by the schema (true only); the rest is the proposal
    const form = { ...input, submissionConfirmed: undefined };
    try {
      const { project } = await registerStartFormProposal(
        deps.dataSource,
        form,
        job.processInstanceKey,
        deps.now(),
      );
      return complete({ projectCode: project.code, proposalRefusalReason: null });
    } catch (e) {
      if (isAppError(e) && (e.kind === 'bad-request' || e.kind === 'conflict' || e.kind === 'forbidden')) {
        return bpmnError(ErrorCode.ProposalRefused, e.message, { proposalRefusalReason: e.message });
      }
      throw e;
    }
  },
});
