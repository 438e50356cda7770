/**
 * The annual plan (M7.1) on the real broker with the controlled clock: opened by session-scheduler
 * in September (first working day, computed on the calendar), it collects the projects passed for
 * next year's plan, runs the joint review of five agencies in parallel, the EIB funding check per
 * project, the City Government's approval and Finance's budget, then tells each project's
 * lifecycle whether it is in the plan — and an excluded one why.
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar';
import { shanghaiDateOf, shanghaiTime, yearOf } from '../../src/calendar/domain/local-date';
import { MessageName } from '../../src/shared/bpmn';
import { ProjectStage } from '../../src/projects';
import { camundaMessaging, sessionHistory, SessionKind, sessionSlot } from '../../src/sessions';
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
import { startWorkers, type RunningWorkers } from '../../workers/runtime';
import { workers } from '../../workers/registry';
import { brokerTime } from '../../src/shared/testing/broker-time';

const here = (f: string) => path.join(__dirname, f);

describe('annual-plan', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  let running: RunningWorkers | undefined;
  const time = brokerTime(camunda.clock);

  beforeAll(async () => {
    ds = await openDataSource();
    await deploy(
      camunda,
      here('annual-plan.bpmn'),
      here('annual-plan-joint-review.form'),
      here('annual-plan-funding-check.form'),
      here('annual-plan-city-government-approval.form'),
      here('annual-plan-finance-budget.form'),
      path.join(__dirname, '..', 'session-scheduler', 'session-scheduler.bpmn'),
    );
    await deployStandIn(camunda);
    await time.sync();
    running = await startWorkers(workers, {
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
  });
  afterAll(async () => {
    await running?.stop();
    await camunda.close();
    await ds.destroy();
  });

  const { moveTo } = time;

  it('fires in September, runs the joint review, releases the included project and tells the excluded one why', async () => {
    // given a year ahead of the broker's clock, its September session computed on the calendar
    const year = yearOf(shanghaiDateOf(new Date(await camunda.clock.now()))) + 1;
    const slot = sessionSlot(
      await new CalendarService(ds, 0).calendarInForce(),
      SessionKind.AnnualPlan,
      String(year),
    );
    expect(slot.date.slice(0, 7)).toBe(`${year}-09`);
    // and two projects passed at pre-review for the plan of the year after, each lifecycle waiting
    const included = uniqueProjectCode();
    const excluded = uniqueProjectCode();
    const submittedAt = new Date(`${year - 1}-05-10T02:00:00Z`);
    await placeProject(ds, {
      code: included,
      stage: ProjectStage.AwaitingAnnualPlan,
      submittedAt,
      planYear: year + 1,
    });
    await placeProject(ds, {
      code: excluded,
      stage: ProjectStage.AwaitingAnnualPlan,
      submittedAt,
      planYear: year + 1,
      budgetEstimate: '98000000.00',
    });
    // and a project of another plan year, which this plan must leave alone
    const otherYear = uniqueProjectCode();
    await placeProject(ds, {
      code: otherYear,
      stage: ProjectStage.AwaitingAnnualPlan,
      submittedAt,
      planYear: year + 2,
    });
    await startStandIn(camunda, included, 'annual-plan');
    await startStandIn(camunda, excluded, 'annual-plan');
    // and the annual-plan scheduler running for that year
    await camunda.zeebe.publishMessage({
      name: MessageName.SessionSchedulerStart,
      correlationKey: `it-${SessionKind.AnnualPlan}-${Date.now()}`,
      timeToLive: 0,
      variables: { sessionKind: SessionKind.AnnualPlan, sessionPeriod: String(year), recheckHours: 24 },
    });

    // when the clock stands at 08:30 on the session day
    const probe = await clockProbe(camunda, shanghaiTime(slot.date, 8, 20));
    await moveTo(shanghaiTime(slot.date, 8, 30));
    // then timers due by then have fired (control) but the plan has not opened
    expect(await probe.fired()).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await sessionHistory(ds, included)).toEqual([]);

    // when it passes 09:00
    await moveTo(shanghaiTime(slot.date, 9, 1));
    // then the plan collected both projects of plan year Y+1, not the other one
    const sessionKey = await (async () => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const h = await sessionHistory(ds, included);
        if (h[0]) {
          const [row] = (await ds.query(
            'SELECT session_instance_key AS k FROM session_item WHERE project_code = ?',
            [included],
          )) as { k: string }[];
          return String(row!.k);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error('the annual plan did not collect the project');
    })();
    expect((await sessionHistory(ds, excluded))[0]).toMatchObject({
      kind: SessionKind.AnnualPlan,
      period: String(year),
    });
    expect(await sessionHistory(ds, otherYear)).toEqual([]);

    // and the five agencies' joint review is open at once (会签)
    const joint = await waitForTasks(sessionKey, (open) => {
      const j = open.filter((t) => t.elementId.endsWith('-plan-review'));
      return j.length === 5 ? j : undefined;
    });
    expect(joint.map((t) => t.candidateGroups[0]).sort()).toEqual([
      'cac',
      'drc',
      'eib',
      'finance',
      'secrecy',
    ]);
    for (const t of joint)
      await completeUserTask(camunda, t.userTaskKey, {
        planAgrees: true,
        planOpinion: `${t.candidateGroups[0]} 同意`,
      });

    // when the EIB funds one project and not the other
    const funding = await waitForTasks(sessionKey, (open) => {
      const f = open.filter(
        (t) =>
          t.elementId === 'eib-funding-check' && (t.projectCode === included || t.projectCode === excluded),
      );
      return f.length === 2 ? f : undefined;
    });
    for (const t of funding)
      await completeUserTask(
        camunda,
        t.userTaskKey,
        t.projectCode === included
          ? { fundingApproved: true }
          : { fundingApproved: false, fundingReason: '资金需求超出年度财力安排' },
      );
    // and the City Government approves, Finance budgets
    const [city] = await waitForTasks(sessionKey, (open) => {
      const c = open.filter((t) => t.elementId === 'city-government-approval');
      return c.length === 1 ? c : undefined;
    });
    expect(city!.candidateGroups).toEqual(['city-gov']);
    await completeUserTask(camunda, city!.userTaskKey, { cityGovApproved: true, cityGovOpinion: '同意' });
    const [budget] = await waitForTasks(sessionKey, (open) => {
      const b = open.filter((t) => t.elementId === 'finance-budget');
      return b.length === 1 ? b : undefined;
    });
    await completeUserTask(camunda, budget!.userTaskKey, { budgetOpinion: '按审定结果安排预算' });

    // then the included project's lifecycle is released and the excluded one learns why
    const answers = await receivedAnswers(camunda, [included, excluded]);
    expect(answers.get(included)).toMatchObject({
      includedInPlan: true,
      planExclusionReason: null,
      planYear: year + 1,
    });
    expect(answers.get(excluded)).toMatchObject({
      includedInPlan: false,
      planExclusionReason: '市经济和信息化局资金审核未通过：资金需求超出年度财力安排',
      planYear: year + 1,
    });
    expect((await sessionHistory(ds, excluded))[0]).toMatchObject({ outcome: 'excluded' });
  }, 300_000);
});
