/**
 * The monthly pre-review (M7.3, M4.2, M7.2/M7.4) on the real broker with the controlled clock:
 * opened by session-scheduler on the computed session date (moved off a holiday set after the
 * scheduler computed it), it batches the proposals waiting at that moment, runs the EIB and CAC
 * pre-reviews in parallel and answers each project's lifecycle. A process-level run replaces the
 * registry and messaging handlers with tiny in-test workers; another keeps the real recording of
 * the opinions, which stops a proposal whose opinion is missing with an incident naming it.
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar';
import { scheduleForTest } from '../../src/shared/testing/calendar';
import { endOfShanghaiDay, shanghaiDateOf, shanghaiTime, yearOf } from '../../src/calendar/domain/local-date';
import { nominalSessionDate } from '../../src/calendar/domain/rules';
import { JobType, MessageName, ProcessId } from '../../src/shared/bpmn';
import { ProjectStage } from '../../src/projects';
import { camundaMessaging, sessionHistory, SessionKind } from '../../src/sessions';
import {
  clockProbe,
  completeUserTask,
  deployStandIn,
  placeProject,
  receivedAnswers,
  startStandIn,
  waitForTasks,
} from '../../src/sessions/testing';
import {
  deploy,
  openDataSource,
  quietLog,
  testCamunda,
  testConfig,
  uniqueProjectCode,
} from '../../src/shared/testing';
import { complete, defineWorker, startWorkers, type RunningWorkers } from '../../workers/runtime';
import { workers } from '../../workers/registry';
import { projectRecordDecisionWorker } from '../../workers/project-record-decision';
import { auditTrail } from '../../src/audit';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { z } from 'zod';
import { brokerTime } from '../../src/shared/testing/broker-time';

const here = (f: string) => path.join(__dirname, f);
const files = [
  here('monthly-pre-review.bpmn'),
  here('eib-pre-review.form'),
  here('cac-security-pre-review.form'),
  path.join(__dirname, '..', 'session-scheduler', 'session-scheduler.bpmn'),
  path.join(__dirname, '..', 'decisions', 'plan-year.dmn'),
];
const MINUTE = 60_000;

/** An in-test worker of `type` completing with what `handle` returns for its variables. */
const fake = <T extends z.ZodObject>(type: JobType, variables: T, handle: (v: z.output<T>) => unknown) =>
  defineWorker({
    type,
    title: type,
    description: type,
    variables,
    outputs: {},
    handle: async (v) => complete(handle(v)),
  });

describe('monthly-pre-review', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  let running: RunningWorkers | undefined;
  const time = brokerTime(camunda.clock);
  let undo: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ds = await openDataSource();
    await deploy(camunda, ...files);
    await deployStandIn(camunda);
    await time.sync();
  });
  afterAll(async () => {
    await undo?.();
    await camunda.close();
    await ds.destroy();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  /** Workers on the broker's time, which runs ahead of the wall clock after each jump. */
  const run = async (defs: Parameters<typeof startWorkers>[0]) => {
    running = await startWorkers(defs, {
      zeebe: camunda.zeebe,
      mode: testConfig().WORKER_MODE,
      maxJobs: 8,
      jobTimeoutMs: 30_000,
      log: quietLog(),
      deps: {
        dataSource: ds,
        calendar: new CalendarService(ds, 0),
        now: time.now,
        messaging: camundaMessaging(camunda.zeebe, camunda.addresses.rest),
      },
    });
  };
  const { moveTo } = time;
  const sessionKeyOf = async (code: string) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const [row] = (await ds.query(
        'SELECT session_instance_key AS k, session_period AS p FROM session_item WHERE project_code = ?',
        [code],
      )) as { k: string; p: string }[];
      if (row) return { key: String(row.k), period: row.p };
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`no session batched ${code}`);
  };

  it('opens on the session day computed on the calendar — moved off a holiday set while it waits — batches both waiting proposals, runs EIB and CAC in parallel and answers both lifecycles', async () => {
    // given a year ahead of the broker's clock, and a scheduler started for March's session there
    // (it computes the 4th Thursday, a working day so far, and waits)
    const year = yearOf(shanghaiDateOf(new Date(await camunda.clock.now()))) + 1;
    const march = `${year}-03`;
    const thursday = nominalSessionDate(march, 'fourth-thursday');
    await run(workers);
    await camunda.zeebe.publishMessage({
      name: MessageName.SessionSchedulerStart,
      correlationKey: `it-${SessionKind.MonthlyPreReview}-${Date.now()}`,
      timeToLive: 0,
      variables: { sessionKind: SessionKind.MonthlyPreReview, sessionPeriod: march, recheckHours: 24 },
    });
    // and the calendar administrator then declares that Thursday a holiday
    undo = await scheduleForTest(ds, year, [{ date: thursday, kind: 'holiday', name: '测试假日' }]);
    // and two proposals wait for pre-review: one submitted 23:30 on 31 August (city time), one 00:30 on 1 September
    const onCutoff = uniqueProjectCode();
    const afterCutoff = uniqueProjectCode();
    await placeProject(ds, {
      code: onCutoff,
      stage: ProjectStage.AwaitingPreReview,
      submittedAt: new Date(`${year - 1}-08-31T15:30:00Z`),
    });
    await placeProject(ds, {
      code: afterCutoff,
      stage: ProjectStage.AwaitingPreReview,
      submittedAt: new Date(`${year - 1}-08-31T16:30:00Z`),
    });
    await startStandIn(camunda, onCutoff, 'pre-review');
    await startStandIn(camunda, afterCutoff, 'pre-review');

    // when the clock passes 09:00 on the (now holiday) Thursday
    const probe = await clockProbe(camunda, shanghaiTime(thursday, 9, 30));
    await moveTo(shanghaiTime(thursday, 10));
    // then the broker has processed the timers due by then (control), but no session batched the proposals
    expect(await probe.fired()).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await sessionHistory(ds, onCutoff)).toEqual([]);

    // when the clock passes 09:00 on Friday, the next working day
    const friday = shanghaiDateOf(new Date(shanghaiTime(thursday, 12).getTime() + 24 * 60 * MINUTE));
    await moveTo(shanghaiTime(friday, 9, 1));
    // then March's session batched both proposals, in round 1
    const session = await sessionKeyOf(onCutoff);
    expect(session.period).toBe(march);
    expect((await sessionKeyOf(afterCutoff)).key).toBe(session.key);
    // and the EIB and CAC pre-reviews of both are open at the same time, due at the end of the session day
    const tasks = await waitForTasks(session.key, (open) => {
      const mine = open.filter((t) => t.projectCode === onCutoff || t.projectCode === afterCutoff);
      return mine.length === 4 ? mine : undefined;
    });
    const task = (code: string, elementId: string) =>
      tasks.find((t) => t.projectCode === code && t.elementId === elementId)!;
    expect(task(onCutoff, 'eib-pre-review').candidateGroups).toEqual(['eib']);
    expect(task(onCutoff, 'cac-security-pre-review').candidateGroups).toEqual(['cac']);
    expect(new Date(task(afterCutoff, 'cac-security-pre-review').dueDate!).toISOString()).toBe(
      endOfShanghaiDay(friday).toISOString(),
    );

    // when the CAC answers first, then the EIB: the first proposal passes both, the second fails the CAC's review
    await completeUserTask(camunda, task(onCutoff, 'cac-security-pre-review').userTaskKey, {
      cacPassed: true,
      cacSecurityShare: 8.5,
      cacRisks: '数据集中存储，需分级保护',
      cacOpinion: '同意，按等保三级建设',
    });
    await completeUserTask(camunda, task(afterCutoff, 'cac-security-pre-review').userTaskKey, {
      cacPassed: false,
      cacSecurityShare: 0.5,
      cacRisks: '未列网络安全投入',
      cacOpinion: '网络和数据安全投入比例过低',
    });
    await completeUserTask(camunda, task(onCutoff, 'eib-pre-review').userTaskKey, {
      eibPassed: true,
      eibOpinion: '符合规划，同意',
    });
    await completeUserTask(camunda, task(afterCutoff, 'eib-pre-review').userTaskKey, {
      eibPassed: true,
      eibOpinion: '符合规划',
    });

    // then each lifecycle received pre-review-decided on its project code; the plan of `year` (by
    // the 31 August cut-off) opened last September, so the pass joins the next plan (M7.4)
    const answers = await receivedAnswers(camunda, [onCutoff, afterCutoff]);
    expect(answers.get(onCutoff)).toMatchObject({
      preReviewPassed: true,
      preReviewReasons: null,
      planYear: year + 1,
      preReviewRound: 1,
    });
    expect(answers.get(afterCutoff)).toMatchObject({
      preReviewPassed: false,
      preReviewReasons: '市委网信办：网络和数据安全投入比例过低',
      planYear: null,
      preReviewRound: 1,
    });
    // and the registry keeps the session's side of it
    expect(await sessionHistory(ds, afterCutoff)).toEqual([
      expect.objectContaining({
        kind: SessionKind.MonthlyPreReview,
        period: march,
        round: 1,
        outcome: 'failed',
        reasons: '市委网信办：网络和数据安全投入比例过低',
      }),
    ]);
    expect((await sessionHistory(ds, onCutoff))[0]).toMatchObject({ outcome: 'passed', planYear: year + 1 });
  }, 300_000);

  it('process level, handlers replaced: a proposal submitted on 1 September in New York time passes into the plan after next; a failure carries the EIB reason', async () => {
    // given in-test workers for the registry and the messages, and the real plan-year DMN
    const published: Record<string, unknown>[] = [];
    await run([
      fake(JobType.DeadlineCompute, z.object({}), () => ({
        dueAt: '2099-01-01T00:00:00.000Z',
        calendarWarning: null,
      })),
      fake(JobType.SessionBatchProjects, z.object({ sessionPeriod: z.string() }), () => ({
        sessionProjectCount: 2,
        sessionProjects: [
          {
            projectCode: 'PL-2098-0001',
            round: 2,
            facts: '甲',
            title: '甲',
            budgetEstimate: '1.00',
            submittedAt: '2097-08-31T20:00:00-04:00',
          },
          {
            projectCode: 'PL-2098-0002',
            round: 1,
            facts: '乙',
            title: '乙',
            budgetEstimate: '1.00',
            submittedAt: '2097-03-01T09:00:00+08:00',
          },
        ],
      })),
      fake(JobType.SessionPublishDecision, z.object({}).passthrough(), (v) => {
        published.push(v);
        return { decisionDelivered: 'answered' };
      }),
      fake(JobType.ProjectRecordDecision, z.object({}), () => ({})),
    ]);
    // when a session is opened for a month of its own
    const period = `2098-0${1 + Math.floor(Math.random() * 9)}`;
    await camunda.zeebe.publishMessage({
      name: MessageName.PreReviewSessionDue,
      correlationKey: `${period}-${Date.now()}`,
      timeToLive: 0,
      variables: {
        sessionKind: SessionKind.MonthlyPreReview,
        sessionPeriod: period,
        sessionDate: `${period}-25`,
        sessionAt: `${period}-25T01:00:00.000Z`,
      },
    });
    // then four pre-review tasks are open at once; the officers decide
    const sessionKey = await waitForSessionOf(camunda, 'PL-2098-0001');
    const tasks = await waitForTasks(sessionKey, (open) => (open.length === 4 ? open : undefined));
    for (const t of tasks) {
      const first = t.projectCode === 'PL-2098-0001';
      await completeUserTask(
        camunda,
        t.userTaskKey,
        t.elementId === 'eib-pre-review'
          ? { eibPassed: first, eibOpinion: first ? '同意' : '不符合全市信息化发展规划' }
          : { cacPassed: true, cacSecurityShare: 10, cacRisks: '无重大风险', cacOpinion: '同意' },
      );
    }
    // then both decisions were handed to the publishing step with the contract's values
    const deadline = Date.now() + 30_000;
    while (published.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    const byCode = new Map(published.map((p) => [p.projectCode, p]));
    expect(byCode.get('PL-2098-0001')).toMatchObject({
      sessionKind: 'monthly-pre-review',
      sessionRound: 2,
      decisionPassed: true,
      decisionReasons: null,
      planYear: 2099,
    });
    expect(byCode.get('PL-2098-0002')).toMatchObject({
      sessionRound: 1,
      decisionPassed: false,
      decisionReasons: '市经济和信息化局：不符合全市信息化发展规划',
      planYear: null,
    });
  }, 300_000);

  it('process level, opinions recorded for real: a pre-review without its opinion is an incident naming the variable; complete ones are recorded and published', async () => {
    // given two proposals in the registry (at a stage no real session batches: the batch is in-test),
    // the real recording of the opinions, and in-test batch and publishing
    const blank = uniqueProjectCode();
    const filled = uniqueProjectCode();
    for (const code of [blank, filled])
      await placeProject(ds, {
        code,
        stage: ProjectStage.Intake,
        submittedAt: new Date('2097-03-01T01:00:00Z'),
      });
    const published: Record<string, unknown>[] = [];
    await run([
      projectRecordDecisionWorker,
      fake(JobType.DeadlineCompute, z.object({}), () => ({
        dueAt: '2099-01-01T00:00:00.000Z',
        calendarWarning: null,
      })),
      fake(JobType.SessionBatchProjects, z.object({}), () => ({
        sessionProjectCount: 2,
        sessionProjects: [blank, filled].map((projectCode) => ({
          projectCode,
          round: 1,
          facts: projectCode,
          title: projectCode,
          budgetEstimate: '1.00',
          submittedAt: '2097-03-01T09:00:00+08:00',
        })),
      })),
      fake(JobType.SessionPublishDecision, z.object({}).passthrough(), (v) => {
        published.push(v);
        return { decisionDelivered: 'answered' };
      }),
    ]);
    const period = `2097-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}`;
    await camunda.zeebe.publishMessage({
      name: MessageName.PreReviewSessionDue,
      correlationKey: `${period}-${Date.now()}`,
      timeToLive: 0,
      variables: {
        sessionKind: SessionKind.MonthlyPreReview,
        sessionPeriod: period,
        sessionDate: `${period}-25`,
        sessionAt: `${period}-25T01:00:00.000Z`,
      },
    });
    const sessionKey = await waitForSessionOf(camunda, blank);
    const tasks = await waitForTasks(sessionKey, (open) => (open.length === 4 ? open : undefined));

    // when the EIB passes the first with a blank opinion and the CAC passes it without the security
    // share (forms bypassed), and both review the second completely
    for (const t of tasks) {
      const complete = t.projectCode === filled;
      await completeUserTask(
        camunda,
        t.userTaskKey,
        t.elementId === 'eib-pre-review'
          ? { eibPassed: true, eibOpinion: complete ? '符合规划，同意' : '  ' }
          : {
              cacPassed: true,
              cacRisks: '数据集中存储，需分级保护',
              cacOpinion: '同意，按等保三级建设',
              ...(complete ? { cacSecurityShare: 8.5 } : {}),
            },
      );
    }

    // then the first stops: an incident on each record step, naming the variable
    const raised = userTasks();
    const deadline = Date.now() + 30_000;
    let found: { elementId: string; errorMessage: string }[] = [];
    while (found.length < 2 && Date.now() < deadline) {
      found = await raised.incidents(blank);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(
      found.map((i) => [i.elementId, /eibOpinion|cacSecurityShare/.exec(i.errorMessage)?.[0]]).sort(),
    ).toEqual([
      ['record-cac-security-pre-review', 'cacSecurityShare'],
      ['record-eib-pre-review', 'eibOpinion'],
    ]);
    // and the second is published as passed, its opinions recorded in its timeline
    while (published.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    expect(published.map((p) => [p.projectCode, p.decisionPassed])).toEqual([[filled, true]]);
    const recorded = (await auditTrail(ds, 'project', filled)).filter((e) =>
      e.action.startsWith('project.decision.'),
    );
    expect(recorded.map((e) => e.action).sort()).toEqual([
      'project.decision.cac-security-pre-review',
      'project.decision.eib-pre-review',
    ]);
    // and nothing is recorded for the first
    expect(
      (await auditTrail(ds, 'project', blank)).filter((e) => e.action.startsWith('project.decision.')),
    ).toEqual([]);
  }, 300_000);

  /** The session instance that has a task for `code` (from the exported variable records). */
  async function waitForSessionOf(c: typeof camunda, code: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await fetch(
        `http://127.0.0.1:${testConfig().OPENSEARCH_HTTP_PORT}/zeebe-record_variable*/_search`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            size: 1,
            query: {
              bool: {
                filter: [
                  { term: { 'value.name': 'projectCode' } },
                  { term: { 'value.value': JSON.stringify(code) } },
                  { term: { 'value.bpmnProcessId': ProcessId.MonthlyPreReview } },
                ],
              },
            },
          }),
        },
      );
      if (res.ok) {
        const hits = (
          (await res.json()) as { hits: { hits: { _source: { value: { processInstanceKey: number } } }[] } }
        ).hits.hits;
        if (hits[0]) return String(hits[0]._source.value.processInstanceKey);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    void c;
    throw new Error(`no session instance with project ${code}`);
  }
});
