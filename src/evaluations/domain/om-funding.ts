/**
 * M27, M20: a project's O&M funding application after its free period. The department applies with
 * the performance evaluation report (refused without one); the EIB funds it centrally (unified) or,
 * after reviewing the department's own application, approves or refuses it (self-applied). Funds
 * start when the free period ends, never earlier. One row per project; writes are idempotent and
 * audited in the project's timeline.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import { OmFundingEntity, type OmFundingMode, type OmFundingRow } from '../data-access/evaluation.entities';
import { evaluationOfProject } from './evaluations';
import { applicationDueAt, applicationProblem, evaluationGradeOf, fundingFrom } from './om-funding-rules';

export const omFundingOfProject = (ds: DataSource, projectCode: string) =>
  ds.getRepository(OmFundingEntity).findOneBy({ projectCode });

/** om-funding.record-application: refused (bad-request, Chinese reason) without a performance evaluation report. */
export async function recordOmApplication(
  ds: DataSource,
  a: {
    projectCode: string;
    departmentCode: string;
    freeUntil: string;
    summary: string;
    processInstanceKey: string;
    now: Date;
  },
): Promise<OmFundingRow> {
  const existing = await omFundingOfProject(ds, a.projectCode);
  if (existing) return existing;
  const evaluation = await evaluationOfProject(ds, a.projectCode);
  const problem = applicationProblem(evaluation);
  if (problem) throw new AppError('bad-request', problem);
  const dueAt = applicationDueAt(a.freeUntil);
  const row = {
    projectCode: a.projectCode,
    departmentCode: a.departmentCode,
    freeUntil: a.freeUntil,
    applicationDueAt: dueAt,
    applicationSummary: a.summary,
    appliedAt: a.now,
    late: a.now.getTime() > dueAt.getTime(),
    evaluationGrade: evaluationGradeOf(evaluation)!,
    processInstanceKey: a.processInstanceKey,
    createdAt: a.now,
  };
  try {
    await ds.transaction(async (tx) => {
      await tx.getRepository(OmFundingEntity).insert(row);
      await appendAudit(tx, {
        at: a.now,
        actor: a.departmentCode,
        action: 'project.om-funding.applied',
        entityType: 'project',
        entityId: a.projectCode,
        beforeState: null,
        afterState: { ...row, rule: 'M27' },
      });
    });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  return ds.getRepository(OmFundingEntity).findOneByOrFail({ projectCode: a.projectCode });
}

/**
 * om-funding.record-decision: unified funding is the EIB's and approved; a self-applied one is
 * approved or refused after the EIB's review, a refusal with its reason. Approved funds start on the
 * day the free period ends (M20). Recorded once.
 */
export async function recordOmFundingDecision(
  ds: DataSource,
  d: {
    projectCode: string;
    mode: OmFundingMode;
    approved: boolean;
    opinion: string | null;
    selfApplicationSummary: string | null;
    now: Date;
  },
): Promise<OmFundingRow> {
  if (d.mode === 'unified' && !d.approved)
    throw new AppError('bad-request', "unified O&M funding is the EIB's own: it cannot be refused");
  if (d.mode === 'self-applied' && !d.selfApplicationSummary)
    throw new AppError('bad-request', "a self-applied O&M funding needs the department's application (M27)");
  if (!d.approved && !d.opinion)
    throw new AppError('bad-request', 'a refused O&M funding application needs its reason (M27)');
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(OmFundingEntity);
    const before = await repo.findOne({
      where: { projectCode: d.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (!before) throw new AppError('bad-request', `project ${d.projectCode} has no O&M funding application`);
    if (before.decidedAt) return before;
    const change = {
      mode: d.mode,
      decision: d.approved ? ('approved' as const) : ('refused' as const),
      eibOpinion: d.opinion,
      selfApplicationSummary: d.mode === 'self-applied' ? d.selfApplicationSummary : null,
      fundingFrom: d.approved ? fundingFrom(before.freeUntil) : null,
      decidedAt: d.now,
    };
    await repo.update({ projectCode: d.projectCode }, change);
    await appendAudit(tx, {
      at: d.now,
      actor: 'eib',
      action: 'project.om-funding.decided',
      entityType: 'project',
      entityId: d.projectCode,
      beforeState: { decision: null },
      afterState: {
        ...change,
        decidedAt: d.now.toISOString(),
        freeUntil: before.freeUntil,
        rule: 'M27',
        ...(d.approved ? {} : { reason: d.opinion }),
      },
    });
    return repo.findOneByOrFail({ projectCode: d.projectCode });
  });
}
