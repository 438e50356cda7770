/**
 * evaluation.record-missing — the self-evaluation window (M22.1, month 24 after final acceptance)
 * closed without a self-evaluation: the evaluation is recorded as missing (`evaluationGrade` =
 * "missing"), which O&M (M27) and MLPS funding then see. A self-evaluation recorded in the same
 * instant is kept and answered instead.
 */
import { z } from 'zod';
import { recordEvaluationMissing } from '../../src/evaluations';
import { JobType } from '../../src/shared/bpmn';
import { isoInstant, projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const evaluationRecordMissingWorker = defineWorker({
  type: JobType.EvaluationRecordMissing,
  title: '记录绩效评价缺失',
  description: '终验后第24个月评价期结束仍未报送绩效自评：记录评价缺失（M22.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('项目建设部门（部门编码）'),
    finalAcceptedAt: isoInstant.describe('终验时间'),
  }),
  outputs: {
    evaluationGrade: '绩效评价等级（缺失时为 missing）',
    evaluationReportedAt: '绩效自评报告报送时间（缺失时为空）',
  },
  async handle(input, job, deps: WorkerDeps) {
    const row = await recordEvaluationMissing(deps.dataSource, {
      ...input,
      processInstanceKey: job.processInstanceKey,
      now: deps.now(),
    });
    return complete({
      evaluationGrade: row.status === 'missing' ? 'missing' : (row.finalGrade ?? row.selfGrade),
      evaluationReportedAt: row.reportedAt?.toISOString() ?? null,
    });
  },
});
