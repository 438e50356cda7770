/**
 * `performance-evaluation` (M22.1, M22.2) on the real broker with the controlled clock: the
 * self-evaluation window opens at month 12 (not a minute before) and closes at month 24 (breach,
 * evaluation missing); a self-evaluation the worker sees outside its window, or without its report
 * in the document store, is refused with the reason and nothing is recorded; Finance's 10-working-day deadline. Final acceptance is placed
 * relative to the broker's clock, so each clock move is at most a few weeks.
 */
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { CalendarService, computeDeadline } from '../../src/calendar';
import { addDays, addMonths, shanghaiDateOf, shanghaiTime } from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { DocumentEntity } from '../../src/documents/data-access/document.entity';
import { EVALUATION_REPORT_DOCUMENT, evaluationOfProject, evaluationWindow } from '../../src/evaluations';
import { NotificationEntity } from '../../src/notifications/data-access/notification.entity';
import { placeProject } from '../../src/sessions/testing';
import { ProcessId } from '../../src/shared/bpmn';
import {
  eventually,
  deployFolder,
  openDataSource,
  testCamunda,
  uniqueProjectCode,
  workerDeps,
} from '../../src/shared/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { deadlineComputeWorker } from '../../workers/deadline-compute';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { evaluationRecordFinanceWorker } from '../../workers/evaluation-record-finance';
import { evaluationRecordMissingWorker } from '../../workers/evaluation-record-missing';
import { evaluationRecordSelfWorker } from '../../workers/evaluation-record-self';
import { testWorkers } from '../../workers/runtime/testing';

const HOUR = 3_600_000;

describe('performance-evaluation process (M22.1, M22.2)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource();
    await deployFolder(camunda, __dirname);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  const deps = (now: () => Date) => workerDeps(ds, now);
  /** Every worker of the process on the broker's time. */
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [
      deadlineComputeWorker,
      deadlineRecordBreachWorker,
      evaluationRecordSelfWorker,
      evaluationRecordMissingWorker,
      evaluationRecordFinanceWorker,
    ],
    deps,
  );
  /** The self-evaluation recorder alone, on a clock `skewMs` off the broker's (what its domain check sees). */
  const skewedRecorder = (skewMs: number) =>
    testWorkers(
      camunda.zeebe,
      { sync: time.sync, now: () => new Date(time.now().getTime() + skewMs) },
      [evaluationRecordSelfWorker],
      deps,
    );
  afterEach(workers.stop);
  const { moveTo } = time;

  /** A final acceptance whose window edge (`months` after it) ends at least an hour after the broker's now. */
  const acceptedBefore = async (months: 12 | 24) => {
    const now = await time.current();
    let date = addMonths(shanghaiDateOf(now), -months);
    const edge = (d: string) => evaluationWindow(shanghaiTime(d, 10))[months === 12 ? 'opensAt' : 'closesAt'];
    while (edge(date).getTime() < now.getTime() + HOUR) date = addDays(date, 1);
    return shanghaiTime(date, 10);
  };
  /** A finally accepted project of psb in the registry (documents belong to a registered project). */
  const acceptedProject = async () => {
    const code = uniqueProjectCode();
    await placeProject(ds, { code, stage: 'accepted', submittedAt: await time.current() });
    return code;
  };
  /** The self-evaluation report's entry in the document store (its metadata is what the check reads). */
  const uploadReport = (projectCode: string) =>
    ds.getRepository(DocumentEntity).insert({
      projectCode,
      type: EVALUATION_REPORT_DOCUMENT,
      version: 1,
      fileName: '绩效自评报告.pdf',
      contentType: 'application/pdf',
      size: '2048',
      sha256: '0'.repeat(64),
      uploadedBy: 'it-evaluation',
      uploadedAt: time.now(),
    });
  const start = (projectCode: string, finalAcceptedAt: Date) =>
    camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.PerformanceEvaluation,
      variables: {
        projectCode,
        departmentCode: 'psb',
        projectTitle: '绩效评价测试项目',
        finalAcceptedAt: finalAcceptedAt.toISOString(),
      },
    });
  /** The open task of `elementId`, other than `notKey` (a completed one may still look open for a moment). */
  const openTask = async (code: string, elementId: string, notKey?: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const task = (await tasks.openTasks(code)).find(
        (t) => t.elementId === elementId && t.userTaskKey !== notKey,
      );
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no open ${elementId} for ${code}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const selfEvaluation = {
    selfEvaluationGrade: 'good',
    selfEvaluationScore: 86,
    evaluationReportSummary: '项目目标基本完成，系统运行稳定，数据共享率达到预期。',
    evaluationReportReference: '公绩自〔2027〕3号',
  };
  const escalationsOf = (code: string) =>
    ds.getRepository(NotificationEntity).findBy({ projectCode: code, kind: 'deadline-escalated' });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Polls until the instance's evaluationProblems matches (the exported value lags the reopened task). */
  const problemsMatching = async (processInstanceKey: string, expected: RegExp) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await tasks.variableOf(processInstanceKey, 'evaluationProblems');
      if (typeof value === 'string' && expected.test(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`evaluationProblems is ${JSON.stringify(value)}, not ${expected}`);
      await pause(300);
    }
  };

  it('given a project accepted 12 months ago, when month 12 passes, then the self-evaluation opens (not a minute before), one seen as too early or without its report is refused, and Finance evaluates under its 10-working-day deadline', async () => {
    // given a final acceptance whose window opens within a day of the broker's now
    const code = await acceptedProject();
    const acceptedAt = await acceptedBefore(12);
    const window = evaluationWindow(acceptedAt);
    await workers.start();
    const { processInstanceKey } = await start(code, acceptedAt);
    expect(await tasks.variableWhenSet(processInstanceKey, 'evaluationWindowOpensAt')).toBe(
      window.opensAt.toISOString(),
    );

    // when the clock stands a minute before month 12: no task
    await moveTo(new Date(window.opensAt.getTime() - 60_000));
    await pause(3_000);
    expect(await tasks.openTasks(code)).toEqual([]);

    // when month 12 passes: the department's task, due when the window closes
    await moveTo(new Date(window.opensAt.getTime() + 30_000));
    const task = await openTask(code, 'submit-self-evaluation');
    expect(task.candidateGroups).toEqual(['psb']);
    expect(new Date(task.dueDate!).toISOString()).toBe(window.closesAt.toISOString());

    // when the recorder's clock stands before the window (a skewed worker): refused, nothing recorded
    await workers.stop();
    const early = skewedRecorder(-2 * HOUR);
    await early.start();
    await tasks.complete(task.userTaskKey, selfEvaluation);
    await problemsMatching(processInstanceKey, /第12个月至第24个月.*尚未开始/);
    const again = await openTask(code, 'submit-self-evaluation', task.userTaskKey);
    await early.stop();
    expect(await evaluationOfProject(ds, code)).toBeNull();

    // when it reports within the window but without the report in the document store: refused too
    await workers.start();
    await tasks.complete(again.userTaskKey, selfEvaluation);
    const third = await openTask(code, 'submit-self-evaluation', again.userTaskKey);
    await problemsMatching(processInstanceKey, /缺少绩效自评报告.*performance-evaluation-report/);
    expect(await evaluationOfProject(ds, code)).toBeNull();

    // when the report is uploaded and it reports again: recorded, and Finance's task is due 10 working days later
    await uploadReport(code);
    await tasks.complete(third.userTaskKey, selfEvaluation);
    const finance = await openTask(code, 'finance-evaluation');
    expect(finance.candidateGroups).toEqual(['finance']);
    const recorded = await evaluationOfProject(ds, code);
    expect(recorded).toMatchObject({ status: 'self-evaluated', selfGrade: 'good', selfScore: 86 });
    expect(recorded!.reportDocumentId).toMatch(/^\d+$/);
    const due = computeDeadline(await new CalendarService(ds, 0).calendarInForce(), recorded!.reportedAt!, {
      workingDays: 10,
    }).dueAt;
    expect(new Date(finance.dueDate!).toISOString()).toBe(due.toISOString());

    // when the clock stands a minute before Finance's deadline: no breach; past it: breach and escalation
    await moveTo(new Date(due.getTime() - 60_000));
    await pause(3_000);
    expect(await findBreachesOfProject(ds, code)).toEqual([]);
    await moveTo(new Date(due.getTime() + 30_000));
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'finance-evaluation',
      rule: 'M22.1',
      bpmnProcessId: ProcessId.PerformanceEvaluation,
    });
    expect(await eventually(() => escalationsOf(code), 15_000)).toEqual([
      expect.objectContaining({ candidateGroups: 'finance' }),
    ]);

    // and the task stays open: Finance evaluates it as a key project with rectification opinions
    expect((await openTask(code, 'finance-evaluation')).userTaskKey).toBe(finance.userTaskKey);
    await tasks.complete(finance.userTaskKey, {
      keyProject: true,
      financeEvaluationGrade: 'fair',
      financeEvaluationOpinion: '数据共享指标未全部达成',
      rectificationOpinions: '三个月内完成与市数据共享平台的对接',
    });
    expect(await tasks.variableWhenSet(processInstanceKey, 'evaluationGrade')).toBe('fair');
    expect(await tasks.variableOf(processInstanceKey, 'evaluationReportedAt')).toBe(
      recorded!.reportedAt!.toISOString(),
    );
    expect(await evaluationOfProject(ds, code)).toMatchObject({
      status: 'finance-evaluated',
      keyProject: true,
      financeGrade: 'fair',
      finalGrade: 'fair',
      rectificationOpinions: '三个月内完成与市数据共享平台的对接',
    });
    const trail = await auditTrail(ds, 'project', code);
    expect(trail.map((e) => [e.action, (e.afterState as { rule?: string }).rule])).toEqual([
      ['project.performance.self-evaluated', 'M22.1'],
      ['project.performance.finance-evaluated', 'M22.2'],
    ]);
  });

  it('given a project accepted 24 months ago, when a self-evaluation is seen after month 24, then it is refused; when month 24 passes, the breach is recorded and the evaluation is missing', async () => {
    // given a final acceptance whose window closes within a day of the broker's now (it opened a year ago)
    const code = await acceptedProject();
    const acceptedAt = await acceptedBefore(24);
    const window = evaluationWindow(acceptedAt);
    await workers.start();
    const { processInstanceKey } = await start(code, acceptedAt);
    const task = await openTask(code, 'submit-self-evaluation');

    // when the clock stands a minute before month 24 and the recorder's clock already past it
    await moveTo(new Date(window.closesAt.getTime() - 60_000));
    await workers.stop();
    const late = skewedRecorder(2 * 60_000);
    await late.start();
    await tasks.complete(task.userTaskKey, selfEvaluation);

    // then the self-evaluation is refused with the reason, nothing is recorded, and the task reopens
    await problemsMatching(processInstanceKey, /评价期已于.*结束/);
    const reopened = await openTask(code, 'submit-self-evaluation', task.userTaskKey);
    await late.stop();
    expect(await evaluationOfProject(ds, code)).toBeNull();
    await workers.start();
    await pause(2_000);
    expect(await findBreachesOfProject(ds, code)).toEqual([]);

    // when month 24 passes
    await moveTo(new Date(window.closesAt.getTime() + 30_000));

    // then the breach is recorded and escalated to Finance, the evaluation is missing, the task is gone
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({ deadline: 'performance-self-evaluation', rule: 'M22.1' });
    expect(await eventually(() => escalationsOf(code), 15_000)).toEqual([
      expect.objectContaining({ candidateGroups: 'finance' }),
    ]);
    expect(await tasks.variableWhenSet(processInstanceKey, 'evaluationGrade')).toBe('missing');
    expect(await evaluationOfProject(ds, code)).toMatchObject({ status: 'missing', reportedAt: null });
    // (the task's cancellation is exported to its own index: polled)
    const gone = async () => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const open = (await tasks.openTasks(code)).map((t) => t.userTaskKey);
        if (!open.includes(reopened.userTaskKey) || Date.now() > deadline) return open;
        await pause(300);
      }
    };
    expect(await gone()).not.toContain(reopened.userTaskKey);
  });
});
