/**
 * The construction's records: periodic progress reports (M15, archived per project), the steps of
 * the M18 handling of a serious delay or a major investment loss, and how the construction ended.
 * Each is written once per recording task (its element instance key) with an audit entry on the
 * project, so the project's timeline shows it with its rule.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { appendAudit } from '../../audit';
import { endOfShanghaiDay, shanghaiDateOf } from '../../calendar/domain/local-date';
import { recordDeadline } from '../../deadlines';
import { isCalendarDate } from '../../shared/validation';
import {
  ConstructionRecordEntity,
  ProgressReportEntity,
  type ConstructionRecordKind,
  type ProgressReportRow,
} from '../data-access/construction.entities';
import { SERIOUS_DELAY_PERCENT, contractDays, seriousDelayAt } from './serious-delay';

export const PROGRESS_RULE = 'M15';
export const SERIOUS_DELAY_RULE = 'M18';

/** The task execution that records: its keys make the record idempotent and traceable. */
export interface RecordingTask {
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
}

/** Inserts unless the task's row exists; true when this call wrote it (then, and only then, audit). */
async function insertOnce<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  values: Partial<T>,
): Promise<boolean> {
  const result = await tx
    .getRepository(entity)
    .createQueryBuilder()
    .insert()
    .values(values as never)
    .orIgnore()
    .execute();
  return (result.raw as { affectedRows?: number }).affectedRows === 1;
}

/** M18: computes the serious-delay instant and records it as the project's deadline (timeline). */
export async function scheduleSeriousDelay(
  ds: DataSource,
  input: { projectCode: string; contractStart: string; contractEnd: string },
  task: RecordingTask,
  now: Date,
): Promise<Date> {
  const dueAt = seriousDelayAt(input.contractStart, input.contractEnd);
  await recordDeadline(
    ds,
    {
      ...task,
      projectCode: input.projectCode,
      ruleId: SERIOUS_DELAY_RULE,
      rule: {
        contractDays: contractDays(input.contractStart, input.contractEnd),
        overrunPercent: SERIOUS_DELAY_PERCENT,
      },
      startAt: endOfShanghaiDay(input.contractEnd),
      dueAt,
      dueDate: shanghaiDateOf(dueAt),
      provisional: false,
    },
    now,
  );
  return dueAt;
}

export interface ProgressReportInput {
  projectCode: string;
  progressPercent: number;
  summary: string;
  issues: string | null;
  majorInvestmentLoss: boolean;
}

/** Why a progress report cannot be archived (Chinese), or an empty list. */
export function progressReportProblems(r: ProgressReportInput): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(r.progressPercent) || r.progressPercent < 0 || r.progressPercent > 100)
    problems.push(`形象进度须在0%至100%之间，而不是 ${r.progressPercent}%`);
  else if (Math.round(r.progressPercent * 100) !== r.progressPercent * 100)
    problems.push('形象进度最多保留两位小数');
  if (r.summary.trim().length < 4) problems.push('请填写进度情况（至少4个字）');
  if (r.majorInvestmentLoss && !r.issues?.trim())
    problems.push('报告重大投资损失时，须在“存在问题”中说明损失情况（M18）');
  return problems;
}

/** M15: archives a progress report once per task execution; refused reports change nothing. */
export async function recordProgressReport(
  ds: DataSource,
  r: ProgressReportInput,
  task: RecordingTask,
  actor: string,
  now: Date,
): Promise<{ problems: string[]; report?: ProgressReportRow }> {
  const problems = progressReportProblems(r);
  if (problems.length > 0) return { problems };
  return ds.transaction(async (tx) => {
    const row = {
      projectCode: r.projectCode,
      elementInstanceKey: task.elementInstanceKey,
      progressPercent: r.progressPercent.toFixed(2),
      summary: r.summary.trim(),
      issues: r.issues?.trim() || null,
      majorInvestmentLoss: r.majorInvestmentLoss,
      reportedAt: now,
    };
    if (await insertOnce(tx, ProgressReportEntity, row))
      await appendAudit(tx, {
        at: now,
        actor,
        action: 'project.construction.progress-reported',
        entityType: 'project',
        entityId: r.projectCode,
        beforeState: null,
        afterState: {
          rule: PROGRESS_RULE,
          progressPercent: row.progressPercent,
          majorInvestmentLoss: row.majorInvestmentLoss,
          reason: `形象进度 ${row.progressPercent}%：${row.summary}${row.issues ? `；存在问题：${row.issues}` : ''}`,
        },
      });
    const report = await tx
      .getRepository(ProgressReportEntity)
      .findOneByOrFail({ elementInstanceKey: task.elementInstanceKey });
    return { problems: [], report };
  });
}

/** The archive of a project's progress reports, oldest first (M15). */
export function progressReportsOf(ds: DataSource, projectCode: string): Promise<ProgressReportRow[]> {
  return ds.getRepository(ProgressReportEntity).find({ where: { projectCode }, order: { id: 'ASC' } });
}

/** M18 sanctions after a rectification that failed or was not made in time. */
export const SANCTIONS = {
  'circulated-criticism': '通报批评',
  'suspended-investment-plan': '暂停投资计划',
  'suspended-construction': '暂停建设',
  termination: '终止项目',
} as const;
export type Sanction = keyof typeof SANCTIONS;

/** Why a rectification order's deadline is unusable (Chinese): it must be a date after today. */
export function rectificationDueProblem(dueDate: string, now: Date): string | undefined {
  if (!isCalendarDate(dueDate)) return `整改期限“${dueDate}”不是有效日期（YYYY-MM-DD）`;
  if (dueDate <= shanghaiDateOf(now)) return `整改期限（${dueDate}）须晚于今天（${shanghaiDateOf(now)}）`;
  return undefined;
}

export interface ConstructionRecordInput {
  projectCode: string;
  kind: ConstructionRecordKind;
  /** what the timeline shows beside the rule */
  reason: string;
  details: Record<string, unknown>;
  rule: typeof PROGRESS_RULE | typeof SERIOUS_DELAY_RULE;
  /** a deadline the step sets (a rectification order's), recorded for the timeline */
  deadline?: { startAt: Date; dueAt: Date; rule: Record<string, number | boolean> };
}

/** Records a step of the construction once per task execution, with its audit entry (and deadline). */
export async function recordConstructionStep(
  ds: DataSource,
  input: ConstructionRecordInput,
  task: RecordingTask,
  actor: string,
  now: Date,
): Promise<void> {
  await ds.transaction(async (tx) => {
    const written = await insertOnce(tx, ConstructionRecordEntity, {
      projectCode: input.projectCode,
      elementInstanceKey: task.elementInstanceKey,
      kind: input.kind,
      details: { ...input.details, reason: input.reason },
      recordedAt: now,
    });
    if (!written) return;
    await appendAudit(tx, {
      at: now,
      actor,
      action: `project.construction.${input.kind}`,
      entityType: 'project',
      entityId: input.projectCode,
      beforeState: null,
      afterState: { rule: input.rule, ...input.details, reason: input.reason },
    });
  });
  if (input.deadline)
    await recordDeadline(
      ds,
      {
        ...task,
        projectCode: input.projectCode,
        ruleId: input.rule,
        rule: input.deadline.rule,
        startAt: input.deadline.startAt,
        dueAt: input.deadline.dueAt,
        dueDate: shanghaiDateOf(input.deadline.dueAt),
        provisional: false,
      },
      now,
    );
}
