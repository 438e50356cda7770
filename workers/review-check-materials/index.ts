/**
 * review.check-materials — before the EIB's review clock starts (M11.1), checks that the documents
 * the project's path requires are in the document store (M10.1; M10.2's simplified path by the
 * `document-path` DMN) and the pricing rules of M11.6. Incomplete materials are a business outcome:
 * a BPMN error that returns the task to the department with every problem named.
 */
import { z } from 'zod';
import { checkReviewMaterials, DocumentPath } from '../../src/reviews';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const reviewCheckMaterialsWorker = defineWorker({
  type: JobType.ReviewCheckMaterials,
  title: '核验技术评审材料',
  description:
    '核验评审材料：按文件路径（M10.1 可行性研究报告、初步设计、密码应用方案；M10.2 初步设计或实施方案、密码应用方案）检查已上传的文件，成品软件三家以上比价（M11.6），原始开发须书面说明理由（M11.6）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    documentPath: z
      .enum([DocumentPath.FeasibilityStudy, DocumentPath.Simplified])
      .describe('文件路径（document-path 决策结果）'),
    softwarePurchase: z.boolean().nullish().describe('是否采购成品软件'),
    quoteCount: z.number().int().min(0).max(99).nullish().describe('比价资料家数'),
    originalDevelopment: z.boolean().nullish().describe('是否原始开发业务系统软件'),
    originalDevelopmentJustification: z.string().max(4000).nullish().describe('原始开发的书面理由'),
  }),
  outputs: { materialsProblems: '材料问题（无问题时为空）', reviewDocuments: '送审文件（类型、版本、编号）' },
  async handle(input, _job, deps: WorkerDeps) {
    const check = await checkReviewMaterials(deps.dataSource, {
      projectCode: input.projectCode,
      documentPath: input.documentPath,
      softwarePurchase: input.softwarePurchase ?? false,
      quoteCount: input.quoteCount ?? null,
      originalDevelopment: input.originalDevelopment ?? false,
      originalDevelopmentJustification: input.originalDevelopmentJustification ?? null,
    });
    if (check.problems.length > 0) {
      const text = check.problems.map((p, i) => `${i + 1}. ${p}`).join('\n');
      return bpmnError(ErrorCode.ReviewMaterialsIncomplete, text, { materialsProblems: text });
    }
    return complete({ materialsProblems: null, reviewDocuments: check.documents });
  },
});
