/**
 * The MLPS (等保) record of a system (M24.1/M24.2), written by the `mlps-testing` process: the
 * year's test (the builder's first, then unified, or the department's own when not admitted), the
 * rectification report of a failed test, the CAC's check of it, or that the check was missed.
 * Every write is idempotent (a redelivered job changes nothing twice) and leaves an audit entry on
 * the project, so the project's timeline shows it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar';
import { yearOf } from '../../calendar/domain/local-date';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import { MlpsRecordEntity, type MlpsRecordRow, type MlpsTestKind } from '../data-access/mlps-record.entity';
import { departmentMlpsStanding } from './standing';

/** The rule behind each kind of test: the builder's first test is M24.2, the yearly ones M24.1. */
export const ruleOfTest = (kind: MlpsTestKind) => (kind === 'builder' ? 'M24.2' : 'M24.1');

const KIND_LABEL: Record<MlpsTestKind, string> = {
  builder: '建设单位首次测评',
  unified: '统一测评',
  self: '部门自行测评',
};

export interface TestResult {
  projectCode: string;
  departmentCode: string;
  systemTitle: string;
  kind: MlpsTestKind;
  /** the testing year; the builder's test takes the year of its report date */
  year: number | null;
  level: 2 | 3;
  testPassed: boolean;
  tester: string;
  reportDate: string;
  notAdmittedReason: string | null;
  processInstanceKey: string;
  now: Date;
}

async function audit(
  tx: EntityManager,
  row: MlpsRecordRow,
  action: string,
  rule: string,
  now: Date,
  after: Record<string, unknown>,
) {
  await appendAudit(tx, {
    at: now,
    actor: 'process',
    action,
    entityType: 'project',
    entityId: row.projectCode,
    beforeState: null,
    afterState: { rule, year: row.year, kind: row.kind, ...after },
  });
}

/**
 * Records the year's test result. Refused (bad-request, Chinese: shown on the task) when the
 * report is dated after today; conflict when the
 * system already has that year from another instance. A redelivery answers the recorded row.
 */
export async function recordTestResult(ds: DataSource, t: TestResult): Promise<MlpsRecordRow> {
  if (t.reportDate > shanghaiDateOf(t.now))
    throw new AppError(
      'bad-request',
      `${KIND_LABEL[t.kind]}报告日期 ${t.reportDate} 晚于今天，请在取得测评报告后再登记。`,
    );
  const year = t.kind === 'builder' ? yearOf(t.reportDate) : t.year;
  // a model that does not pass the year: an incident, not a refusal shown to the officer
  if (year === null) throw new Error(`mlpsYear is required for a ${t.kind} test`);
  const repo = ds.getRepository(MlpsRecordEntity);
  const existing = await repo.findOneBy({ projectCode: t.projectCode, year });
  if (existing) return sameInstance(existing, t.processInstanceKey);
  try {
    return await ds.transaction(async (tx) => {
      const row: Omit<MlpsRecordRow, 'id'> = {
        projectCode: t.projectCode,
        departmentCode: t.departmentCode,
        systemTitle: t.systemTitle,
        year,
        kind: t.kind,
        level: t.level,
        testPassed: t.testPassed,
        tester: t.tester,
        reportDate: t.reportDate,
        notAdmittedReason: t.notAdmittedReason,
        testedAt: t.now,
        rectificationSummary: null,
        rectificationReportedAt: null,
        checkDueAt: null,
        checkMissedAt: null,
        checkPassed: null,
        checkOpinion: null,
        checkedAt: null,
        processInstanceKey: t.processInstanceKey,
      };
      await tx.getRepository(MlpsRecordEntity).insert(row);
      const saved = await tx
        .getRepository(MlpsRecordEntity)
        .findOneByOrFail({ projectCode: t.projectCode, year });
      await audit(tx, saved, 'mlps.test', ruleOfTest(t.kind), t.now, {
        level: t.level,
        testPassed: t.testPassed,
        tester: t.tester,
        reportDate: t.reportDate,
        reason: t.notAdmittedReason,
      });
      return saved;
    });
  } catch (e) {
    const raced = isDuplicateKey(e) ? await repo.findOneBy({ projectCode: t.projectCode, year }) : null;
    if (raced) return sameInstance(raced, t.processInstanceKey);
    throw e;
  }
}

function sameInstance(row: MlpsRecordRow, processInstanceKey: string): MlpsRecordRow {
  if (row.processInstanceKey !== processInstanceKey)
    throw new AppError(
      'conflict',
      `system ${row.projectCode} already has its ${row.year} MLPS test from process instance ${row.processInstanceKey}`,
    );
  return row;
}

/** Runs `change` on the year's record under a row lock; not-found when the year has no test. */
async function withRecord<T>(
  ds: DataSource,
  projectCode: string,
  year: number,
  change: (tx: EntityManager, row: MlpsRecordRow) => Promise<T>,
): Promise<T> {
  return ds.transaction(async (tx) => {
    const row = await tx
      .getRepository(MlpsRecordEntity)
      .findOne({ where: { projectCode, year }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new AppError('not-found', `system ${projectCode} has no MLPS test for ${year}`);
    return change(tx, row);
  });
}

const reread = (tx: EntityManager, row: MlpsRecordRow) =>
  tx.getRepository(MlpsRecordEntity).findOneByOrFail({ id: row.id });

/** The department reported the rectification of a failed test; the CAC's check is due at `checkDueAt` (M24.1). */
export async function recordRectification(
  ds: DataSource,
  r: { projectCode: string; year: number; summary: string; checkDueAt: Date; now: Date },
): Promise<MlpsRecordRow> {
  return withRecord(ds, r.projectCode, r.year, async (tx, row) => {
    if (row.rectificationReportedAt) return row;
    if (row.testPassed)
      throw new AppError(
        'conflict',
        `the ${row.year} MLPS test of ${row.projectCode} passed: nothing to rectify`,
      );
    const change = {
      rectificationSummary: r.summary,
      rectificationReportedAt: r.now,
      checkDueAt: r.checkDueAt,
    };
    await tx.getRepository(MlpsRecordEntity).update({ id: row.id }, change);
    await audit(tx, row, 'mlps.rectification', 'M24.1', r.now, {
      rectificationSummary: r.summary,
      checkDueAt: r.checkDueAt.toISOString(),
    });
    return reread(tx, row);
  });
}

/** The check deadline passed without the CAC's check (the engine's timer): recorded once, unless checked. */
export async function recordCheckMissing(
  ds: DataSource,
  m: { projectCode: string; year: number; now: Date },
): Promise<MlpsRecordRow> {
  return withRecord(ds, m.projectCode, m.year, async (tx, row) => {
    if (row.checkMissedAt || row.checkedAt) return row;
    if (!row.rectificationReportedAt)
      throw new AppError('conflict', `no rectification of ${row.projectCode} ${row.year} awaits a check`);
    await tx.getRepository(MlpsRecordEntity).update({ id: row.id }, { checkMissedAt: m.now });
    await audit(tx, row, 'mlps.check-missing', 'M24.1', m.now, {
      checkDueAt: row.checkDueAt?.toISOString() ?? null,
      reason: '市委网信办未在整改报告提交后5个工作日内完成监督检查',
    });
    return reread(tx, row);
  });
}

/** The CAC checked the rectification: passed or failed, with its opinion; late when after the due instant. */
export async function recordCheck(
  ds: DataSource,
  c: { projectCode: string; year: number; checkPassed: boolean; opinion: string; now: Date },
): Promise<{ record: MlpsRecordRow; late: boolean }> {
  return withRecord(ds, c.projectCode, c.year, async (tx, row) => {
    const lateAt = (at: Date) =>
      row.checkMissedAt !== null || (row.checkDueAt !== null && at > row.checkDueAt);
    if (row.checkedAt) return { record: row, late: lateAt(row.checkedAt) };
    if (!row.rectificationReportedAt)
      throw new AppError('conflict', `no rectification of ${row.projectCode} ${row.year} awaits a check`);
    const late = lateAt(c.now);
    const change = { checkPassed: c.checkPassed, checkOpinion: c.opinion, checkedAt: c.now };
    await tx.getRepository(MlpsRecordEntity).update({ id: row.id }, change);
    await audit(tx, row, 'mlps.check', 'M24.1', c.now, {
      checkPassed: c.checkPassed,
      checkOpinion: c.opinion,
      late,
      reason: c.checkPassed ? null : c.opinion,
    });
    return { record: await reread(tx, row), late };
  });
}

export interface Admission {
  admitted: boolean;
  /** Chinese, when not admitted */
  reason: string | null;
}

/**
 * M24.1: the department is admitted to the year's unified testing unless its MLPS standing is a
 * failed or missing CAC check; then the system tests itself. Recorded on the project once per
 * element instance (a redelivered job answers the same).
 */
export async function unifiedTestingAdmission(
  ds: DataSource,
  a: { projectCode: string; departmentCode: string; year: number; elementInstanceKey: string; now: Date },
): Promise<Admission> {
  const recorded = (await ds.query(
    `SELECT after_state AS s FROM audit_log WHERE entity_type = 'project' AND entity_id = ? AND action = 'mlps.admission'
       AND JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.elementInstanceKey')) = ? LIMIT 1`,
    [a.projectCode, a.elementInstanceKey],
  )) as { s: string | { admitted: boolean; reason: string | null } }[];
  if (recorded[0]) {
    const s = typeof recorded[0].s === 'string' ? JSON.parse(recorded[0].s) : recorded[0].s;
    return { admitted: s.admitted, reason: s.reason };
  }
  const standing = await departmentMlpsStanding(ds, a.departmentCode, a.now);
  const admission: Admission =
    standing.status === 'failed' || standing.status === 'check-missing'
      ? {
          admitted: false,
          reason: `本部门网络安全等级保护整改${standing.status === 'failed' ? '监督检查未通过' : '未完成监督检查'}（${standing.detail}），依据第二十四条不纳入${a.year}年度统一测评，须自行开展等级保护测评。`,
        }
      : { admitted: true, reason: null };
  await ds.transaction((tx) =>
    appendAudit(tx, {
      at: a.now,
      actor: 'process',
      action: 'mlps.admission',
      entityType: 'project',
      entityId: a.projectCode,
      beforeState: null,
      afterState: { rule: 'M24.1', year: a.year, ...admission, elementInstanceKey: a.elementInstanceKey },
    }),
  );
  return admission;
}

/** The MLPS records of a system, oldest year first. */
export const mlpsRecordsOf = (ds: DataSource, projectCode: string) =>
  ds.getRepository(MlpsRecordEntity).find({ where: { projectCode }, order: { year: 'ASC' } });
