/**
 * construction.record-progress-report — M15: validates a periodic progress report of the department
 * and archives it (once per task execution) with an audit entry the project's timeline shows.
 * Refused (CONSTRUCTION_RECORD_REFUSED, the problems in Chinese in `progressProblems`, nothing
 * written): a progress outside 0–100 %, no summary, a major investment loss without its description.
 * Answers whether the report flags a major investment loss (M18).
 */
import { z } from 'zod';
import { recordProgressReport } from '../../src/construction';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const constructionRecordProgressReportWorker = defineWorker({
  type: JobType.ConstructionRecordProgressReport,
  title: '归档建设进度报告',
  description: '校验并归档建设单位定期报送的建设进度报告（M15）；报告重大投资损失的转入整改程序（M18）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('建设单位（部门编码）'),
    progressPercent: z.number().describe('形象进度（%）'),
    progressSummary: z.string().max(4000).describe('进度情况'),
    progressIssues: z.string().max(4000).nullish().describe('存在问题'),
    majorInvestmentLoss: z.boolean().nullish().describe('是否造成重大投资损失'),
  }),
  outputs: {
    progressProblems: '不予归档的原因（归档成功时为空）',
    progressReportId: '进度报告编号',
    majorInvestmentLoss: '是否造成重大投资损失',
  },
  async handle(input, job, deps: WorkerDeps) {
    const majorInvestmentLoss = input.majorInvestmentLoss === true;
    const { problems, report } = await recordProgressReport(
      deps.dataSource,
      {
        projectCode: input.projectCode,
        progressPercent: input.progressPercent,
        summary: input.progressSummary,
        issues: input.progressIssues ?? null,
        majorInvestmentLoss,
      },
      job,
      `tasklist:${input.departmentCode}`,
      deps.now(),
    );
    if (!report) {
      const text = problems.map((p, i) => `${i + 1}. ${p}`).join('\n');
      return bpmnError(ErrorCode.ConstructionRecordRefused, text, { progressProblems: text });
    }
    return complete({ progressProblems: null, progressReportId: report.id, majorInvestmentLoss });
  },
});
