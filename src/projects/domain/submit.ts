/**
 * M4.7: a department submits a proposal. One transaction writes the project (with a code that
 * follows it for life, LS-<year>-<nnnn>), its participants, the idempotency key, the audit entry
 * and an outbox message that starts the lifecycle process. The process is started only from the
 * outbox after commit, so there is never a process instance without a project row; and the
 * project records its instance key only when the instance itself binds it (project.bind-instance).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar';
import { DepartmentEntity } from '../../organisations/data-access/organisation.entities';
import { OutboxEntity } from '../../outbox/data-access/outbox.entity';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import {
  IdempotencyKeyEntity,
  ProjectEntity,
  ProjectDepartmentEntity,
  type ProjectRow,
} from '../data-access/project.entities';
import { submittingDepartment } from './access';
import { ProjectStage } from './stages';
import type { Proposal } from './schemas';
import { assertSameRequest, requestHash } from '../../shared/http';

export const LIFECYCLE_OUTBOX_KIND = 'start-lifecycle';
const CODE_PREFIX = 'LS';

export interface SubmitResult {
  project: ProjectRow;
  /** true when the same Idempotency-Key and body were submitted before: nothing new was written */
  replayed: boolean;
}

const proposalHash = (proposal: Proposal, department: string) =>
  requestHash({ ...proposal, departmentCode: department });

async function nextProjectCode(tx: EntityManager, year: number): Promise<string> {
  await tx.query(
    'INSERT INTO project_code_counter (year, last_number) VALUES (?, 1) ON DUPLICATE KEY UPDATE last_number = last_number + 1',
    [year],
  );
  const [row] = (await tx.query('SELECT last_number AS n FROM project_code_counter WHERE year = ?', [
    year,
  ])) as { n: number }[];
  return `${CODE_PREFIX}-${year}-${String(row!.n).padStart(4, '0')}`;
}

/** M7.5: in principle at most 2 projects per department per year; a third needs a stated reason. */
export const PROJECTS_PER_DEPARTMENT_PER_YEAR = 2;

async function checkQuota(
  tx: EntityManager,
  department: string,
  year: number,
  overrideReason: string | undefined,
) {
  const [row] = (await tx.query(
    'SELECT COUNT(*) AS n FROM project WHERE department_code = ? AND code LIKE ?',
    [department, `${CODE_PREFIX}-${year}-%`],
  )) as { n: string }[];
  const count = Number(row?.n ?? 0);
  if (count >= PROJECTS_PER_DEPARTMENT_PER_YEAR && !overrideReason) {
    throw new AppError(
      'conflict',
      `department ${department} has already submitted ${count} projects in ${year}; M7.5 allows ${PROJECTS_PER_DEPARTMENT_PER_YEAR} in principle — state quotaOverrideReason to submit another`,
    );
  }
}

/**
 * T27 (and T26: an upgrade builds on the earlier project's acceptance): no upgrade may be submitted
 * before the earlier project has passed final acceptance. Applies under both rule sets.
 */
export const upgradeBeforeAcceptance = (code: string, stage: string) =>
  `upgradeOf: project ${code} has not passed final acceptance (its stage is "${stage}"); an upgrade of it may be submitted only after its final acceptance (T27, T26) / 前期项目未经终验，不得申报升级改造项目`;

async function validateReferences(ds: DataSource, department: string, proposal: Proposal): Promise<void> {
  if (proposal.classified) {
    throw new AppError(
      'bad-request',
      'classified systems are not handled on this platform (M31); file them through the secrecy channel',
    );
  }
  const problems: string[] = [];
  const participants = proposal.participatingDepartments;
  if (new Set(participants).size !== participants.length)
    problems.push('participatingDepartments lists a department twice');
  if (participants.includes(department)) problems.push('the owning department cannot also be a participant');
  const codes = [department, ...participants];
  const known = new Set(
    (await ds.getRepository(DepartmentEntity).findBy(codes.map((code) => ({ code })))).map((d) => d.code),
  );
  for (const code of codes) if (!known.has(code)) problems.push(`unknown department "${code}"`);
  if (proposal.upgradeOf) {
    const earlier = await ds.getRepository(ProjectEntity).findOneBy({ code: proposal.upgradeOf });
    if (!earlier) problems.push(`upgradeOf names no project "${proposal.upgradeOf}"`);
    // final acceptance passed: accepted, and later in operation (O&M funding decided)
    else if (earlier.stage !== ProjectStage.Accepted && earlier.stage !== ProjectStage.Operation)
      problems.push(upgradeBeforeAcceptance(earlier.code, earlier.stage));
  }
  if (problems.length)
    throw new AppError('bad-request', problems.join('; '), { details: { errors: problems } });
}

export async function submitProposal(
  ds: DataSource,
  user: AuthUser,
  proposal: Proposal,
  idempotencyKey: string,
  now: Date,
): Promise<SubmitResult> {
  const department = submittingDepartment(user, proposal.departmentCode);
  const hash = proposalHash(proposal, department);
  const earlier = await ds
    .getRepository(IdempotencyKeyEntity)
    .findOneBy({ username: user.username, idemKey: idempotencyKey });
  if (earlier) return replay(ds, earlier.requestHash, hash, earlier.projectCode);
  await validateReferences(ds, department, proposal);

  try {
    const project = await ds.transaction(async (tx) => {
      const year = Number(shanghaiDateOf(now).slice(0, 4));
      // the counter row lock above serialises submissions of a year, so the quota cannot be raced
      const code = await nextProjectCode(tx, year);
      await tx.getRepository(IdempotencyKeyEntity).insert({
        username: user.username,
        idemKey: idempotencyKey,
        requestHash: hash,
        projectCode: code,
        createdAt: now,
      });
      // after the key: a same-key request that raced in is a replay (below), not one more for the quota
      await checkQuota(tx, department, year, proposal.quotaOverrideReason);
      const row: ProjectRow = {
        code,
        title: proposal.title,
        departmentCode: department,
        budgetEstimate: proposal.budgetEstimate,
        category: proposal.category,
        urgent: proposal.urgent,
        county: proposal.county,
        inDevelopmentPlan: proposal.inDevelopmentPlan,
        requestsMachineRoom: proposal.requestsMachineRoom,
        crossDepartment: proposal.participatingDepartments.length > 0,
        singleScope: proposal.singleScope,
        simpleTechnology: proposal.simpleTechnology,
        upgradeOf: proposal.upgradeOf ?? null,
        ruleSet: proposal.ruleSet,
        stage: 'proposal',
        status: 'submitted',
        planYear: null,
        processInstanceKey: null,
        submittedBy: user.username,
        createdAt: now,
        updatedAt: now,
      };
      await tx.getRepository(ProjectEntity).insert(row);
      await tx.getRepository(ProjectDepartmentEntity).insert([
        { projectCode: code, departmentCode: department, role: 'owner', createdAt: now },
        ...proposal.participatingDepartments.map((d) => ({
          projectCode: code,
          departmentCode: d,
          role: 'participant' as const,
          createdAt: now,
        })),
      ]);
      await appendAudit(tx, {
        at: now,
        actor: user.username,
        action: 'project.submit',
        entityType: 'project',
        entityId: code,
        beforeState: null,
        afterState: {
          ...row,
          participatingDepartments: proposal.participatingDepartments,
          // M7.5: an accepted override is traceable to its stated reason
          ...(proposal.quotaOverrideReason ? { quotaOverrideReason: proposal.quotaOverrideReason } : {}),
        },
      });
      await tx.getRepository(OutboxEntity).insert({
        kind: LIFECYCLE_OUTBOX_KIND,
        aggregateId: code,
        // the lifecycle's start variables: the facts its tasks' forms show
        payload: {
          projectCode: code,
          departmentCode: department,
          projectTitle: proposal.title,
          budgetEstimate: proposal.budgetEstimate,
          category: proposal.category,
          urgent: proposal.urgent,
          county: proposal.county,
          // M10.2: the document-path decision reads them with the budget
          singleScope: proposal.singleScope,
          simpleTechnology: proposal.simpleTechnology,
          // M31: refused above, so always false here; the intake's M31 check reads it all the same
          classified: proposal.classified,
          // 适用办法: T projects are reviewed under the 2020 measures (technical-review-2020)
          ruleSet: proposal.ruleSet,
          // M7.5: the department's own reason for a proposal beyond its quota, shown to the EIB officer
          ...(proposal.quotaOverrideReason ? { quotaOverrideReason: proposal.quotaOverrideReason } : {}),
        },
        createdAt: now,
        attempts: 0,
        lastError: null,
        sentAt: null,
      });
      return row;
    });
    return { project, replayed: false };
  } catch (e) {
    // the same key raced in from a parallel request: answer as its replay
    if (isDuplicateKey(e)) {
      const raced = await ds
        .getRepository(IdempotencyKeyEntity)
        .findOneBy({ username: user.username, idemKey: idempotencyKey });
      if (raced) return replay(ds, raced.requestHash, hash, raced.projectCode);
    }
    throw e;
  }
}

async function replay(
  ds: DataSource,
  earlierHash: string,
  hash: string,
  code: string,
): Promise<SubmitResult> {
  assertSameRequest(earlierHash, hash, 'proposal');
  return { project: await ds.getRepository(ProjectEntity).findOneByOrFail({ code }), replayed: true };
}

export type BindResult = 'bound' | 'already-bound' | 'bound-to-another-instance' | 'no-such-project';

/** Records the lifecycle instance on the project; idempotent, and refuses a second instance. */
export async function bindProcessInstance(
  ds: DataSource,
  code: string,
  processInstanceKey: string,
  now: Date,
): Promise<BindResult> {
  const result = await ds
    .createQueryBuilder()
    .update(ProjectEntity)
    .set({ processInstanceKey, status: 'in-process', updatedAt: now })
    .where('code = :code AND process_instance_key IS NULL', { code })
    .execute();
  if (result.affected === 1) return 'bound';
  const project = await ds.getRepository(ProjectEntity).findOneBy({ code });
  if (!project) return 'no-such-project';
  return project.processInstanceKey === processInstanceKey ? 'already-bound' : 'bound-to-another-instance';
}
