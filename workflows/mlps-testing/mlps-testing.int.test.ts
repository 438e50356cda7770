/**
 * `mlps-testing` (M24.1/M24.2) on the real broker with the controlled clock and its workers,
 * started as the lifecycle does (mlps.start-testing, idempotent): the builder's first test, a
 * failed test's rectification whose CAC check is missed after 5 working days (breach, standing
 * check-missing, a new proposal of the department refused at intake; a passed check unblocks), and
 * the next year's unified testing refused to a department whose check failed. Every department is
 * the test's own, so no other suite's intake sees its MLPS standing. Dates follow the broker's clock.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { CalendarService, computeDeadline } from '../../src/calendar';
import { addDays, addMonths, shanghaiDateOf, yearOf } from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { MlpsRecordEntity, unifiedTestingOf, type MlpsRecordRow } from '../../src/mlps';
import { DepartmentEntity } from '../../src/organisations/data-access/organisation.entities';
import { mlpsStandingOf } from '../../src/projects';
import { MessageName, ProcessId } from '../../src/shared/bpmn';
import { camundaMessaging } from '../../src/sessions';
import {
  eventually,
  deployFolder,
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  testCamunda,
  testConfig,
  workerDeps,
} from '../../src/shared/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';
import { userTasks, type OpenUserTask } from '../../src/shared/testing/user-tasks';
import { Role } from '../../src/users';
import { deadlineComputeWorker } from '../../workers/deadline-compute';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { mlpsCheckAdmissionWorker } from '../../workers/mlps-check-admission';
import { mlpsRecordCheckWorker } from '../../workers/mlps-record-check';
import { mlpsRecordCheckMissingWorker } from '../../workers/mlps-record-check-missing';
import { mlpsRecordRectificationWorker } from '../../workers/mlps-record-rectification';
import { mlpsRecordTestWorker } from '../../workers/mlps-record-test';
import { mlpsScheduleUnifiedTestingWorker } from '../../workers/mlps-schedule-unified-testing';
import { mlpsStartTestingWorker } from '../../workers/mlps-start-testing';
import { projectIntakeCheckWorker } from '../../workers/project-intake-check';
import { runOnce, testWorkers } from '../../workers/runtime/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mlps-testing process (M24.1/M24.2)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  const messaging = camundaMessaging(camunda.zeebe, camunda.addresses.rest);
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let seq = 0;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds, { now: time.now });
    await deployFolder(camunda, __dirname);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  const deps = (now: () => Date) => ({ ...workerDeps(ds, now), messaging });
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [
      deadlineComputeWorker,
      deadlineRecordBreachWorker,
      mlpsRecordTestWorker,
      mlpsRecordRectificationWorker,
      mlpsRecordCheckWorker,
      mlpsRecordCheckMissingWorker,
      mlpsScheduleUnifiedTestingWorker,
      mlpsCheckAdmissionWorker,
    ],
    deps,
  );
  beforeEach(workers.start);
  afterEach(workers.stop);

  const today = () => shanghaiDateOf(time.now());

  /** A department of the test's own and an applicant of it. */
  async function department() {
    seq += 1;
    const code = `itm-${Date.now().toString(36)}-${seq}`;
    await ds.getRepository(DepartmentEntity).insert({ code, name: `等保测试部门 ${code}`, isCounty: false });
    return {
      code,
      auth: await signedIn(ds, `app-${code}`, [Role.DepartmentApplicant], { departmentCode: code }),
    };
  }
  /** A system (an accepted project) of the department, and its MLPS testing started as the lifecycle does. */
  async function system(dept: { code: string; auth: string }, title: string) {
    const code = await submittedProject(app, dept.auth, { title });
    const start = () =>
      runOnce(
        mlpsStartTestingWorker,
        { projectCode: code, departmentCode: dept.code, projectTitle: title, finalAcceptanceDate: today() },
        deps(time.now),
      );
    // a second start (a retried job, a second call) starts nothing more
    expect(await start()).toEqual({ action: 'complete', arg: { mlpsTestingStarted: 'published' } });
    expect(await start()).toEqual({ action: 'complete', arg: { mlpsTestingStarted: 'already-published' } });
    return code;
  }
  /** The MLPS intake check (M24.1) of a new proposal, through its worker. */
  const intake = async (proposal: string) =>
    (
      await runOnce(projectIntakeCheckWorker, { projectCode: proposal }, deps(time.now), {
        headers: { check: 'mlps' },
      })
    ).arg as { checkPassed: boolean; refusalRule: string | null; refusalReason: string | null };
  /** The open task `elementId` of the system, other than `not` (a completed one may still be listed a moment). */
  async function task(code: string, elementId: string, not?: string): Promise<OpenUserTask> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const open = (await tasks.openTasks(code)).find(
        (t) => t.elementId === elementId && t.userTaskKey !== not,
      );
      if (open) return open;
      if (Date.now() > deadline) throw new Error(`no open ${elementId} for ${code}`);
      await sleep(300);
    }
  }
  /** The system's MLPS record for which `ready` holds (the workers write asynchronously). */
  async function record(code: string, ready: (r: MlpsRecordRow) => boolean): Promise<MlpsRecordRow> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows = await ds
        .getRepository(MlpsRecordEntity)
        .find({ where: { projectCode: code }, order: { year: 'DESC' } });
      const found = rows.find(ready);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no MLPS record of ${code} as expected: ${JSON.stringify(rows)}`);
      await sleep(300);
    }
  }
  const result = (overrides: object = {}) => ({
    mlpsLevel: '3',
    mlpsTestResult: 'passed',
    mlpsTester: '某某网络安全测评中心',
    mlpsReportDate: today(),
    ...overrides,
  });
  /** Retires the system and waits until its instance has ended. */
  async function retire(code: string, processInstanceKey: string) {
    await camunda.zeebe.publishMessage({
      name: MessageName.MlpsSystemRetired,
      correlationKey: code,
      timeToLive: 0,
      variables: {},
    });
    const opensearch = `http://127.0.0.1:${testConfig().OPENSEARCH_HTTP_PORT}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${opensearch}/zeebe-record_process-instance_*/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          size: 1,
          query: {
            bool: {
              filter: [
                { term: { 'value.processInstanceKey': processInstanceKey } },
                { term: { 'value.elementId': 'mlps-testing-ended' } },
                { term: { intent: 'ELEMENT_COMPLETED' } },
              ],
            },
          },
        }),
      });
      const hits = res.ok ? ((await res.json()) as { hits: { hits: unknown[] } }).hits.hits : [];
      if (hits.length > 0) return;
      if (Date.now() > deadline) throw new Error(`mlps-testing of ${code} did not end on retirement`);
      await sleep(300);
    }
  }

  it('given a failed builder test, when the CAC misses the 5-working-day check of the rectification, then the breach is recorded, the department is check-missing and its new proposal is refused; the passed check unblocks it', async () => {
    // given a system whose MLPS testing was started after final acceptance
    const dept = await department();
    const code = await system(dept, '智慧社区管理平台');
    const proposal = await submittedProject(app, dept.auth, { title: '社区养老服务系统' });

    // the builder's first test is the department's task (M24.2); a report dated tomorrow is refused
    const first = await task(code, 'record-builder-test');
    expect(first).toMatchObject({ candidateGroups: [dept.code], bpmnProcessId: ProcessId.MlpsTesting });
    await tasks.complete(first.userTaskKey, result({ mlpsReportDate: addDays(today(), 1) }));
    const again = await task(code, 'record-builder-test', first.userTaskKey);
    expect(await tasks.variableWhenSet(again.processInstanceKey, 'mlpsProblems')).toContain('晚于今天');
    expect(await ds.getRepository(MlpsRecordEntity).findBy({ projectCode: code })).toEqual([]);

    // when the builder's test failed, it is recorded for the report's year (M24.2) …
    await tasks.complete(again.userTaskKey, result({ mlpsTestResult: 'failed', mlpsLevel: '2' }));
    const year = yearOf(today());
    await record(code, (r) => r.year === year);
    // … and while the department rectifies, nothing blocks its proposals
    expect(await intake(proposal)).toMatchObject({ checkPassed: true });

    // when the department reports the rectification, the CAC's check is due in 5 working days
    const report = await task(code, 'report-rectification');
    expect(report.candidateGroups).toEqual([dept.code]);
    // the year's rectification is due when the first unified testing opens
    const calendar = await new CalendarService(ds, 0).calendarInForce();
    expect(new Date(report.dueDate!).toISOString()).toBe(
      unifiedTestingOf(calendar, today(), year + 1).at.toISOString(),
    );
    await tasks.complete(report.userTaskKey, { rectificationSummary: '已修复高危漏洞3项，调整访问控制策略' });
    const reported = await record(code, (r) => r.rectificationReportedAt !== null);
    const dueAt = computeDeadline(calendar, reported.rectificationReportedAt!, {
      workingDays: 5,
    }).dueAt;
    expect(reported.checkDueAt!.toISOString()).toBe(dueAt.toISOString());
    const check = await task(code, 'check-rectification');
    expect(check.candidateGroups).toEqual(['cac']);
    expect(new Date(check.dueDate!).toISOString()).toBe(dueAt.toISOString());

    // a minute before the deadline: no breach, the department is not blocked
    await time.moveTo(new Date(dueAt.getTime() - 60_000));
    await sleep(3_000);
    expect(await findBreachesOfProject(ds, code)).toEqual([]);
    expect(await intake(proposal)).toMatchObject({ checkPassed: true });

    // when the deadline passes without the check
    await time.moveTo(new Date(dueAt.getTime() + 30_000));

    // then the breach is recorded under M24.1 and the standing is check-missing …
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'mlps-rectification-check',
      rule: 'M24.1',
      bpmnProcessId: ProcessId.MlpsTesting,
    });
    await record(code, (r) => r.checkMissedAt !== null);
    expect(await mlpsStandingOf(ds, dept.code, time.now())).toEqual({
      status: 'check-missing',
      year,
      detail: expect.stringContaining(`系统“智慧社区管理平台”（${code}）${year}年`),
    });
    // … so the department's new proposal is refused at intake, with the reason
    const refused = await intake(proposal);
    expect(refused).toMatchObject({ checkPassed: false, refusalRule: 'M24.1' });
    expect(refused.refusalReason).toContain('未完成监督检查');
    expect(refused.refusalReason).toContain('智慧社区管理平台');

    // when the CAC's check arrives (the task stayed open) and passes
    const late = await task(code, 'check-rectification');
    expect(late.userTaskKey).toBe(check.userTaskKey);
    await tasks.complete(late.userTaskKey, {
      rectificationCheckResult: 'passed',
      rectificationCheckOpinion: '整改到位',
    });

    // then the department is unblocked, and the timeline shows every step with its rule
    await record(code, (r) => r.checkPassed === true);
    expect(await mlpsStandingOf(ds, dept.code, time.now())).toEqual({ status: 'passed', year });
    expect(await intake(proposal)).toMatchObject({ checkPassed: true, refusalReason: null });
    const trail = (await auditTrail(ds, 'project', code)).filter((e) => e.action.startsWith('mlps.'));
    expect(trail.map((e) => [e.action, (e.afterState as { rule: string }).rule])).toEqual([
      ['mlps.test', 'M24.2'],
      ['mlps.rectification', 'M24.1'],
      ['mlps.check-missing', 'M24.1'],
      ['mlps.check', 'M24.1'],
    ]);
    expect(trail[3]!.afterState).toMatchObject({ checkPassed: true, late: true });
    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', dept.auth);
    expect(timeline.status).toBe(200);
    expect(timeline.body.events).toContainEqual(
      expect.objectContaining({ type: 'audit', action: 'mlps.check-missing' }),
    );

    // the system's retirement ends its testing (it waits for next year's unified testing now)
    await retire(code, check.processInstanceKey);
  });

  it("given a department whose CAC check failed, when next year's unified testing opens, then it is not admitted and tests itself (the reason recorded); a department in good standing is admitted", async () => {
    // given two systems whose builders' reports are dated almost a year ago: unified testing opens in days
    const good = await department();
    const bad = await department();
    const goodSystem = await system(good, '政务服务事项管理系统');
    const badSystem = await system(bad, '城市运行监测平台');
    const badProposal = await submittedProject(app, bad.auth, { title: '城市运行监测平台二期' });
    const firstReport = addDays(addMonths(today(), -12), 3);
    const goodFirst = await task(goodSystem, 'record-builder-test');
    await tasks.complete(goodFirst.userTaskKey, result({ mlpsReportDate: firstReport }));
    const badFirst = await task(badSystem, 'record-builder-test');
    await tasks.complete(
      badFirst.userTaskKey,
      result({ mlpsReportDate: firstReport, mlpsTestResult: 'failed' }),
    );

    // the bad one's rectification fails the CAC's check: its department is blocked
    const report = await task(badSystem, 'report-rectification');
    await tasks.complete(report.userTaskKey, { rectificationSummary: '部分整改，数据库审计待部署' });
    const check = await task(badSystem, 'check-rectification');
    await tasks.complete(check.userTaskKey, {
      rectificationCheckResult: 'failed',
      rectificationCheckOpinion: '数据库审计未部署，高危漏洞未闭环',
    });
    await record(badSystem, (r) => r.checkPassed === false);
    const refused = await intake(badProposal);
    expect(refused).toMatchObject({ checkPassed: false, refusalRule: 'M24.1' });
    expect(refused.refusalReason).toContain('监督检查未通过');
    expect(refused.refusalReason).toContain('城市运行监测平台');

    // both wait for next year's unified testing: the anniversary of the first report (next working day), 09:00
    const nextYear = yearOf(firstReport) + 1;
    const opens = unifiedTestingOf(
      await new CalendarService(ds, 0).calendarInForce(),
      firstReport,
      nextYear,
    ).at;
    for (const t of [goodFirst, badFirst])
      await expect(tasks.variableWhenSet(t.processInstanceKey, 'unifiedTestingAt')).resolves.toBe(
        opens.toISOString(),
      );

    // a minute before: nobody is asked yet
    await time.moveTo(new Date(opens.getTime() - 60_000));
    await sleep(3_000);
    expect(await tasks.openTasks(goodSystem)).toEqual([]);
    expect(await tasks.openTasks(badSystem)).toEqual([]);

    // when it opens
    await time.moveTo(new Date(opens.getTime() + 30_000));

    // then the department in good standing is admitted: the CAC records its unified test …
    const unified = await task(goodSystem, 'record-unified-test');
    expect(unified.candidateGroups).toEqual(['cac']);
    // … and the one whose check failed is not (M24.1): it tests itself, told why
    const self = await task(badSystem, 'record-self-test');
    expect(self.candidateGroups).toEqual([bad.code]);
    // the year's test is due when the following year's testing opens
    expect(new Date(self.dueDate!).toISOString()).toBe(
      unifiedTestingOf(
        await new CalendarService(ds, 0).calendarInForce(),
        firstReport,
        nextYear + 1,
      ).at.toISOString(),
    );
    const reason = await tasks.variableWhenSet(self.processInstanceKey, 'mlpsNotAdmittedReason');
    expect(reason).toContain(`不纳入${nextYear}年度统一测评`);
    expect(reason).toContain('城市运行监测平台');

    // when both tests pass, both are recorded for the year; the bad department's own test unblocks it
    await tasks.complete(unified.userTaskKey, result());
    await tasks.complete(self.userTaskKey, result());
    expect(await record(goodSystem, (r) => r.year === nextYear)).toMatchObject({
      kind: 'unified',
      testPassed: true,
      notAdmittedReason: null,
    });
    expect(await record(badSystem, (r) => r.year === nextYear)).toMatchObject({
      kind: 'self',
      testPassed: true,
      notAdmittedReason: reason,
    });
    expect(await intake(badProposal)).toMatchObject({ checkPassed: true });

    await retire(goodSystem, unified.processInstanceKey);
    await retire(badSystem, self.processInstanceKey);
  });
});
