/**
 * evaluation.record-finance — Finance's decision on a self-evaluated project (M22.1): a key project
 * is evaluated by Finance (grade and opinion required), whose grade becomes the project's; otherwise
 * the department's grade stands. Rectification opinions (M22.2) are recorded either way. A key
 * project without grade or opinion fails the job naming the variable (an incident), nothing recorded.
 */
import { z } from 'zod';
import { EVALUATION_GRADES, recordFinanceEvaluation } from '../../src/evaluations';
import { JobType } from '../../src/shared/bpmn';
import { projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const evaluationRecordFinanceWorker = defineWorker({
  type: JobType.EvaluationRecordFinance,
  title: '记录财政绩效评价',
  description:
    '记录市财政局是否将项目列为重点项目及其绩效评价（M22.1）：重点项目须有评价等级和评价意见；整改意见一并记录（M22.2）。',
  variables: z
    .object({
      projectCode: projectCode.describe('项目编号'),
      keyProject: z.boolean().describe('是否重点项目'),
      financeEvaluationGrade: z.enum(EVALUATION_GRADES).nullish().describe('财政评价等级（重点项目必填）'),
      financeEvaluationOpinion: visibleText({ min: 2, max: 4000, multiline: true })
        .nullish()
        .describe('财政评价意见（重点项目必填）'),
      rectificationOpinions: z.string().max(4000).nullish().describe('整改意见（M22.2，如有）'),
    })
    .superRefine((v, ctx) => {
      if (!v.keyProject) return;
      if (!v.financeEvaluationGrade)
        ctx.addIssue({
          code: 'custom',
          path: ['financeEvaluationGrade'],
          message: 'financeEvaluationGrade is required for a key project (M22.1)',
        });
      if (!v.financeEvaluationOpinion)
        ctx.addIssue({
          code: 'custom',
          path: ['financeEvaluationOpinion'],
          message: 'financeEvaluationOpinion is required for a key project (M22.1)',
        });
    }),
  outputs: {
    evaluationGrade: '绩效评价等级（重点项目为财政评价等级，否则为自评等级）',
    keyProject: '是否重点项目',
    rectificationOpinions: '整改意见',
    financeEvaluatedAt: '财政评价时间',
  },
  async handle(input, _job, deps: WorkerDeps) {
    const row = await recordFinanceEvaluation(deps.dataSource, {
      projectCode: input.projectCode,
      keyProject: input.keyProject,
      grade: input.financeEvaluationGrade ?? null,
      opinion: input.financeEvaluationOpinion ?? null,
      rectificationOpinions: input.rectificationOpinions?.trim() || null,
      now: deps.now(),
    });
    return complete({
      evaluationGrade: row.finalGrade,
      keyProject: row.keyProject,
      rectificationOpinions: row.rectificationOpinions,
      financeEvaluatedAt: row.financeEvaluatedAt!.toISOString(),
    });
  },
});
