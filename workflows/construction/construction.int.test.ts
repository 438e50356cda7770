/**
 * `construction` (M15, M16, M18) on the real broker with the controlled clock and its workers,
 * started as the lifecycle's call activity would start it. Change requests posted to the API reach
 * the instance through the outbox and are filed or approved around the 15 % boundary (M16); the
 * serious-delay timer fires at contract end + 50 % of the contract period, not a minute before,
 * and a failed rectification ends in termination (M18); a quarterly progress report flagging a major
 * investment loss starts the M18 procedure, and declaring completion ends the process (M15).
 * Dates are relative to the broker's clock, never to today's.
 */
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { addDays, shanghaiDateOf } from '../../src/calendar/domain/local-date';
import { seriousDelayAt } from '../../src/construction';
import { ConstructionRecordEntity } from '../../src/construction/data-access/construction.entities';
import { progressReportsOf } from '../../src/construction';
import { findBreachesOfProject } from '../../src/deadlines';
import { ProcessId } from '../../src/shared/bpmn';
import {
  drainOutbox,
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
import { changeMarkFiledWorker } from '../../workers/change-mark-filed';
import { changeRecordDecisionWorker } from '../../workers/change-record-decision';
import { constructionRecordOutcomeWorker } from '../../workers/construction-record-outcome';
import { constructionRecordProgressReportWorker } from '../../workers/construction-record-progress-report';
import { constructionRecordRectificationWorker } from '../../workers/construction-record-rectification';
import { constructionScheduleSeriousDelayWorker } from '../../workers/construction-schedule-serious-delay';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { testWorkers } from '../../workers/runtime/testing';

const DAY = 86_400_000;

describe('construction process (M15, M16, M18)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let owner: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds, { now: time.now });
    owner = await signedIn(ds, 'construct-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    await deployFolder(camunda, __dirname, path.join(__dirname, '..', 'decisions', 'change-route.dmn'));
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [
      constructionScheduleSeriousDelayWorker,
      constructionRecordProgressReportWorker,
      constructionRecordRectificationWorker,
      constructionRecordOutcomeWorker,
      changeMarkFiledWorker,
      changeRecordDecisionWorker,
      deadlineRecordBreachWorker,
    ],
    (now) => workerDeps(ds, now),
  );
  beforeEach(workers.start);
  afterEach(workers.stop);

  const today = () => shanghaiDateOf(time.now());
  /** A project (psb's, approved estimate 1 000 000.00) under construction from `contractStart`. */
  const construction = async (contractStart: string, contractEnd: string) => {
    const code = await submittedProject(app, owner, { title: '建设阶段测试项目' });
    // the lifecycle sets the stage before it calls construction; changes are requested in it (M16)
    await ds.query("UPDATE project SET stage = 'construction' WHERE code = ?", [code]);
    const { processInstanceKey } = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.Construction,
      variables: {
        projectCode: code,
        departmentCode: 'psb',
        projectTitle: '建设阶段测试项目',
        budgetEstimate: '1000000.00',
        contractStart,
        contractEnd,
      },
    });
    await nextTask(code, 'declare-construction-complete');
    return { code, pik: processInstanceKey };
  };
  /** The next open task of `elementId` other than the ones already seen. */
  const nextTask = async (code: string, elementId: string, seen: string[] = [], timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = (await tasks.openTasks(code)).find(
        (t) => t.elementId === elementId && !seen.includes(t.userTaskKey),
      );
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no new ${elementId} for ${code}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const until = async <T>(
    read: () => Promise<T>,
    ok: (v: T) => boolean,
    what: string,
    timeoutMs = 30_000,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const recordsOf = (projectCode: string) =>
    ds.getRepository(ConstructionRecordEntity).find({ where: { projectCode }, order: { id: 'ASC' } });
  const changesOf = async (code: string) => {
    const res = await request(app).get(`/api/projects/${code}/changes`).set('authorization', owner);
    expect(res.status).toBe(200);
    return res.body.changes as { id: string; route: string; state: string; decisionReason: string | null }[];
  };
  const change = (code: string, adjustmentAmount: string) =>
    request(app)
      .post(`/api/projects/${code}/changes`)
      .set('authorization', owner)
      .set('idempotency-key', `it-${Math.random().toString(36).slice(2)}`)
      .send({ description: `调整建设内容 ${adjustmentAmount}`, adjustmentAmount });

  it('given changes of both signs, then 15.00 % is filed and 15.01 % goes to the EIB, through the event sub-process; a change above the estimate is refused', async () => {
    const { code } = await construction(today(), addDays(today(), 364));

    // given −100 000.00 (10.00 %) and +50 000.00 (15.00 % cumulative): filed; +0.01 (15.01 %): approval
    const posted = [];
    for (const amount of ['-100000.00', '50000.00', '0.01']) posted.push(await change(code, amount));
    expect(posted.map((r) => [r.status, r.body.route, r.body.cumulativeAdjustmentRatio])).toEqual([
      [201, 'file', '0.1000'],
      [201, 'file', '0.1500'],
      [201, 'approve', '0.1501'],
    ]);
    // when the outbox sends the messages to the construction instance
    await drainOutbox(ds, camunda);

    // then the first two are filed by the process, the third waits for the EIB
    const approval = await nextTask(code, 'approve-change');
    expect(approval.candidateGroups).toEqual(['eib']);
    await until(
      () => changesOf(code),
      (c) => c.filter((x) => x.state === 'filed').length === 2,
      'two changes filed',
    );
    // when the EIB rejects it with its reason
    await tasks.complete(approval.userTaskKey, {
      changeDecision: 'reject',
      changeDecisionReason: '超出批复的建设框架',
    });
    await until(
      () => changesOf(code),
      (c) => c[2]!.state === 'rejected',
      'third change rejected',
    );

    // when −0.01 follows (15.01 % again, the rejected change no longer counts) and the EIB approves it
    const down = await change(code, '-0.01');
    expect([down.status, down.body.route, down.body.cumulativeAdjustmentRatio]).toEqual([
      201,
      'approve',
      '0.1501',
    ]);
    await drainOutbox(ds, camunda);
    const second = await nextTask(code, 'approve-change', [approval.userTaskKey]);
    await tasks.complete(second.userTaskKey, {
      changeDecision: 'approve',
      changeDecisionReason: '调减部分设备，同意',
    });

    // then every change is readable through the API with its outcome
    const changes = await until(
      () => changesOf(code),
      (c) => c[3]?.state === 'approved',
      'fourth change approved',
    );
    expect(changes.map((c) => [c.route, c.state, c.decisionReason])).toEqual([
      ['file', 'filed', null],
      ['file', 'filed', null],
      ['approve', 'rejected', '超出批复的建设框架'],
      ['approve', 'approved', '调减部分设备，同意'],
    ]);
    const audited = (await auditTrail(ds, 'project', code)).map((e) => e.action);
    expect(audited.filter((a) => /^project\.change\.(filed|approved|rejected)$/.test(a))).toEqual([
      'project.change.filed',
      'project.change.filed',
      'project.change.rejected',
      'project.change.approved',
    ]);
    // and a change above the approved estimate is still refused by the API
    const above = await change(code, '60000.00');
    expect(above.status).toBe(400);
    expect(above.body.detail).toContain('above the approved estimate');
  });

  it('given a 10-day contract, then the serious delay fires at contract end + 5 days and not a minute before; a rectification not made in time ends in termination', async () => {
    // given a contract from today to today + 9 (10 days): serious delay 5 days after its end
    const [start, end] = [today(), addDays(today(), 9)];
    const dueAt = seriousDelayAt(start, end);
    const { code, pik } = await construction(start, end);
    await until(
      () => tasks.variableOf(pik, 'seriousDelayAt'),
      (v) => v === dueAt.toISOString(),
      'seriousDelayAt',
    );
    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', owner);
    expect(timeline.body.events).toContainEqual(
      expect.objectContaining({ type: 'deadline-set', ruleId: 'M18', dueAt: dueAt.toISOString() }),
    );

    // when the clock stands a minute before: nothing
    await time.moveTo(new Date(dueAt.getTime() - 60_000));
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await recordsOf(code)).toEqual([]);
    expect((await tasks.openTasks(code)).map((t) => t.elementId)).not.toContain('issue-rectification-order');

    // when it reaches the instant: reported to the EIB, which is asked for a rectification order
    await time.moveTo(dueAt);
    const order = await nextTask(code, 'issue-rectification-order');
    expect(order.candidateGroups).toEqual(['eib']);
    expect(await recordsOf(code)).toEqual([
      expect.objectContaining({
        kind: 'm18-reported',
        details: expect.objectContaining({ trigger: 'serious-delay' }),
      }),
    ]);

    // an order due today is refused (the task reopens with the reason); one due in 3 days is recorded
    await tasks.complete(order.userTaskKey, {
      rectificationOrder: '加快实施进度，增加实施人员',
      rectificationDueDate: today(),
    });
    const again = await nextTask(code, 'issue-rectification-order', [order.userTaskKey]);
    await until(
      () => tasks.variableOf(pik, 'rectificationProblems'),
      (v) => typeof v === 'string' && v.includes('须晚于今天'),
      'rectificationProblems',
    );
    const rectifyBy = addDays(today(), 3);
    await tasks.complete(again.userTaskKey, {
      rectificationOrder: '加快实施进度，增加实施人员',
      rectificationDueDate: rectifyBy,
    });
    const report = await nextTask(code, 'submit-rectification-report');
    expect(report.candidateGroups).toEqual(['psb']);
    const rectificationDueAt = new Date(report.dueDate!);

    // when the deadline passes without a report: breach recorded, the EIB decides
    await time.moveTo(new Date(rectificationDueAt.getTime() + 1_000));
    const decide = await nextTask(code, 'decide-sanction');
    expect(await findBreachesOfProject(ds, code)).toEqual([
      expect.objectContaining({ deadline: 'rectification', rule: 'M18' }),
    ]);
    await tasks.complete(decide.userTaskKey, {
      sanction: 'termination',
      sanctionReason: '逾期未整改，项目终止',
    });

    // then construction ends terminated, with the reason, and nothing stays open
    expect(
      await until(
        () => tasks.variableOf(pik, 'constructionOutcome'),
        (v) => v !== undefined,
        'outcome',
      ),
    ).toBe('terminated');
    expect(await tasks.variableOf(pik, 'terminationReason')).toBe('逾期未整改，项目终止');
    expect(await tasks.variableOf(pik, 'constructionEndedAt')).toEqual(expect.stringMatching(/^\d{4}-.*Z$/));
    expect((await recordsOf(code)).map((r) => r.kind)).toEqual([
      'm18-reported',
      'rectification-ordered',
      'sanction-decided',
      'construction-terminated',
    ]);
    await until(
      () => tasks.openTasks(code),
      (t) => t.every((x) => x.bpmnProcessId !== 'construction'),
      'no task',
    );
  });

  it('given a quarter of construction, then the progress report is due; one flagging a major investment loss starts M18; declaring completion ends the construction', async () => {
    const { code, pik } = await construction(today(), addDays(today(), 364));
    const startedAt = await time.current();

    // when a quarter has passed, the department reports (a progress above 100 % is refused first)
    await time.moveTo(new Date(startedAt.getTime() + 93 * DAY));
    const due = await nextTask(code, 'submit-progress-report');
    expect(due.candidateGroups).toEqual(['psb']);
    await tasks.complete(due.userTaskKey, { progressPercent: 120, progressSummary: '系统开发完成' });
    const again = await nextTask(code, 'submit-progress-report', [due.userTaskKey]);
    // (the variable index may be refreshed after the task index: poll)
    await until(
      () => tasks.variableOf(pik, 'progressProblems'),
      (v) => typeof v === 'string' && v.includes('0%至100%'),
      'progressProblems',
    );
    await tasks.complete(again.userTaskKey, {
      progressPercent: 35,
      progressSummary: '完成需求分析和部分开发',
      progressIssues: '硬件供应商破产，预付款约120万元无法收回',
      majorInvestmentLoss: true,
    });

    // then the report is archived (M15, on the timeline) and the M18 procedure starts
    await nextTask(code, 'issue-rectification-order');
    const [archived] = await progressReportsOf(ds, code);
    expect(archived).toMatchObject({ progressPercent: '35.00', majorInvestmentLoss: true });
    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', owner);
    expect(timeline.body.events).toContainEqual(
      expect.objectContaining({ action: 'project.construction.progress-reported', ruleId: 'M15' }),
    );
    expect((await recordsOf(code))[0]).toMatchObject({
      kind: 'm18-reported',
      details: expect.objectContaining({ trigger: 'investment-loss' }),
    });

    // when the department declares the construction complete
    const complete = await nextTask(code, 'declare-construction-complete');
    await tasks.complete(complete.userTaskKey, { completionSummary: '建设内容全部完成' });

    // then it ends completed, and the open M18 task ends with it
    expect(
      await until(
        () => tasks.variableOf(pik, 'constructionOutcome'),
        (v) => v !== undefined,
        'outcome',
      ),
    ).toBe('completed');
    expect(await tasks.variableOf(pik, 'terminationReason')).toBeNull();
    await until(
      () => tasks.openTasks(code),
      (t) => t.every((x) => x.bpmnProcessId !== 'construction'),
      'no task',
    );
  });
});
