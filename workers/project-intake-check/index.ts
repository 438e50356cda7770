/**
 * project.intake-check — one intake check of a proposal, chosen by the task header `check`:
 * classified (M31), machine-room (M8), mlps (M24.1), development-plan (M6), quota (M7.5: the
 * proposal's ordinal in its department's year, for the quota decision), joint-framework (M9: the
 * participating departments, for the 会签). Completes with `checkPassed` and, when not passed, the
 * rule and the Chinese reason; the gateway after it decides the path.
 */
import { z } from 'zod';
import { IntakeCheck, runIntakeCheck } from '../../src/projects';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

const checks = Object.values(IntakeCheck);

export const projectIntakeCheckWorker = defineWorker({
  type: JobType.ProjectIntakeCheck,
  title: '项目建议书受理审查',
  description: '按任务头指定的审查项执行一项受理审查（涉密、机房、等保、发展规划、年度数量、跨部门框架）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    classified: z.boolean().optional().describe('是否涉密（check = classified 时必填）'),
  }),
  outputs: {
    checkPassed: '审查是否通过',
    refusalRule: '不通过所依据的条款',
    refusalReason: '不通过原因',
    departmentProposalOrdinal: '本部门本年度第几个项目（check = quota）',
    participatingDepartments: '参建部门（check = joint-framework）',
  },
  headers: { check: '审查项（classified、machine-room、mlps、development-plan、quota、joint-framework）' },
  async handle(input, job, deps: WorkerDeps) {
    const check = headerOneOf(job, 'check', checks);
    const result = await runIntakeCheck(deps.dataSource, input.projectCode, check, deps.now(), {
      classified: input.classified,
    });
    return complete({
      checkPassed: result.passed,
      refusalRule: result.passed ? null : result.rule,
      refusalReason: result.reason,
      ...result.facts,
    });
  },
});
