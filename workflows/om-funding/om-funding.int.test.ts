/**
 * `om-funding` (M20, M27) on the real broker with the controlled clock: the application deadline
 * (31 August of the year before the free O&M period ends: the breach at exactly that instant, not a
 * minute before), an application without a performance evaluation report refused with the reason,
 * and the EIB's decisions: self-applied (reviewed and approved) and unified, funded from the day the
 * free period ends. Dates are relative to the broker's clock (the next 31 August ahead of it).
 */
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { endOfShanghaiDay, shanghaiDateOf, yearOf } from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { DocumentEntity } from '../../src/documents/data-access/document.entity';
import { EVALUATION_REPORT_DOCUMENT, omFundingOfProject, recordSelfEvaluation } from '../../src/evaluations';
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
import { omFundingRecordApplicationWorker } from '../../workers/om-funding-record-application';
import { omFundingRecordDecisionWorker } from '../../workers/om-funding-record-decision';
import { testWorkers } from '../../workers/runtime/testing';

const HOUR = 3_600_000;
const MONTH = 30 * 24 * HOUR;

describe('om-funding process (M20, M27)', () => {
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

  const workers = testWorkers(
    camunda.zeebe,
    time,
    [
      deadlineComputeWorker,
      deadlineRecordBreachWorker,
      omFundingRecordApplicationWorker,
      omFundingRecordDecisionWorker,
    ],
    (now) => workerDeps(ds, now),
  );
  beforeEach(workers.start);
  afterEach(workers.stop);
  const { moveTo } = time;

  const start = (projectCode: string, omFreeUntil: string) =>
    camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.OmFunding,
      variables: {
        projectCode,
        departmentCode: 'psb',
        projectTitle: '运维经费测试项目',
        finalAcceptanceDate: `${yearOf(omFreeUntil) - 3}${omFreeUntil.slice(4)}`,
        omFreeUntil,
        evaluationGrade: 'good',
      },
    });
  /** The project's self-evaluation with its report, recorded 18 months after a final acceptance (inside its window). */
  const evaluated = async (projectCode: string) => {
    const now = time.now();
    await placeProject(ds, { code: projectCode, stage: 'accepted', submittedAt: now });
    await ds.getRepository(DocumentEntity).insert({
      projectCode,
      type: EVALUATION_REPORT_DOCUMENT,
      version: 1,
      fileName: '绩效自评报告.pdf',
      contentType: 'application/pdf',
      size: '2048',
      sha256: '0'.repeat(64),
      uploadedBy: 'it-om-funding',
      uploadedAt: now,
    });
    await recordSelfEvaluation(ds, {
      projectCode,
      departmentCode: 'psb',
      finalAcceptedAt: new Date(now.getTime() - 18 * MONTH),
      grade: 'good',
      score: 88,
      reportSummary: '项目绩效目标全部完成',
      reportReference: null,
      actor: 'psb',
      processInstanceKey: '1',
      now,
    });
  };
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
  const completeNext = async (code: string, elementId: string, variables: Record<string, unknown>) => {
    const task = await openTask(code, elementId);
    await tasks.complete(task.userTaskKey, variables);
    return task;
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('given the free period ends the year after the next 31 August, when that day ends without an application, then the breach is recorded at that instant (not before); an application without the evaluation report is refused; a self-applied one is approved from the end of the free period', async () => {
    // given the next 31 August (end of day, Shanghai) at least an hour after the broker's now
    const now = await time.current();
    let year = yearOf(shanghaiDateOf(now));
    if (endOfShanghaiDay(`${year}-08-31`).getTime() < now.getTime() + HOUR) year += 1;
    const due = endOfShanghaiDay(`${year}-08-31`);
    const omFreeUntil = `${year + 1}-03-10`;
    const code = uniqueProjectCode();
    const { processInstanceKey } = await start(code, omFreeUntil);

    // the department's application is due then
    const task = await openTask(code, 'submit-om-application');
    expect(task.candidateGroups).toEqual(['psb']);
    expect(new Date(task.dueDate!).toISOString()).toBe(due.toISOString());

    // when it applies without a performance evaluation report: refused with the reason, nothing recorded
    await tasks.complete(task.userTaskKey, { omApplicationSummary: '申请2029年度运维经费' });
    expect(await tasks.variableWhenSet(processInstanceKey, 'omApplicationProblems')).toMatch(
      /须附项目绩效评价报告/,
    );
    const reopened = await openTask(code, 'submit-om-application', task.userTaskKey);
    expect(await omFundingOfProject(ds, code)).toBeNull();

    // when the clock stands a minute before the end of 31 August: no breach
    await moveTo(new Date(due.getTime() - 60_000));
    await pause(3_000);
    expect(await findBreachesOfProject(ds, code)).toEqual([]);

    // when 31 August ends: the breach, escalated to the EIB; the application stays open
    await moveTo(new Date(due.getTime() + 30_000));
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'om-funding-application',
      rule: 'M27',
      bpmnProcessId: ProcessId.OmFunding,
    });
    const escalations = await eventually(
      () => ds.getRepository(NotificationEntity).findBy({ projectCode: code, kind: 'deadline-escalated' }),
      15_000,
    );
    expect(escalations).toEqual([expect.objectContaining({ candidateGroups: 'eib' })]);
    expect((await openTask(code, 'submit-om-application')).userTaskKey).toBe(reopened.userTaskKey);

    // when the evaluation is on record and the department applies (late), the EIB chooses self-applied
    await evaluated(code);
    await tasks.complete(reopened.userTaskKey, { omApplicationSummary: '申请运维经费，附绩效评价报告' });
    const mode = await completeNext(code, 'decide-om-funding-mode', {
      omFundingMode: 'self-applied',
      omFundingOpinion: '由部门自行申报',
    });
    expect(mode.candidateGroups).toEqual(['eib']);
    const own = await completeNext(code, 'submit-self-application', {
      selfApplicationSummary: '年度运维经费120万元，含机房托管与软件维护',
    });
    expect(own.candidateGroups).toEqual(['psb']);
    await completeNext(code, 'review-self-application', {
      selfApplicationApproved: true,
      omFundingOpinion: '同意',
    });

    // then the decision is approved, funded from the day the free period ends (M20)
    expect(await tasks.variableWhenSet(processInstanceKey, 'omFundingDecision')).toBe('approved');
    expect(await tasks.variableOf(processInstanceKey, 'omFundingMode')).toBe('self-applied');
    expect(await tasks.variableOf(processInstanceKey, 'omFundingFrom')).toBe(omFreeUntil);
    expect(await omFundingOfProject(ds, code)).toMatchObject({
      late: true,
      evaluationGrade: 'good',
      mode: 'self-applied',
      decision: 'approved',
      fundingFrom: omFreeUntil,
      selfApplicationSummary: '年度运维经费120万元，含机房托管与软件维护',
    });
    const decided = (await auditTrail(ds, 'project', code)).filter(
      (e) => e.action === 'project.om-funding.decided',
    );
    expect(decided).toEqual([
      expect.objectContaining({
        afterState: expect.objectContaining({ rule: 'M27', fundingFrom: omFreeUntil, mode: 'self-applied' }),
      }),
    ]);
  });

  it('given an evaluated project applying in time, when the EIB chooses unified O&M, then it is approved from the end of the free period with no breach', async () => {
    const now = await time.current();
    const omFreeUntil = `${yearOf(shanghaiDateOf(now)) + 3}-06-30`;
    const code = uniqueProjectCode();
    await evaluated(code);
    const { processInstanceKey } = await start(code, omFreeUntil);

    await completeNext(code, 'submit-om-application', { omApplicationSummary: '申请统一运维' });
    await completeNext(code, 'decide-om-funding-mode', { omFundingMode: 'unified' });

    expect(await tasks.variableWhenSet(processInstanceKey, 'omFundingDecision')).toBe('approved');
    expect(await tasks.variableOf(processInstanceKey, 'omFundingMode')).toBe('unified');
    expect(await tasks.variableOf(processInstanceKey, 'omFundingFrom')).toBe(omFreeUntil);
    expect(await omFundingOfProject(ds, code)).toMatchObject({
      late: false,
      mode: 'unified',
      decision: 'approved',
    });
    expect(await findBreachesOfProject(ds, code)).toEqual([]);
  });
});
