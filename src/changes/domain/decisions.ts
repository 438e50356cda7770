/**
 * M16 in the construction process: a change routed `file` is marked filed; one routed `approve` is
 * approved or rejected by the EIB with its reason. Each is written once per change (a redelivered
 * job finds the change already in that state and writes nothing) with an audit entry on the project.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { AppError } from '../../shared/errors';
import { ChangeRequestEntity, type ChangeRequestRow } from '../data-access/change-request.entity';
import { CHANGE_RULE } from './changes';

export type ChangeDecision = 'filed' | 'approved' | 'rejected';

export interface ChangeDecisionInput {
  changeId: string;
  projectCode: string;
  decision: ChangeDecision;
  /** the EIB officer (or `process` for a filing) */
  decidedBy: string;
  /** required for approved / rejected */
  reason: string | null;
}

/** Why the decision cannot be recorded on `change` (Chinese, shown to the officer), or undefined. */
export function changeDecisionProblem(change: ChangeRequestRow, d: ChangeDecisionInput): string | undefined {
  if (change.projectCode !== d.projectCode) return `变更申请 ${d.changeId} 不属于项目 ${d.projectCode}`;
  if (d.decision !== 'filed' && !d.reason?.trim()) return '审批意见须说明理由（M16）';
  if (change.state === d.decision) return undefined;
  if (change.state === 'approved' || change.state === 'rejected')
    return `变更申请 ${d.changeId} 已${change.state === 'approved' ? '批准' : '不予批准'}，不能再改为其他结论`;
  return undefined;
}

/** Records the filing or the EIB's decision on a change (idempotent by the change's state). */
export async function recordChangeDecision(
  ds: DataSource,
  d: ChangeDecisionInput,
  now: Date,
): Promise<ChangeRequestRow> {
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(ChangeRequestEntity);
    const change = await repo.findOne({ where: { id: d.changeId }, lock: { mode: 'pessimistic_write' } });
    if (!change) throw new AppError('bad-request', `changeId: no change request ${d.changeId}`);
    const problem = changeDecisionProblem(change, d);
    if (problem) throw new AppError('conflict', problem);
    // the same decision again (a redelivered job, or the API's own filing confirmed): nothing to write
    if (change.state === d.decision && change.decidedAt) return change;
    const after = {
      state: d.decision,
      route: d.decision === 'filed' ? ('file' as const) : ('approve' as const),
      decidedAt: now,
      decidedBy: d.decidedBy,
      decisionReason: d.reason?.trim() || null,
    };
    await repo.update({ id: change.id }, after);
    await appendAudit(tx, {
      at: now,
      actor: d.decidedBy,
      action: `project.change.${d.decision}`,
      entityType: 'project',
      entityId: d.projectCode,
      beforeState: { changeId: change.id, state: change.state, route: change.route },
      afterState: {
        rule: CHANGE_RULE,
        changeId: change.id,
        adjustmentAmount: change.adjustmentAmount,
        cumulativeAdjustmentRatio: change.cumulativeAdjustmentRatio,
        route: after.route,
        state: after.state,
        ...(after.decisionReason ? { reason: after.decisionReason } : {}),
      },
    });
    return { ...change, ...after };
  });
}
