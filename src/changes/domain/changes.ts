/**
 * M16: a department changes its project's construction content within the approved estimate. Each
 * change records its signed money adjustment and the cumulative absolute adjustment so far as a
 * ratio of the approved estimate; up to 15 % it is filed, above it the EIB approves it (route
 * `approve`, state `submitted` until then). A change taking the project's total above the approved
 * estimate is refused. Changes of one project are serialised by a lock on its row; a request is
 * idempotent by its Idempotency-Key.
 *
 * The approved estimate is the project's `budget_estimate`: the registry keeps no other approved
 * amount, and the project's total starts at it, so only decreases make room for later increases.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { getProject, ProjectStage } from '../../projects';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import { Role, type AuthUser } from '../../users';
import { ChangeRequestEntity, type ChangeRequestRow } from '../data-access/change-request.entity';
import { adjustmentSums, assessChange, refuseChange, toFen, toYuan } from './adjustments';
import type { ChangeInput } from './schemas';
import { assertSameRequest, requestHash } from '../../shared/http';
import { OutboxEntity } from '../../outbox/data-access/outbox.entity';

export const CHANGE_RULE = 'M16';
/** The outbox kind of the `change-requested` message to the project's construction process. */
export const CHANGE_OUTBOX_KIND = 'change-requested';

/** A change as the API answers it: the row without its idempotency bookkeeping. */
export type ChangeView = Omit<ChangeRequestRow, 'idempotencyKey' | 'requestHash'>;

const view = ({ idempotencyKey: _k, requestHash: _h, ...change }: ChangeRequestRow): ChangeView => change;

/** Applicants of the project's lead department and administrators request its changes. */
export function mayRequestChange(user: AuthUser, project: { departmentCode: string }): boolean {
  if (user.roles.includes(Role.Administrator)) return true;
  return user.roles.includes(Role.DepartmentApplicant) && user.departmentCode === project.departmentCode;
}

export interface RequestChangeResult {
  change: ChangeView;
  /** the same Idempotency-Key and request were sent before: nothing new was written */
  replayed: boolean;
}

/** POST /api/projects/{code}/changes: records the change with its route and an audit entry. */
export async function requestChange(
  ds: DataSource,
  user: AuthUser,
  projectCode: string,
  input: ChangeInput,
  idempotencyKey: string,
  now: Date,
): Promise<RequestChangeResult> {
  const project = await getProject(ds, user, projectCode);
  if (!mayRequestChange(user, project))
    throw new AppError(
      'forbidden',
      "only applicants of the project's lead department or an administrator may request a change of its construction content / 仅项目牵头部门或管理员可提出建设内容变更",
    );
  // the construction process decides on each change (M16): before or after it there is none to hear it
  if (project.stage !== ProjectStage.Construction)
    throw new AppError(
      'conflict',
      `project ${projectCode} is at stage "${project.stage}": changes of construction content (M16) are requested while it is under construction / 仅建设实施阶段可提出建设内容变更`,
    );
  const hash = requestHash({ projectCode, ...input });
  const repo = ds.getRepository(ChangeRequestEntity);
  const earlier = () => repo.findOneBy({ requestedBy: user.username, idempotencyKey });
  const replay = (row: ChangeRequestRow): RequestChangeResult => {
    assertSameRequest(row.requestHash, hash, 'change');
    return { change: view(row), replayed: true };
  };
  const known = await earlier();
  if (known) return replay(known);
  try {
    const row = await ds.transaction(async (tx) => {
      // one change of a project at a time: the cumulative sums below cannot be raced
      const [locked] = (await tx.query('SELECT budget_estimate AS e FROM project WHERE code = ? FOR UPDATE', [
        projectCode,
      ])) as { e: string }[];
      const approvedEstimate = locked!.e;
      const amounts = (await tx.query(
        "SELECT adjustment_amount AS a FROM change_request WHERE project_code = ? AND state <> 'rejected'",
        [projectCode],
      )) as { a: string }[];
      const assessment = assessChange({
        approvedEstimate,
        earlier: amounts.map((r) => r.a),
        adjustment: input.adjustmentAmount,
      });
      refuseChange(assessment, approvedEstimate);
      const change: Omit<ChangeRequestRow, 'id'> = {
        projectCode,
        description: input.description,
        adjustmentAmount: toYuan(toFen(input.adjustmentAmount)),
        cumulativeAdjustmentRatio: assessment.ratio,
        route: assessment.route,
        state: assessment.route === 'file' ? 'filed' : 'submitted',
        requestedBy: user.username,
        requestedAt: now,
        idempotencyKey,
        requestHash: hash,
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
      };
      const { identifiers } = await tx.getRepository(ChangeRequestEntity).insert(change);
      const id = String(identifiers[0]!.id);
      await appendAudit(tx, {
        at: now,
        actor: user.username,
        action: 'project.change.requested',
        entityType: 'project',
        entityId: projectCode,
        beforeState: null,
        afterState: {
          rule: CHANGE_RULE,
          changeId: id,
          description: change.description,
          adjustmentAmount: change.adjustmentAmount,
          cumulativeAdjustment: toYuan(assessment.cumulativeFen),
          cumulativeAdjustmentRatio: change.cumulativeAdjustmentRatio,
          approvedEstimate,
          route: change.route,
          state: change.state,
        },
      });
      // the construction process hears of the change after commit, through the outbox (never lost,
      // sent once: messageId change:<id>); it files the change or has the EIB decide on it
      await tx.getRepository(OutboxEntity).insert({
        kind: CHANGE_OUTBOX_KIND,
        aggregateId: projectCode,
        payload: {
          changeId: id,
          changeDescription: change.description,
          changeAdjustmentAmount: change.adjustmentAmount,
          changeCumulativeRatio: assessment.cumulativeRatio,
          changeWithinEstimate: assessment.withinEstimate,
          changeRoute: change.route,
        },
        createdAt: now,
      });
      return tx.getRepository(ChangeRequestEntity).findOneByOrFail({ id });
    });
    return { change: view(row), replayed: false };
  } catch (e) {
    // the same key raced in from a parallel request: answer as its replay
    const raced = isDuplicateKey(e) ? await earlier() : null;
    if (raced) return replay(raced);
    throw e;
  }
}

/** GET /api/projects/{code}/changes: the project's changes, oldest first, with the sums so far. */
export async function changesOfProject(ds: DataSource, user: AuthUser, projectCode: string) {
  const project = await getProject(ds, user, projectCode);
  const rows = await ds
    .getRepository(ChangeRequestEntity)
    .find({ where: { projectCode }, order: { id: 'ASC' } });
  const sums = adjustmentSums(
    project.budgetEstimate,
    rows.filter((r) => r.state !== 'rejected').map((r) => r.adjustmentAmount),
  );
  return {
    projectCode,
    approvedEstimate: project.budgetEstimate,
    netAdjustment: toYuan(sums.netFen),
    cumulativeAdjustment: toYuan(sums.cumulativeFen),
    cumulativeAdjustmentRatio: sums.ratio,
    changes: rows.map(view),
  };
}
