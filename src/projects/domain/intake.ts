/**
 * The intake of a submitted proposal (M31, M8, M24.1, M6, M7.5, M9) and the stage changes of the
 * lifecycle, as domain functions the workers call. Each check answers passed, or refused with the
 * rule and a Chinese reason the department reads in its project's timeline.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../../audit';
import { departmentMlpsStanding } from '../../mlps';
import { AppError } from '../../shared/errors';
import { ProjectDepartmentEntity, ProjectEntity, type ProjectRow } from '../data-access/project.entities';
import { ProjectStage } from './stages';

export const IntakeCheck = {
  Classified: 'classified',
  MachineRoom: 'machine-room',
  Mlps: 'mlps',
  DevelopmentPlan: 'development-plan',
  Quota: 'quota',
  JointFramework: 'joint-framework',
} as const;
export type IntakeCheck = (typeof IntakeCheck)[keyof typeof IntakeCheck];

/** The rule each check enforces. */
export const intakeCheckRule: Record<IntakeCheck, string> = {
  classified: 'M31',
  'machine-room': 'M8',
  mlps: 'M24.1',
  'development-plan': 'M6',
  quota: 'M7.5',
  'joint-framework': 'M9',
};

export interface IntakeCheckResult {
  passed: boolean;
  rule: string;
  /** Chinese; set when the check did not pass (a refusal, or the reason a decision is needed) */
  reason: string | null;
  /** facts the following steps need (quota: the ordinal; joint framework: the participants) */
  facts: Record<string, unknown>;
}

/**
 * The MLPS (等保, M24.1) standing of a department from the MLPS records of its systems: a failed
 * CAC check, or a rectification report whose check is missing past its 5-working-day deadline,
 * blocks its new proposals (the detail names the system and year); otherwise the latest passed
 * year, or no record (a department without tested systems is not blocked).
 */
export type MlpsStanding =
  | { status: 'no-record' }
  | { status: 'passed'; year: number }
  | { status: 'failed' | 'check-missing'; year: number; detail: string };

export async function mlpsStandingOf(
  ds: DataSource,
  departmentCode: string,
  now: Date,
): Promise<MlpsStanding> {
  return departmentMlpsStanding(ds, departmentCode, now);
}

async function projectOrFail(ds: DataSource | EntityManager, code: string): Promise<ProjectRow> {
  const project = await ds.getRepository(ProjectEntity).findOneBy({ code });
  if (!project) throw new AppError('not-found', `no project ${code} in the registry`);
  return project;
}

/**
 * M7.5: the position of this proposal among its department's proposals of the year it was
 * submitted in — the same count the API's quota check makes at submission (every project of the
 * department whose code carries that year), so both agree which proposal is the third.
 */
export async function departmentProposalOrdinal(ds: DataSource, code: string): Promise<number> {
  const project = await projectOrFail(ds, code);
  // LS-2026-0003 → every code LS-2026-… up to this one
  const yearPrefix = code.slice(0, code.lastIndexOf('-'));
  const [row] = (await ds.query(
    'SELECT COUNT(*) AS n FROM project WHERE department_code = ? AND code LIKE ? AND code <= ?',
    [project.departmentCode, `${yearPrefix}-%`, code],
  )) as { n: string }[];
  return Number(row?.n ?? 0);
}

/** `now`: the workers' clock (the broker's in tests); an MLPS check is overdue against it. */
export async function runIntakeCheck(
  ds: DataSource,
  code: string,
  check: IntakeCheck,
  now: Date,
  input: { classified?: boolean } = {},
): Promise<IntakeCheckResult> {
  const rule = intakeCheckRule[check];
  const project = await projectOrFail(ds, code);
  const pass = (facts: Record<string, unknown> = {}) => ({ passed: true, rule, reason: null, facts });
  const stop = (reason: string, facts: Record<string, unknown> = {}) => ({
    passed: false,
    rule,
    reason,
    facts,
  });
  switch (check) {
    case 'classified':
      if (input.classified === undefined)
        throw new AppError('bad-request', 'classified is required for the M31 check');
      return input.classified
        ? stop('涉密信息系统不在本平台办理（第三十一条），请按涉密信息系统相关规定报送。')
        : pass();
    case 'machine-room':
      return project.requestsMachineRoom
        ? stop(
            '项目申请新建或改扩建信息化机房。依据第八条，各部门不得新建、改扩建信息化机房，非涉密业务系统应依托政务机房、政务云、政务网络等现有基础设施建设。',
          )
        : pass();
    case 'mlps': {
      const standing = await mlpsStandingOf(ds, project.departmentCode, now);
      if (standing.status === 'failed' || standing.status === 'check-missing') {
        return stop(
          `本部门${standing.year}年网络安全等级保护整改${standing.status === 'failed' ? '监督检查未通过' : '未完成监督检查'}（${standing.detail}）。依据第二十四条，检查结果是项目申报的先决条件。`,
        );
      }
      return pass({ mlpsStatus: standing.status });
    }
    case 'development-plan':
      return project.inDevelopmentPlan
        ? pass()
        : stop('项目未纳入市信息化中长期发展规划或实施方案，依据第六条须经评估论证后报市人民政府批准。');
    case 'quota': {
      const ordinal = await departmentProposalOrdinal(ds, code);
      return pass({ departmentProposalOrdinal: ordinal });
    }
    case 'joint-framework': {
      const participants = (
        await ds.getRepository(ProjectDepartmentEntity).find({
          where: { projectCode: code, role: 'participant' },
          order: { departmentCode: 'ASC' },
        })
      ).map((p) => p.departmentCode);
      return pass({ participatingDepartments: participants });
    }
  }
}

export interface StageChange {
  stage: ProjectStage;
  /** Chinese: why (a refusal, the pre-review's reasons, a withdrawal) */
  reason?: string | null;
  rule?: string | null;
  planYear?: number | null;
  round?: number | null;
  /** the BPMN element instance that made the change: a redelivered job changes nothing twice */
  elementInstanceKey: string;
  now: Date;
}

const STAGES_NEEDING_A_REASON: readonly string[] = [
  ProjectStage.Refused,
  ProjectStage.Revising,
  ProjectStage.Withdrawn,
  ProjectStage.ExcludedFromPlan,
];

async function alreadyRecorded(tx: EntityManager, code: string, action: string, key: string) {
  const rows = (await tx.query(
    `SELECT 1 FROM audit_log WHERE entity_type = 'project' AND entity_id = ? AND action = ?
       AND JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.elementInstanceKey')) = ? LIMIT 1`,
    [code, action, key],
  )) as unknown[];
  return rows.length > 0;
}

/** Records a stage of the lifecycle on the project with an audit entry (its timeline); idempotent. */
export async function setProjectStage(
  ds: DataSource,
  code: string,
  change: StageChange,
): Promise<ProjectRow> {
  if (!Object.values(ProjectStage).includes(change.stage))
    throw new AppError('bad-request', `stage "${change.stage}" is not a project stage`);
  if (STAGES_NEEDING_A_REASON.includes(change.stage) && !change.reason?.trim())
    throw new AppError('bad-request', `stageReason is required for stage ${change.stage}`);
  if (change.stage === ProjectStage.AwaitingAnnualPlan && !change.planYear)
    throw new AppError('bad-request', `planYear is required for stage ${change.stage}`);
  return ds.transaction(async (tx) => {
    const before = await projectOrFail(tx, code);
    if (await alreadyRecorded(tx, code, 'project.stage', change.elementInstanceKey)) return before;
    const planYear = change.planYear ?? before.planYear;
    await tx
      .getRepository(ProjectEntity)
      .update({ code }, { stage: change.stage, planYear, updatedAt: change.now });
    await appendAudit(tx, {
      at: change.now,
      actor: 'process',
      action: 'project.stage',
      entityType: 'project',
      entityId: code,
      beforeState: { stage: before.stage, planYear: before.planYear },
      afterState: {
        stage: change.stage,
        planYear,
        reason: change.reason ?? null,
        rule: change.rule ?? null,
        round: change.round ?? null,
        elementInstanceKey: change.elementInstanceKey,
      },
    });
    return { ...before, stage: change.stage, planYear, updatedAt: change.now };
  });
}

/** Records a decision taken in a user task in the project's timeline; idempotent per element instance. */
export async function recordProjectDecision(
  ds: DataSource,
  code: string,
  decision: {
    kind: string;
    rule: string;
    passed: boolean;
    refusalReason: string | null;
    detail: Record<string, unknown>;
  },
  elementInstanceKey: string,
  now: Date,
): Promise<void> {
  await ds.transaction(async (tx) => {
    await projectOrFail(tx, code);
    const action = `project.decision.${decision.kind}`.slice(0, 64);
    if (await alreadyRecorded(tx, code, action, elementInstanceKey)) return;
    await appendAudit(tx, {
      at: now,
      actor: 'process',
      action,
      entityType: 'project',
      entityId: code,
      beforeState: null,
      afterState: {
        rule: decision.rule,
        passed: decision.passed,
        refusalReason: decision.refusalReason,
        ...decision.detail,
        elementInstanceKey,
      },
    });
  });
}
