/**
 * `technical-review` (M11.1–M11.5) on the real broker with the controlled clock and every worker:
 * both review rounds, the restart after two failures (recorded against the designer), a decision
 * without its opinion, materials dated in the future, and the deadline timers (non-interrupting:
 * breach, escalation, task open).
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { CalendarService, computeDeadline } from '../../src/calendar';
import { goldenWeekForTest } from '../../src/shared/testing/calendar';
import { endOfShanghaiDay, shanghaiTime } from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { NotificationEntity } from '../../src/notifications/data-access/notification.entity';
import { reviewsOfProject } from '../../src/reviews';
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
import { userTasks } from '../../src/shared/testing/user-tasks';
import { creditCodeProblem } from '../../src/units';
import { Role } from '../../src/users';
import { deadlineComputeWorker } from '../../workers/deadline-compute';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { reviewOpenRoundWorker } from '../../workers/review-open-round';
import { reviewRecordOutcomeWorker } from '../../workers/review-record-outcome';
import { testWorkers } from '../../workers/runtime/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';

const HOUR = 3_600_000;

/** A valid unified social credit code no other test uses (17 random characters and the check one). */
function freshCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = `9154${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 1e5)
    .toString()
    .padStart(5, '0')}`;
  const code = [...alphabet].map((c) => body + c).find((c) => !creditCodeProblem(c));
  return code!;
}

describe('technical-review process (M11.1–M11.5)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let owner: string;
  let admin: string;
  let undo: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    owner = await signedIn(ds, 'review-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    admin = await signedIn(ds, 'review-admin', [Role.Administrator]);
    await deployFolder(camunda, __dirname);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  // The broker's clock only moves forward here: moving it back leaves the timer scheduler waiting
  // for its later check, so later timers would not fire. Tests work relative to broker time.
  afterEach(async () => {
    await workers.stop();
    await undo?.();
    undo = undefined;
  });

  /** Every worker of the process, on the broker's time (it runs ahead of the wall clock after jumps). */
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [reviewOpenRoundWorker, reviewRecordOutcomeWorker, deadlineComputeWorker, deadlineRecordBreachWorker],
    (now) => workerDeps(ds, now),
  );
  const run = workers.start;
  const brokerNow = time.current;
  const { moveTo } = time;

  /** A project in the registry (psb's), its designer recorded when asked. */
  const project = async (designer?: string) => {
    const code = await submittedProject(app, owner, { title: '技术评审测试项目' });
    if (designer) {
      const res = await request(app)
        .put(`/api/projects/${code}/units/designer`)
        .set('authorization', owner)
        .send({ creditCode: designer, name: '某某设计院有限公司' });
      expect(res.status).toBe(200);
    }
    return code;
  };
  /** Started without awaiting a result: clock jumps drop pending create-with-result responses. */
  const start = (projectCode: string, materialsReceivedAt?: Date) =>
    camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.TechnicalReview,
      variables: {
        projectCode,
        departmentCode: 'psb',
        projectTitle: '技术评审测试项目',
        ...(materialsReceivedAt ? { materialsReceivedAt: materialsReceivedAt.toISOString() } : {}),
      },
    });
  const completeNext = async (code: string, elementId: string, variables: Record<string, unknown>) => {
    const [task] = await tasks.waitFor(code, elementId);
    await tasks.complete(task!.userTaskKey, variables);
    return task!;
  };
  const outcomeOf = async (processInstanceKey: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await tasks.variableOf(processInstanceKey, 'reviewOutcome');
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no reviewOutcome in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const dueOf = async (start: Date, workingDays: number) =>
    computeDeadline(await new CalendarService(ds).calendarInForce(), start, { workingDays });

  it('given a failed first review, when the department revises and the second review passes, then the report closes the review; both rounds are readable over HTTP', async () => {
    await run();
    const code = await project();
    const receivedAt = new Date((await camunda.clock.now()) - HOUR);
    const { processInstanceKey } = await start(code, receivedAt);

    // the first review is the EIB's, due five working days after receipt
    const first = await completeNext(code, 'first-review', {
      reviewPassed: false,
      reviewOpinion: '密码应用方案缺少等级保护测评内容',
      reviewer: '张工',
    });
    expect(first.candidateGroups).toEqual(['eib']);
    expect(first.dueDate && new Date(first.dueDate).toISOString()).toBe(
      (await dueOf(receivedAt, 5)).dueAt.toISOString(),
    );
    // failed: written feedback (M11.3), then the department revises (M11.4)
    const feedback = await completeNext(code, 'issue-written-feedback', {
      feedbackReference: '经信评函〔2026〕7号',
    });
    expect(feedback.candidateGroups).toEqual(['eib']);
    const revise = await completeNext(code, 'revise-materials', { revisionSummary: '补充等级保护测评内容' });
    expect(revise.candidateGroups).toEqual(['psb']);
    expect(revise.dueDate).not.toBeNull();
    const second = await completeNext(code, 'second-review', {
      reviewPassed: true,
      reviewOpinion: '修改后符合要求，同意通过',
    });
    expect(second.candidateGroups).toEqual(['eib']);
    await completeNext(code, 'issue-review-report', { approvalReference: '经信批〔2026〕21号' });

    await expect(outcomeOf(processInstanceKey)).resolves.toBe('passed');
    expect(await tasks.variableOf(processInstanceKey, 'approvalReference')).toBe('经信批〔2026〕21号');
    const rounds = await reviewsOfProject(ds, code);
    expect(rounds.map((r) => [r.roundNo, r.outcome])).toEqual([
      [1, 'failed'],
      [2, 'passed'],
    ]);
    expect(rounds[0]!.receivedAt.toISOString()).toBe(receivedAt.toISOString());
    expect(rounds[0]!.opinions).toEqual([
      expect.objectContaining({
        agencyCode: 'eib',
        author: '张工',
        opinion: '密码应用方案缺少等级保护测评内容',
      }),
    ]);
    const http = await request(app).get(`/api/projects/${code}/reviews`).set('authorization', owner);
    expect(http.status).toBe(200);
    expect(http.body.rounds.map((r: { outcome: string }) => r.outcome)).toEqual(['failed', 'passed']);
    expect(await findBreachesOfProject(ds, code)).toHaveLength(0);
    // and the project's timeline shows each round's receipt with its rule
    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', owner);
    expect(timeline.body.events.filter((e: { type: string }) => e.type === 'materials-received')).toEqual([
      { at: receivedAt.toISOString(), type: 'materials-received', ruleId: 'M11.1', reviewRound: 1 },
      expect.objectContaining({ type: 'materials-received', ruleId: 'M11.1', reviewRound: 2 }),
    ]);
  });

  it('given two failed reviews, when the department re-prepares the materials, then the failure is recorded against the designer and the review starts over with round 3', async () => {
    await run();
    const designer = freshCreditCode();
    const code = await project(designer);
    const { processInstanceKey } = await start(code);

    await completeNext(code, 'first-review', { reviewPassed: false, reviewOpinion: '可行性研究深度不足' });
    await completeNext(code, 'issue-written-feedback', { feedbackReference: '经信评函〔2026〕8号' });
    await completeNext(code, 'revise-materials', { revisionSummary: '补充需求分析' });
    await completeNext(code, 'second-review', { reviewPassed: false, reviewOpinion: '仍未达到要求' });
    const again = await completeNext(code, 're-prepare-materials', {
      revisionSummary: '重新编制可行性研究报告',
    });
    expect(again.candidateGroups).toEqual(['psb']);

    // the review starts over: a first review again, of round 3, due five working days after it opened
    const [restart] = await tasks.waitFor(code, 'first-review');
    const rounds = await reviewsOfProject(ds, code);
    expect(rounds.map((r) => [r.roundNo, r.outcome, r.designerCreditCode])).toEqual([
      [1, 'failed', designer],
      [2, 'failed', designer],
      [3, 'pending', designer],
    ]);
    expect(new Date(restart!.dueDate!).toISOString()).toBe(
      (await dueOf(rounds[2]!.receivedAt, 5)).dueAt.toISOString(),
    );
    const timeline = await auditTrail(ds, 'project', code);
    expect(timeline.filter((e) => e.action === 'project.review.designer-failed')).toEqual([
      expect.objectContaining({
        afterState: expect.objectContaining({ rule: 'M11.5', designerCreditCode: designer }),
      }),
    ]);
    const unitTrail = await auditTrail(ds, 'unit', designer);
    expect(unitTrail.map((e) => e.action)).toEqual(['unit.review-failed-twice']);
    expect(await tasks.variableOf(processInstanceKey, 'reviewOutcome')).toBeUndefined();
  });

  it('given a review decision without its written opinion, when it is recorded, then an incident names reviewOpinion and the round stays pending', async () => {
    await run();
    const code = await project();
    await start(code);

    await completeNext(code, 'first-review', { reviewPassed: true, reviewOpinion: ' ' });

    const [incident] = await eventually(() => tasks.incidents(code), 30_000);
    expect(incident).toMatchObject({ elementId: 'record-first-review' });
    expect(incident!.errorMessage).toMatch(/reviewOpinion is required/);
    const [round] = await reviewsOfProject(ds, code);
    expect(round).toMatchObject({ roundNo: 1, outcome: 'pending', opinions: [] });
    expect((await auditTrail(ds, 'project', code)).map((e) => e.action)).not.toContain(
      'project.review.decided',
    );
  });

  it('given materials dated in the future, when the first round would open, then an incident names materialsReceivedAt and no clock starts; once the variable is corrected and the incident resolved, the review goes on', async () => {
    // given materials dated tomorrow (broker time)
    await run();
    const code = await project();
    const tomorrow = new Date((await camunda.clock.now()) + 24 * HOUR);

    // when the review starts
    const { processInstanceKey } = await start(code, tomorrow);

    // then the round is not opened: an incident on open-first-round names the variable and what to do
    const [incident] = await eventually(() => tasks.incidents(code), 30_000);
    expect(incident).toMatchObject({ elementId: 'open-first-round' });
    expect(incident!.errorMessage).toMatch(
      /materialsReceivedAt \(材料接收时间\) .* is later than now .*set materialsReceivedAt to when the EIB received the materials/,
    );
    expect(await reviewsOfProject(ds, code)).toEqual([]);
    expect(await tasks.openTasks(code)).toEqual([]);

    // when an administrator corrects the variable and resolves the incident (as in Operate)
    const receivedAt = new Date((await camunda.clock.now()) - HOUR);
    await camunda.zeebe.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { materialsReceivedAt: receivedAt.toISOString() },
      local: false,
    });
    await camunda.zeebe.updateJobRetries({ jobKey: incident!.jobKey, retries: 1 });
    await camunda.zeebe.resolveIncident({ incidentKey: incident!.key });

    // then the round opens received at the corrected time, and the first review is due 5 working days later
    const [task] = await tasks.waitFor(code, 'first-review');
    expect(new Date(task!.dueDate!).toISOString()).toBe((await dueOf(receivedAt, 5)).dueAt.toISOString());
    const rounds = await reviewsOfProject(ds, code);
    expect(rounds.map((r) => [r.roundNo, r.outcome, r.receivedAt.toISOString()])).toEqual([
      [1, 'pending', receivedAt.toISOString()],
    ]);
  });

  it('given a holiday week with an adjusted working Sunday, when the first review stays open past its 5th working day, then the breach is recorded and escalated at that instant, not before, and the task stays open', async () => {
    // given an official schedule for the year of a Friday soon after the broker's clock (day 0):
    // Sunday day 2 worked, days 3–9 a holiday week (as National Day's golden week with its Sunday).
    // Soon, not a year ahead: the session schedulers of the shared stack open a session for every
    // month the clock passes, and those sessions batch every proposal left waiting by other suites.
    const week = await goldenWeekForTest(ds, await brokerNow(), 14);
    undo = week.undo;
    const { day } = week;
    await moveTo(shanghaiTime(day(0), 10));
    await run();
    // the project, and a control received a day earlier (due at the end of day 12)
    const code = await project();
    const control = await project();
    await start(code, shanghaiTime(day(0), 10));
    await start(control, shanghaiTime(day(-1), 10));

    // then the first review is due at the end of Thursday day 13: day 2 (1), days 10–13 (2–5)
    const [task] = await tasks.waitFor(code, 'first-review');
    expect(new Date(task!.dueDate!).toISOString()).toBe(endOfShanghaiDay(day(13)).toISOString());
    await tasks.waitFor(control, 'first-review');

    // when the clock stands a minute before the end of day 13: the control fired, this one not
    await moveTo(new Date(endOfShanghaiDay(day(13)).getTime() - 60_000));
    expect(await eventually(() => findBreachesOfProject(ds, control), 30_000)).toHaveLength(1);
    expect(await findBreachesOfProject(ds, code)).toHaveLength(0);

    // when it passes the end of day 13
    await moveTo(new Date(endOfShanghaiDay(day(13)).getTime() + 30_000));
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'first-review',
      rule: 'M11.1',
      bpmnProcessId: ProcessId.TechnicalReview,
    });
    // then the EIB's supervisor is told (督办), once
    const escalations = await eventually(
      () => ds.getRepository(NotificationEntity).findBy({ projectCode: code, kind: 'deadline-escalated' }),
      15_000,
    );
    expect(escalations).toEqual([
      expect.objectContaining({ candidateGroups: 'eib', taskName: expect.stringContaining('M11.1') }),
    ]);
    // and the task is still open: completing it carries the review on (the report's deadline
    // counts from the broker's now: the workers follow the moved clock)
    const [stillOpen] = await tasks.waitFor(code, 'first-review');
    expect(stillOpen!.userTaskKey).toBe(task!.userTaskKey);
    await tasks.complete(stillOpen!.userTaskKey, { reviewPassed: true, reviewOpinion: '迟到的评审：通过' });
    const [report] = await tasks.waitFor(code, 'issue-review-report');
    expect(report!.candidateGroups).toEqual(['eib']);
    const notifications = await request(app)
      .get(`/api/notifications?projectCode=${code}&kind=deadline-escalated`)
      .set('authorization', admin);
    expect(notifications.status).toBe(200);
    expect(notifications.body.items).toHaveLength(1);
  });
});
