import type { DataSource } from 'typeorm';
import { shanghaiDateOf } from '../../src/calendar';
import { MlpsRecordEntity } from '../../src/mlps';
import { DepartmentEntity } from '../../src/organisations/data-access/organisation.entities';
import {
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  uniqueProjectCode,
  workerDeps,
} from '../../src/shared/testing';
import { Role } from '../../src/users';
import { runOnce } from '../runtime/testing';
import { projectIntakeCheckWorker } from '.';

const DAY = 86_400_000;

describe('project.intake-check (mlps, M24.1)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(() => ds.destroy());

  /** A department of the test's own whose system's rectification check is due at `checkDueAt` (reported, not checked), and a new proposal of it. */
  async function proposalOfDepartmentAwaitingCheck(checkDueAt: Date) {
    const code = `iic-${Date.now().toString(36)}`;
    await ds
      .getRepository(DepartmentEntity)
      .insert({ code, name: `受理审查测试部门 ${code}`, isCounty: false });
    const reportedAt = new Date(checkDueAt.getTime() - 7 * DAY);
    await ds.getRepository(MlpsRecordEntity).insert({
      projectCode: uniqueProjectCode(),
      departmentCode: code,
      systemTitle: '网格化社会治理平台',
      year: Number(shanghaiDateOf(reportedAt).slice(0, 4)),
      kind: 'builder',
      level: 2,
      testPassed: false,
      tester: '某某网络安全测评中心',
      reportDate: shanghaiDateOf(reportedAt),
      notAdmittedReason: null,
      testedAt: reportedAt,
      rectificationSummary: '已修复高危漏洞',
      rectificationReportedAt: reportedAt,
      checkDueAt,
      checkMissedAt: null,
      checkPassed: null,
      checkOpinion: null,
      checkedAt: null,
      processInstanceKey: '2251799813700100',
    });
    const auth = await signedIn(ds, `app-${code}`, [Role.DepartmentApplicant], { departmentCode: code });
    return submittedProject(testApp(ds), auth, { title: '社区服务系统' });
  }

  /** The intake's MLPS check of `projectCode` by the worker whose clock reads `now`. */
  const intakeAt = async (projectCode: string, now: Date) =>
    (
      await runOnce(
        projectIntakeCheckWorker,
        { projectCode },
        workerDeps(ds, () => now),
        {
          headers: { check: 'mlps' },
        },
      )
    ).arg;

  it("given a check due 30 days after the wall clock, when the worker's clock is past it, then the proposal is refused (at the wall clock it would pass); a minute before, it passes", async () => {
    // given a rectification whose CAC check is due well after the wall clock: not overdue by it
    const checkDueAt = new Date(Date.now() + 30 * DAY);
    const proposal = await proposalOfDepartmentAwaitingCheck(checkDueAt);

    // when the worker's (controlled) clock is a minute past the due instant
    const late = await intakeAt(proposal, new Date(checkDueAt.getTime() + 60_000));

    // then the check is missing at that time: the proposal is refused under M24.1, naming the system
    expect(late).toMatchObject({ checkPassed: false, refusalRule: 'M24.1' });
    expect(late.refusalReason).toContain('未完成监督检查');
    expect(late.refusalReason).toContain('网格化社会治理平台');

    // positive control: a minute before the due instant, the same department is not blocked
    expect(await intakeAt(proposal, new Date(checkDueAt.getTime() - 60_000))).toMatchObject({
      checkPassed: true,
      refusalReason: null,
    });
  });
});
