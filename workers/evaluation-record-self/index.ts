/**
 * evaluation.record-self — records the department's performance self-evaluation (M22.1): grade,
 * score and the report's summary and reference. It must come within months 12–24 after final
 * acceptance, checked at this job's instant, with the report uploaded to the document store (type
 * performance-evaluation-report): otherwise it is refused (EVALUATION_REFUSED, the reason in
 * `evaluationProblems`) and nothing is recorded. A redelivered job answers with what
 * the first recorded.
 */
import { z } from 'zod';
import { EVALUATION_GRADES, recordSelfEvaluation } from '../../src/evaluations';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isAppError } from '../../src/shared/errors';
import { isoInstant, projectCode, visibleText } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const evaluationRecordSelfWorker = defineWorker({
  type: JobType.EvaluationRecordSelf,
  title: '记录绩效自评',
  description:
    '记录部门的项目绩效自评（M22.1）：须在终验后第12至24个月内并已上传绩效自评报告，评价期外或缺少报告的自评不予受理。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('项目建设部门（部门编码）'),
    finalAcceptedAt: isoInstant.describe('终验时间'),
    selfEvaluationGrade: z.enum(EVALUATION_GRADES).describe('自评等级（优、良、中、差）'),
    selfEvaluationScore: z.number().int().min(0).max(100).describe('自评得分（0–100）'),
    evaluationReportSummary: visibleText({ min: 4, max: 4000, multiline: true }).describe('绩效自评报告摘要'),
    evaluationReportReference: z.string().max(100).nullish().describe('绩效自评报告文号'),
  }),
  outputs: {
    evaluationReportedAt: '绩效自评报告报送时间',
    evaluationProblems: '自评不予受理的原因',
  },
  async handle(input, job, deps: WorkerDeps) {
    try {
      const row = await recordSelfEvaluation(deps.dataSource, {
        projectCode: input.projectCode,
        departmentCode: input.departmentCode,
        finalAcceptedAt: input.finalAcceptedAt,
        grade: input.selfEvaluationGrade,
        score: input.selfEvaluationScore,
        reportSummary: input.evaluationReportSummary,
        reportReference: input.evaluationReportReference?.trim() || null,
        actor: input.departmentCode,
        processInstanceKey: job.processInstanceKey,
        now: deps.now(),
      });
      return complete({ evaluationReportedAt: row.reportedAt!.toISOString(), evaluationProblems: null });
    } catch (e) {
      if (isAppError(e) && e.kind === 'bad-request')
        return bpmnError(ErrorCode.EvaluationRefused, e.message, { evaluationProblems: e.message });
      throw e;
    }
  },
});
