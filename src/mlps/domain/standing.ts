/**
 * The MLPS (等保) standing of a department (M24.1): the CAC's check of a rectification is a
 * precondition for the next year's unified testing and for the department's new proposals. Each
 * system (project) counts with its latest testing year: a failed check, or a rectification report
 * whose check is missing past its 5-working-day deadline, blocks the whole department.
 */
import type { DataSource } from 'typeorm';
import { shanghaiDateOf } from '../../calendar';
import { MlpsRecordEntity, type MlpsRecordRow } from '../data-access/mlps-record.entity';

/** Where one testing year of a system stands. */
export type MlpsRecordState =
  /** the test passed, or its rectification passed the CAC check */
  | 'passed'
  /** the test failed; the rectification is not reported yet or its check is not yet due */
  | 'in-rectification'
  /** the CAC check of the rectification failed */
  | 'failed'
  /** the rectification was reported and its check deadline passed without a check */
  | 'check-missing';

export type DepartmentMlpsStanding =
  | { status: 'no-record' }
  | { status: 'passed'; year: number }
  | { status: 'failed' | 'check-missing'; year: number; detail: string };

type StandingFacts = Pick<
  MlpsRecordRow,
  | 'projectCode'
  | 'systemTitle'
  | 'year'
  | 'testPassed'
  | 'rectificationReportedAt'
  | 'checkDueAt'
  | 'checkMissedAt'
  | 'checkPassed'
  | 'checkOpinion'
>;

/** The state of one record at `now`: the engine's missed-check timer, or the due instant passed, makes a check missing. */
export function mlpsRecordState(r: StandingFacts, now: Date): MlpsRecordState {
  if (r.testPassed || r.checkPassed === true) return 'passed';
  if (r.checkPassed === false) return 'failed';
  const overdue = r.checkDueAt !== null && now.getTime() > r.checkDueAt.getTime();
  if (r.rectificationReportedAt && (r.checkMissedAt !== null || overdue)) return 'check-missing';
  return 'in-rectification';
}

/** Chinese: the system and year a blocking standing comes from (shown in the intake refusal). */
function blockingDetail(r: StandingFacts, state: 'failed' | 'check-missing'): string {
  const system = `系统“${r.systemTitle}”（${r.projectCode}）${r.year}年等保测评未通过`;
  if (state === 'failed')
    return `${system}，整改后经市委网信办监督检查未通过${r.checkOpinion ? `：${r.checkOpinion}` : ''}`;
  return `${system}，整改报告已于${shanghaiDateOf(r.rectificationReportedAt!)}提交，市委网信办监督检查应于${shanghaiDateOf(r.checkDueAt!)}前完成，至今未完成`;
}

/**
 * The department's standing from the records of its systems: each system counts with its latest
 * year; a blocking one (the latest year first, then the project code) decides; otherwise the latest
 * passed year; a failed test still in rectification neither blocks nor passes.
 */
export function departmentStandingOf(records: readonly StandingFacts[], now: Date): DepartmentMlpsStanding {
  const latest = new Map<string, StandingFacts>();
  for (const r of records) {
    const seen = latest.get(r.projectCode);
    if (!seen || r.year > seen.year) latest.set(r.projectCode, r);
  }
  const systems = [...latest.values()]
    .map((r) => ({ r, state: mlpsRecordState(r, now) }))
    .sort((a, b) => b.r.year - a.r.year || a.r.projectCode.localeCompare(b.r.projectCode));
  const blocking = systems.find((s) => s.state === 'failed' || s.state === 'check-missing');
  if (blocking) {
    const state = blocking.state as 'failed' | 'check-missing';
    return { status: state, year: blocking.r.year, detail: blockingDetail(blocking.r, state) };
  }
  const passed = systems.find((s) => s.state === 'passed');
  return passed ? { status: 'passed', year: passed.r.year } : { status: 'no-record' };
}

/** The department's standing as recorded now (intake check M24.1, admission to unified testing). */
export async function departmentMlpsStanding(
  ds: DataSource,
  departmentCode: string,
  now: Date,
): Promise<DepartmentMlpsStanding> {
  const records = await ds.getRepository(MlpsRecordEntity).findBy({ departmentCode });
  return departmentStandingOf(records, now);
}
