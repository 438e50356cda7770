/**
 * M22.1, M22.2: a project's performance evaluation. The department self-evaluates within months
 * 12–24 after final acceptance (refused outside that window, checked at the recording instant, and
 * without its report in the document store);
 * a window that closes without it records the evaluation as missing; Finance then decides whether
 * it is a key project and, if so, evaluates it (grade, opinion, rectification opinions). One row per
 * project; every write is idempotent (a redelivered job answers with what the first one recorded)
 * and appends an audit entry to the project's timeline.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { DocumentEntity } from '../../documents/data-access/document.entity';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import {
  PerformanceEvaluationEntity,
  type EvaluationGrade,
  type PerformanceEvaluationRow,
} from '../data-access/evaluation.entities';
import { evaluationWindow, windowProblem } from './window';

/** The document type of the self-evaluation report in the document store. */
export const EVALUATION_REPORT_DOCUMENT = 'performance-evaluation-report';

export const EVALUATION_GRADES: readonly EvaluationGrade[] = ['excellent', 'good', 'fair', 'poor'];

export const evaluationOfProject = (ds: DataSource, projectCode: string) =>
  ds.getRepository(PerformanceEvaluationEntity).findOneBy({ projectCode });

interface Subject {
  projectCode: string;
  departmentCode: string;
  finalAcceptedAt: Date;
  processInstanceKey: string;
  now: Date;
}

/** Inserts the project's row with its audit entry; a row already there (a redelivery, a race) is answered instead. */
async function insertEvaluation(
  ds: DataSource,
  s: Subject,
  fields: Partial<PerformanceEvaluationRow> & Pick<PerformanceEvaluationRow, 'status'>,
  audit: { actor: string; action: string; afterState: Record<string, unknown> },
): Promise<PerformanceEvaluationRow> {
  const window = evaluationWindow(s.finalAcceptedAt);
  try {
    await ds.transaction(async (tx) => {
      await tx.getRepository(PerformanceEvaluationEntity).insert({
        projectCode: s.projectCode,
        departmentCode: s.departmentCode,
        finalAcceptedAt: s.finalAcceptedAt,
        windowOpensAt: window.opensAt,
        windowClosesAt: window.closesAt,
        processInstanceKey: s.processInstanceKey,
        createdAt: s.now,
        updatedAt: s.now,
        ...fields,
      });
      await appendAudit(tx, {
        at: s.now,
        actor: audit.actor,
        action: audit.action,
        entityType: 'project',
        entityId: s.projectCode,
        beforeState: null,
        afterState: audit.afterState,
      });
    });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  return ds.getRepository(PerformanceEvaluationEntity).findOneByOrFail({ projectCode: s.projectCode });
}

/** evaluation.record-self: the department's self-evaluation; refused (bad-request, Chinese reason) outside its window or without its report document. */
export async function recordSelfEvaluation(
  ds: DataSource,
  s: Subject & {
    grade: EvaluationGrade;
    score: number;
    reportSummary: string;
    reportReference: string | null;
    actor: string;
  },
): Promise<PerformanceEvaluationRow> {
  const existing = await evaluationOfProject(ds, s.projectCode);
  if (existing?.status === 'missing')
    throw new AppError('bad-request', `绩效自评评价期已结束，已记录为评价缺失（M22.1），不能再提交自评。`);
  if (existing) return existing;
  const problem = windowProblem(evaluationWindow(s.finalAcceptedAt), s.now);
  if (problem) throw new AppError('bad-request', problem);
  const report = await ds.getRepository(DocumentEntity).findOne({
    where: { projectCode: s.projectCode, type: EVALUATION_REPORT_DOCUMENT },
    order: { version: 'DESC' },
  });
  if (!report)
    throw new AppError(
      'bad-request',
      `缺少绩效自评报告（M22.1）：请先通过文档接口上传（类型 ${EVALUATION_REPORT_DOCUMENT}），再报送。`,
    );
  const fields = {
    status: 'self-evaluated' as const,
    selfGrade: s.grade,
    selfScore: s.score,
    reportSummary: s.reportSummary,
    reportReference: s.reportReference,
    reportDocumentId: report.id,
    reportedAt: s.now,
  };
  return insertEvaluation(ds, s, fields, {
    actor: s.actor,
    action: 'project.performance.self-evaluated',
    afterState: { ...fields, reportedAt: s.now.toISOString(), rule: 'M22.1' },
  });
}

/** evaluation.record-missing: the window closed without a self-evaluation; a recorded one is kept. */
export async function recordEvaluationMissing(ds: DataSource, s: Subject): Promise<PerformanceEvaluationRow> {
  const existing = await evaluationOfProject(ds, s.projectCode);
  if (existing) return existing;
  return insertEvaluation(
    ds,
    s,
    { status: 'missing' },
    {
      actor: 'system',
      action: 'project.performance.evaluation-missing',
      afterState: {
        status: 'missing',
        windowClosesAt: evaluationWindow(s.finalAcceptedAt).closesAt.toISOString(),
        rule: 'M22.1',
        reason: '终验后第12至24个月内未报送绩效自评报告',
      },
    },
  );
}

/**
 * evaluation.record-finance: Finance's decision on a self-evaluated project. A key project carries
 * Finance's grade and opinion, which become the final grade; otherwise the department's grade stands.
 * Rectification opinions (M22.2) may come either way. Recorded once.
 */
export async function recordFinanceEvaluation(
  ds: DataSource,
  f: {
    projectCode: string;
    keyProject: boolean;
    grade: EvaluationGrade | null;
    opinion: string | null;
    rectificationOpinions: string | null;
    now: Date;
  },
): Promise<PerformanceEvaluationRow> {
  if (f.keyProject && (!f.grade || !f.opinion))
    throw new AppError('bad-request', "a key project needs Finance's grade and opinion (M22.1)");
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(PerformanceEvaluationEntity);
    const before = await repo.findOne({
      where: { projectCode: f.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (!before || before.status === 'missing')
      throw new AppError(
        'bad-request',
        `project ${f.projectCode} has no self-evaluation for Finance to evaluate`,
      );
    if (before.status === 'finance-evaluated') return before;
    const change = {
      status: 'finance-evaluated' as const,
      keyProject: f.keyProject,
      financeGrade: f.keyProject ? f.grade : null,
      financeOpinion: f.keyProject ? f.opinion : null,
      rectificationOpinions: f.rectificationOpinions,
      financeEvaluatedAt: f.now,
      finalGrade: f.keyProject ? f.grade : before.selfGrade,
      updatedAt: f.now,
    };
    await repo.update({ projectCode: f.projectCode }, change);
    await appendAudit(tx, {
      at: f.now,
      actor: 'finance',
      action: 'project.performance.finance-evaluated',
      entityType: 'project',
      entityId: f.projectCode,
      beforeState: { status: before.status, selfGrade: before.selfGrade },
      afterState: {
        status: change.status,
        keyProject: change.keyProject,
        financeGrade: change.financeGrade,
        financeOpinion: change.financeOpinion,
        rectificationOpinions: change.rectificationOpinions,
        finalGrade: change.finalGrade,
        financeEvaluatedAt: f.now.toISOString(),
        rule: f.rectificationOpinions ? 'M22.2' : 'M22.1',
      },
    });
    return repo.findOneByOrFail({ projectCode: f.projectCode });
  });
}
