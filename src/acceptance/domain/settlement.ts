/**
 * M21 in the registry: a project's settlement (amounts in yuan, exact) with the instant the two
 * months of the review count from, and the result of the financial review by the approval
 * department or of the audit. Each change writes an audit entry on the project (its timeline);
 * a redelivered job finds what the first wrote and writes nothing again.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar/domain/local-date';
import { AppError } from '../../shared/errors';
import {
  ProjectSettlementEntity,
  type ProjectSettlementRow,
  type SettlementReviewRoute,
} from '../data-access/acceptance.entities';
import { parseYuan, reviewClockStart, validateSettlement, type SettlementInput } from './amounts';

export function settlementOf(ds: DataSource, projectCode: string): Promise<ProjectSettlementRow | null> {
  return ds.getRepository(ProjectSettlementEntity).findOneBy({ projectCode });
}

export type SettlementResult =
  { recorded: true; row: ProjectSettlementRow } | { recorded: false; problems: string[] };

/** Validates and records the settlement; a refused one (bad amounts or date) changes nothing. */
export async function recordSettlement(
  ds: DataSource,
  s: SettlementInput & { projectCode: string; departmentCode: string; finalAcceptedAt: Date; now: Date },
): Promise<SettlementResult> {
  const valid = validateSettlement(s, shanghaiDateOf(s.now));
  if (!valid.ok) return { recorded: false, problems: valid.problems };
  const v = valid.value;
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(ProjectSettlementEntity);
    const before = await repo.findOne({
      where: { projectCode: s.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (before?.reviewedAt)
      throw new AppError('conflict', `the settlement of ${s.projectCode} was already reviewed (M21)`);
    const values = {
      settledAmount: v.settledAmount,
      approvedAmount: v.approvedAmount,
      settlementDate: v.settlementDate,
      finalAcceptedAt: s.finalAcceptedAt,
      reviewClockStart: reviewClockStart(s.finalAcceptedAt, v.settlementDate),
    };
    const same =
      before &&
      before.settledAmount === values.settledAmount &&
      before.approvedAmount === values.approvedAmount &&
      before.settlementDate === values.settlementDate &&
      before.finalAcceptedAt.getTime() === values.finalAcceptedAt.getTime();
    if (same) return { recorded: true, row: before };
    if (before) await repo.update({ projectCode: s.projectCode }, { ...values, updatedAt: s.now });
    else
      await repo.insert({
        ...values,
        projectCode: s.projectCode,
        departmentCode: s.departmentCode,
        createdAt: s.now,
        updatedAt: s.now,
      });
    await appendAudit(tx, {
      at: s.now,
      actor: s.departmentCode,
      action: 'project.settlement.recorded',
      entityType: 'project',
      entityId: s.projectCode,
      beforeState: before
        ? { settledAmount: before.settledAmount, approvedAmount: before.approvedAmount }
        : null,
      afterState: { rule: 'M21', ...values, reviewClockStart: values.reviewClockStart.toISOString() },
    });
    return { recorded: true, row: await repo.findOneByOrFail({ projectCode: s.projectCode }) };
  });
}

/** Records the result of the financial review (eib) or the audit (audit) of the settlement, once. */
export async function recordSettlementReview(
  ds: DataSource,
  r: {
    projectCode: string;
    route: SettlementReviewRoute;
    opinion: string;
    reviewedAmount: unknown;
    now: Date;
  },
): Promise<ProjectSettlementRow> {
  const amount = parseYuan(r.reviewedAmount, '审定金额');
  if (!amount.ok) throw new AppError('bad-request', `reviewedAmount (审定金额): ${amount.problem}`);
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(ProjectSettlementEntity);
    const before = await repo.findOne({
      where: { projectCode: r.projectCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (!before)
      throw new AppError('bad-request', `project ${r.projectCode} has no settlement on record (M21)`);
    if (before.reviewedAt) return before;
    const change = {
      reviewRoute: r.route,
      reviewOpinion: r.opinion,
      reviewedAmount: amount.value,
      reviewedAt: r.now,
    };
    await repo.update({ projectCode: r.projectCode }, { ...change, updatedAt: r.now });
    await appendAudit(tx, {
      at: r.now,
      actor: r.route === 'audit' ? 'audit' : 'eib',
      action: 'project.settlement.reviewed',
      entityType: 'project',
      entityId: r.projectCode,
      beforeState: { reviewedAt: null },
      afterState: { rule: 'M21', ...change, reviewedAt: r.now.toISOString() },
    });
    return repo.findOneByOrFail({ projectCode: r.projectCode });
  });
}
