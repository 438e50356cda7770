/**
 * A project's acceptance in the registry (M17, M19, M20): the preliminary acceptance, the final
 * acceptance — recorded only when every checklist item is compliant and the required documents are
 * in the store, refused with every reason otherwise — and the filing of the report with the EIB.
 * Each change writes an audit entry on the project (its timeline) in the same transaction. Jobs may
 * be delivered twice: a redelivered job finds what the first wrote and writes nothing again.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar/domain/local-date';
import { DocumentEntity } from '../../documents/data-access/document.entity';
import { AppError } from '../../shared/errors';
import { ProjectAcceptanceEntity, type ProjectAcceptanceRow } from '../data-access/acceptance.entities';
import { checklistProblems, missingDocumentProblems, omFreeUntil, type Checklist } from './checklist';

export function acceptanceOf(ds: DataSource, projectCode: string): Promise<ProjectAcceptanceRow | null> {
  return ds.getRepository(ProjectAcceptanceEntity).findOneBy({ projectCode });
}

/** M17: records the preliminary acceptance (a correction before final acceptance replaces it). */
export async function recordPreliminaryAcceptance(
  ds: DataSource,
  p: { projectCode: string; departmentCode: string; acceptedOn: string; summary: string; now: Date },
): Promise<ProjectAcceptanceRow> {
  const today = shanghaiDateOf(p.now);
  if (p.acceptedOn > today)
    throw new AppError(
      'bad-request',
      `preliminaryAcceptanceDate (初步验收日期) ${p.acceptedOn} is later than today ${today}: set it to the day the preliminary acceptance passed`,
    );
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(ProjectAcceptanceEntity);
    const before = await repo.findOne({
      where: { projectCode: p.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (before?.finalAcceptedAt)
      throw new AppError('conflict', `project ${p.projectCode} already passed final acceptance`);
    if (before && before.preliminaryAcceptedOn === p.acceptedOn && before.preliminarySummary === p.summary)
      return before;
    const values = { preliminaryAcceptedOn: p.acceptedOn, preliminarySummary: p.summary, updatedAt: p.now };
    if (before) await repo.update({ projectCode: p.projectCode }, values);
    else
      await repo.insert({
        ...values,
        projectCode: p.projectCode,
        departmentCode: p.departmentCode,
        createdAt: p.now,
      });
    await appendAudit(tx, {
      at: p.now,
      actor: p.departmentCode,
      action: 'project.acceptance.preliminary-recorded',
      entityType: 'project',
      entityId: p.projectCode,
      beforeState: before ? { preliminaryAcceptedOn: before.preliminaryAcceptedOn } : null,
      afterState: { rule: 'M17', preliminaryAcceptedOn: p.acceptedOn, summary: p.summary },
    });
    return repo.findOneByOrFail({ projectCode: p.projectCode });
  });
}

export type FinalAcceptanceResult =
  { accepted: true; row: ProjectAcceptanceRow } | { accepted: false; problems: string[] };

/**
 * M17/M19/M23/M25/M26: final acceptance passes only with every checklist item compliant and the
 * required documents in the store. A refusal records its reasons (once per attempt, keyed by the
 * checking job's element instance) and marks nothing accepted.
 */
export async function recordFinalAcceptance(
  ds: DataSource,
  f: { projectCode: string; checklist: Checklist; opinion: string | null; attemptKey: string; now: Date },
): Promise<FinalAcceptanceResult> {
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(ProjectAcceptanceEntity);
    const before = await repo.findOne({
      where: { projectCode: f.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (!before)
      throw new AppError(
        'bad-request',
        `project ${f.projectCode} has no preliminary acceptance on record (M17)`,
      );
    if (before.finalAcceptedAt) return { accepted: true, row: before };
    const stored = await tx.getRepository(DocumentEntity).find({ where: { projectCode: f.projectCode } });
    const problems = [
      ...missingDocumentProblems(new Set(stored.map((d) => d.type))),
      ...checklistProblems(f.checklist),
    ];
    if (problems.length > 0) {
      if (before.lastRefusalKey !== f.attemptKey) {
        const reasons = problems.join('\n');
        await repo.update(
          { projectCode: f.projectCode },
          {
            refusals: before.refusals + 1,
            lastRefusalKey: f.attemptKey,
            lastRefusalReasons: reasons.slice(0, 4000),
            checklist: f.checklist,
            updatedAt: f.now,
          },
        );
        await appendAudit(tx, {
          at: f.now,
          actor: 'eib',
          action: 'project.acceptance.refused',
          entityType: 'project',
          entityId: f.projectCode,
          beforeState: { finalAcceptedAt: null },
          afterState: { rule: 'M19', reason: reasons, problems, attempt: before.refusals + 1 },
        });
      }
      return { accepted: false, problems };
    }
    const finalAcceptanceDate = shanghaiDateOf(f.now);
    const change = {
      finalAcceptedAt: f.now,
      finalAcceptanceDate,
      omFreeUntil: omFreeUntil(finalAcceptanceDate),
      checklist: f.checklist,
      acceptanceOpinion: f.opinion,
      updatedAt: f.now,
    };
    await repo.update({ projectCode: f.projectCode }, change);
    await appendAudit(tx, {
      at: f.now,
      actor: 'eib',
      action: 'project.acceptance.final-accepted',
      entityType: 'project',
      entityId: f.projectCode,
      beforeState: { finalAcceptedAt: null },
      afterState: {
        rule: 'M17',
        finalAcceptedAt: f.now.toISOString(),
        finalAcceptanceDate,
        omFreeUntil: change.omFreeUntil,
        opinion: f.opinion,
      },
    });
    return { accepted: true, row: await repo.findOneByOrFail({ projectCode: f.projectCode }) };
  });
}

/** M20: the summary report and the acceptance opinion are filed with the EIB (recorded once). */
export async function recordAcceptanceFiling(
  ds: DataSource,
  f: { projectCode: string; summary: string; now: Date },
): Promise<ProjectAcceptanceRow> {
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(ProjectAcceptanceEntity);
    const before = await repo.findOne({
      where: { projectCode: f.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (!before?.finalAcceptedAt)
      throw new AppError(
        'bad-request',
        `project ${f.projectCode} has not passed final acceptance: nothing to file (M20)`,
      );
    if (before.reportFiledAt) return before;
    await repo.update(
      { projectCode: f.projectCode },
      { reportFiledAt: f.now, reportFilingSummary: f.summary, updatedAt: f.now },
    );
    await appendAudit(tx, {
      at: f.now,
      actor: before.departmentCode,
      action: 'project.acceptance.report-filed',
      entityType: 'project',
      entityId: f.projectCode,
      beforeState: { reportFiledAt: null },
      afterState: { rule: 'M20', summary: f.summary, omFreeUntil: before.omFreeUntil },
    });
    return repo.findOneByOrFail({ projectCode: f.projectCode });
  });
}
