/**
 * `acceptance` (M17, M19, M20, M23, M25, M26) on the real broker with the controlled clock and its
 * workers, started as the lifecycle calls it: a missed 6-month application (breach and escalation at
 * the instant, not before, the application still open), and final acceptance refused without the
 * required documents and for a failed checklist item — each time with its reasons and nothing
 * accepted — before it passes and the report is filed (M20). Dates follow the broker's clock.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { acceptanceOf, omFreeUntil } from '../../src/acceptance';
import { auditTrail } from '../../src/audit';
import { addDays, addMonths, endOfShanghaiDay, shanghaiDateOf } from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { NotificationEntity } from '../../src/notifications/data-access/notification.entity';
import { ProcessId } from '../../src/shared/bpmn';
import {
  eventually,
  deployFolder,
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  testCamunda,
  workerDeps,
} from '../../src/shared/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { Role } from '../../src/users';
import { acceptanceRecordFilingWorker } from '../../workers/acceptance-record-filing';
import { acceptanceRecordFinalWorker } from '../../workers/acceptance-record-final';
import { acceptanceRecordPreliminaryWorker } from '../../workers/acceptance-record-preliminary';
import { deadlineComputeWorker } from '../../workers/deadline-compute';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { testWorkers } from '../../workers/runtime/testing';

const HOUR = 3_600_000;

describe('acceptance process (M17, M19, M20, M23, M25, M26)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let owner: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds, { now: time.now });
    owner = await signedIn(ds, 'acceptance-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    await deployFolder(camunda, __dirname);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [
      acceptanceRecordPreliminaryWorker,
      acceptanceRecordFinalWorker,
      acceptanceRecordFilingWorker,
      deadlineComputeWorker,
      deadlineRecordBreachWorker,
    ],
    (now) => workerDeps(ds, now),
  );
  beforeEach(workers.start);
  afterEach(workers.stop);

  const today = () => shanghaiDateOf(time.now());
  /** Started as the lifecycle calls it; not awaiting a result (clock jumps drop pending responses). */
  const start = (projectCode: string) =>
    camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.Acceptance,
      variables: { projectCode, departmentCode: 'psb', projectTitle: '验收测试项目' },
    });
  /** Keys of the tasks completed here: their completion may not be searchable yet (export lag). */
  const completed = new Set<string>();
  /** Polls until the project has an open task of `elementId` not completed here yet. */
  const nextTask = async (code: string, elementId: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const task = (await tasks.openTasks(code)).find(
        (t) => t.elementId === elementId && !completed.has(t.userTaskKey),
      );
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no new open ${elementId} for ${code}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const complete = async (userTaskKey: string, variables: Record<string, unknown>) => {
    await tasks.complete(userTaskKey, variables);
    completed.add(userTaskKey);
  };
  const completeNext = async (code: string, elementId: string, variables: Record<string, unknown>) => {
    const task = await nextTask(code, elementId);
    await complete(task.userTaskKey, variables);
    return task;
  };
  /** Polls until the variable's exported value is `expected` (its index may lag the task's), then answers it. */
  const variableBecomes = async (processInstanceKey: string, name: string, expected: unknown) => {
    const deadline = Date.now() + 30_000;
    let value: unknown;
    do {
      value = await tasks.variableOf(processInstanceKey, name);
      if (value === expected) return value;
      await new Promise((r) => setTimeout(r, 300));
    } while (Date.now() < deadline);
    return value;
  };
  const preliminary = (code: string, date: string) =>
    completeNext(code, 'record-preliminary-acceptance', {
      preliminaryAcceptanceDate: date,
      preliminaryAcceptanceSummary: '初步验收通过，系统试运行正常',
    });
  const compliant = {
    dataSharingCompliant: true,
    networkSecurityCompliant: true,
    cryptographyCompliant: true,
    secureControllableCompliant: true,
    acceptanceOpinion: '同意通过竣工验收',
  };
  /** The EIB and the Archives Bureau check the project (parallel tasks). */
  const check = async (code: string, eib: Record<string, unknown>) => {
    const eibTask = await completeNext(code, 'eib-acceptance-check', eib);
    expect(eibTask.candidateGroups).toEqual(['eib']);
    const archives = await completeNext(code, 'archives-acceptance-check', { archivesCompliant: true });
    expect(archives.candidateGroups).toEqual(['archives']);
  };
  const pdf = Buffer.from('%PDF-1.7\n验收材料\n%%EOF\n');
  const upload = async (code: string, ...types: string[]) => {
    for (const type of types) {
      const res = await request(app)
        .post(`/api/projects/${code}/documents`)
        .set('authorization', owner)
        .field('type', type)
        .attach('file', pdf, `${type}.pdf`);
      expect(res.status).toBe(201);
    }
  };
  const actions = async (code: string) => (await auditTrail(ds, 'project', code)).map((e) => e.action);

  it('given a preliminary acceptance, when 6 months pass without an application, then at that instant (not before) the breach is recorded under M17, escalated, the EIB is asked to urge, and the application stays open', async () => {
    // given a preliminary acceptance whose 6 months end at least an hour after the broker's now
    const code = await submittedProject(app, owner, { title: '验收测试项目' });
    let acceptedOn = addMonths(today(), -6);
    while (endOfShanghaiDay(addMonths(acceptedOn, 6)).getTime() < time.now().getTime() + HOUR)
      acceptedOn = addDays(acceptedOn, 1);
    const dueAt = endOfShanghaiDay(addMonths(acceptedOn, 6));
    const { processInstanceKey } = await start(code);
    await preliminary(code, acceptedOn);

    // then the department's application is due at the end of the day 6 calendar months later
    const [apply] = await tasks.waitFor(code, 'apply-for-final-acceptance');
    expect(apply!.candidateGroups).toEqual(['psb']);
    expect(new Date(apply!.dueDate!).toISOString()).toBe(dueAt.toISOString());
    expect(await acceptanceOf(ds, code)).toMatchObject({
      preliminaryAcceptedOn: acceptedOn,
      finalAcceptedAt: null,
    });

    // when the clock stands a minute before the deadline: nothing yet
    await time.moveTo(new Date(dueAt.getTime() - 60_000));
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await findBreachesOfProject(ds, code)).toEqual([]);

    // when it passes the deadline
    await time.moveTo(new Date(dueAt.getTime() + 30_000));

    // then the breach is recorded under M17 …
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'final-acceptance-application',
      rule: 'M17',
      bpmnProcessId: ProcessId.Acceptance,
      processInstanceKey,
    });
    // … the department's supervisor is notified once, and the EIB gets a task to urge the department
    const escalations = await eventually(
      () => ds.getRepository(NotificationEntity).findBy({ projectCode: code, kind: 'deadline-escalated' }),
      15_000,
    );
    expect(escalations).toEqual([
      expect.objectContaining({ candidateGroups: 'psb', taskName: expect.stringContaining('M17') }),
    ]);
    const [urge] = await tasks.waitFor(code, 'urge-final-acceptance-application');
    expect(urge!.candidateGroups).toEqual(['eib']);
    // and the application is still open, the same task: applying late is still possible
    const [stillOpen] = await tasks.waitFor(code, 'apply-for-final-acceptance');
    expect(stillOpen!.userTaskKey).toBe(apply!.userTaskKey);
    expect(await findBreachesOfProject(ds, code)).toHaveLength(1);
  });

  it('given an application, when the documents are missing and then a checklist item fails, then acceptance is refused each time with its reasons and nothing is accepted; rectified, it passes and the report is filed (M20)', async () => {
    // given a project with its preliminary acceptance and application, no document uploaded
    const code = await submittedProject(app, owner, { title: '验收测试项目' });
    const { processInstanceKey } = await start(code);
    await preliminary(code, addDays(today(), -30));
    await completeNext(code, 'apply-for-final-acceptance', { acceptanceApplication: '申请竣工验收' });

    // when the EIB and the Archives Bureau find every item compliant
    await check(code, compliant);

    // then acceptance is refused for the missing documents, each named with its rule, back to the department
    const rectify = await nextTask(code, 'rectify-acceptance-problems');
    expect(rectify.candidateGroups).toEqual(['psb']);
    const missing = [
      '1. 缺少竣工验收报告（M17），请先上传（类型 acceptance-report）',
      '2. 缺少网络和数据安全检测与风险评估报告（M23），请先上传（类型 security-assessment）',
      '3. 缺少密码应用安全性评估报告（M25），请先上传（类型 cryptography-assessment）',
    ].join('\n');
    expect(await variableBecomes(processInstanceKey, 'acceptanceProblems', missing)).toBe(missing);
    // and nothing is accepted: the registry and the timeline show the refusal only
    expect(await acceptanceOf(ds, code)).toMatchObject({
      finalAcceptedAt: null,
      omFreeUntil: null,
      refusals: 1,
    });
    expect(await actions(code)).not.toContain('project.acceptance.final-accepted');
    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', owner);
    expect(timeline.body.events).toContainEqual(
      expect.objectContaining({
        action: 'project.acceptance.refused',
        ruleId: 'M19',
        reason: expect.stringContaining('缺少竣工验收报告（M17）'),
      }),
    );

    // when the department uploads them and applies again, and the EIB finds the cryptography non-compliant
    await upload(code, 'acceptance-report', 'security-assessment', 'cryptography-assessment');
    await complete(rectify.userTaskKey, { rectificationSummary: '已上传竣工验收报告及评估报告' });
    await check(code, {
      ...compliant,
      cryptographyCompliant: false,
      cryptographyNote: '密码应用安全性评估未通过',
    });

    // then it is refused again with that one reason, still not accepted
    const again = await nextTask(code, 'rectify-acceptance-problems');
    const cryptography = '1. 密码应用不符合要求（M25）：密码应用安全性评估未通过';
    expect(await variableBecomes(processInstanceKey, 'acceptanceProblems', cryptography)).toBe(cryptography);
    expect(await acceptanceOf(ds, code)).toMatchObject({ finalAcceptedAt: null, refusals: 2 });
    expect(await actions(code)).not.toContain('project.acceptance.final-accepted');

    // when rectified and every item is compliant (the control: same documents, same process)
    await complete(again.userTaskKey, { rectificationSummary: '已完成密码应用整改并重新评估' });
    await check(code, compliant);

    // then it passes; the department files the report with the EIB (M20) and the process ends with its outputs
    const filing = await nextTask(code, 'file-acceptance-report');
    expect(filing.candidateGroups).toEqual(['psb']);
    await complete(filing.userTaskKey, { acceptanceFilingSummary: '项目总结报告及验收合格意见' });
    const finalAcceptedAt = (await tasks.variableWhenSet(processInstanceKey, 'finalAcceptedAt')) as string;
    const finalAcceptanceDate = await tasks.variableWhenSet(processInstanceKey, 'finalAcceptanceDate');
    expect(finalAcceptanceDate).toBe(shanghaiDateOf(new Date(finalAcceptedAt)));
    expect(await tasks.variableWhenSet(processInstanceKey, 'omFreeUntil')).toBe(
      omFreeUntil(finalAcceptanceDate as string),
    );
    await tasks.variableWhenSet(processInstanceKey, 'acceptanceReportFiledAt');
    const row = await acceptanceOf(ds, code);
    expect(row).toMatchObject({ finalAcceptanceDate, refusals: 2, acceptanceOpinion: '同意通过竣工验收' });
    expect(row!.finalAcceptedAt!.toISOString()).toBe(finalAcceptedAt);
    expect(row!.reportFiledAt).not.toBeNull();
    expect(await actions(code)).toEqual(
      expect.arrayContaining([
        'project.acceptance.preliminary-recorded',
        'project.acceptance.final-accepted',
        'project.acceptance.report-filed',
      ]),
    );
    expect(await findBreachesOfProject(ds, code)).toEqual([]);
  });
});
