/**
 * construction.record-outcome — records how the construction ended (task header `outcome`): the
 * department declared it completed (M15), or the EIB terminated the project after a failed
 * rectification (M18, `sanctionReason` is the termination reason). Once per task execution, with an
 * audit entry; answers the construction process's outputs.
 */
import { z } from 'zod';
import { PROGRESS_RULE, SERIOUS_DELAY_RULE, recordConstructionStep } from '../../src/construction';
import { JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

export const constructionRecordOutcomeWorker = defineWorker({
  type: JobType.ConstructionRecordOutcome,
  title: '记录建设结果',
  description: '记录项目建设完成（M15）或被终止（M18），作为建设阶段的结果。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('建设单位（部门编码）'),
    completionSummary: z.string().max(4000).nullish().describe('建设完成情况'),
    sanctionReason: z.string().max(4000).nullish().describe('终止理由'),
  }),
  outputs: {
    constructionOutcome: '建设结果（completed 完成、terminated 终止）',
    constructionEndedAt: '建设结束时间',
    terminationReason: '终止理由（未终止时为空）',
  },
  headers: { outcome: '建设结果（completed、terminated）' },
  async handle(input, job, deps: WorkerDeps) {
    const outcome = headerOneOf(job, 'outcome', ['completed', 'terminated'] as const);
    const now = deps.now();
    const terminated = outcome === 'terminated';
    const reason = terminated ? input.sanctionReason?.trim() : input.completionSummary?.trim();
    if (!reason)
      throw new AppError('bad-request', `${terminated ? 'sanctionReason' : 'completionSummary'}: required`);
    await recordConstructionStep(
      deps.dataSource,
      {
        projectCode: input.projectCode,
        kind: terminated ? 'construction-terminated' : 'construction-completed',
        rule: terminated ? SERIOUS_DELAY_RULE : PROGRESS_RULE,
        reason: terminated ? `终止项目：${reason}` : `建设完成：${reason}`,
        details: { outcome },
      },
      job,
      terminated ? 'eib' : `tasklist:${input.departmentCode}`,
      now,
    );
    return complete({
      constructionOutcome: outcome,
      constructionEndedAt: now.toISOString(),
      terminationReason: terminated ? reason : null,
    });
  },
});
