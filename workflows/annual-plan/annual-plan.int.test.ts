/**
 * The annual plan (M7.1) on the real broker with the controlled clock: opened by session-scheduler
 * in September (the first working day after September's pre-review session, computed on the
 * calendar), it collects the projects passed for
 * next year's plan, runs the joint review of five agencies in parallel, the EIB funding check per
 * project, the City Government's approval and Finance's budget, then tells each project's
 * lifecycle whether it is in the plan — and an excluded one why. An opinion or reason left blank
 * (a form bypassed) stops the plan with an incident naming the variable until it is given. Its
 * paths are also run with the handlers replaced by in-test workers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar';
import { shanghaiDateOf, shanghaiTime, yearOf } from '../../src/calendar/domain/local-date';
import { JobType, MessageName } from '../../src/shared/bpmn';
import { deployResources } from '../../src/shared/camunda';
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
  processCopy,
} from '../../src/shared/testing';
import { startWorkers, type RunningWorkers } from '../../workers/runtime';
import { workers } from '../../workers/registry';
import { brokerTime } from '../../src/shared/testing/broker-time';
import { userTasks } from '../../src/shared/testing/user-tasks';

const here = (f: string) => path.join(__dirname, f);

/** M7.1: the agencies of the annual plan's joint review (会签), one task each, sorted. */
const JOINT_REVIEW_GROUPS = ['cac', 'drc', 'eib', 'finance', 'secrecy'];

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
  const incidents = userTasks();

  /** Polls until an incident of the projects' instances on `elementId` names `variable`, else throws. */
  async function incidentNaming(codes: string[], elementId: string, variable: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const raised = (await Promise.all(codes.map((c) => incidents.incidents(c)))).flat();
      const found = raised.find((i) => i.elementId === elementId && i.errorMessage.includes(variable));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no incident on ${elementId} naming ${variable}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  /** The element instance an incident was raised in (from the exported incident record). */
  async function incidentScope(incidentKey: string): Promise<string> {
    const res = await fetch(
      `http://127.0.0.1:${testConfig().OPENSEARCH_HTTP_PORT}/zeebe-record_incident_*/_search`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ size: 1, query: { term: { key: incidentKey } } }),
      },
    );
    const body = (await res.json()) as {
      hits: { hits: { _source: { value: { elementInstanceKey: number } } }[] };
    };
    return String(body.hits.hits[0]!._source.value.elementInstanceKey);
  }
  /** Gives the variables and retries the failed job, as an administrator does in Operate. */
  async function resolveWith(
    incident: { key: string; jobKey: string },
    elementInstanceKey: string,
    variables: Record<string, unknown>,
  ) {
    await camunda.zeebe.setVariables({ elementInstanceKey, variables, local: false });
    await camunda.zeebe.updateJobRetries({ jobKey: incident.jobKey, retries: 1 });
    await camunda.zeebe.resolveIncident({ incidentKey: incident.key });
  }

  it('fires in September, runs the joint review, releases the included project and tells the excluded one why', async () => {
    // given a year ahead of the broker's clock, its plan computed on the calendar: in September,
    // after that month's pre-review session
    const year = yearOf(shanghaiDateOf(new Date(await camunda.clock.now()))) + 1;
    const calendar = await new CalendarService(ds, 0).calendarInForce();
    const slot = sessionSlot(calendar, SessionKind.AnnualPlan, String(year));
    expect(slot.date.slice(0, 7)).toBe(`${year}-09`);
    expect(slot.date > sessionSlot(calendar, SessionKind.MonthlyPreReview, `${year}-09`).date).toBe(true);
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
    expect(joint.map((t) => t.candidateGroups[0]).sort()).toEqual(JOINT_REVIEW_GROUPS);
    // when four agencies give their opinion and the Secrecy Bureau's is left blank (a form bypassed)
    for (const t of joint)
      await completeUserTask(camunda, t.userTaskKey, {
        planAgrees: true,
        planOpinion: t.candidateGroups[0] === 'secrecy' ? ' ' : `${t.candidateGroups[0]} 同意`,
      });
    // then the plan stops at recording the joint review, with an incident naming the variable
    const blankOpinion = await incidentNaming(
      [included, excluded],
      'record-joint-review',
      'secrecyPlanOpinion',
    );
    // when an administrator sets the opinion and retries, then the plan goes on to the funding check
    await resolveWith(blankOpinion, sessionKey, { secrecyPlanOpinion: '不涉密，同意' });

    // when the EIB funds one project and not the other
    const funding = await waitForTasks(sessionKey, (open) => {
      const f = open.filter(
        (t) =>
          t.elementId === 'eib-funding-check' && (t.projectCode === included || t.projectCode === excluded),
      );
      return f.length === 2 ? f : undefined;
    });
    // (the refusal first without its reason)
    for (const t of funding)
      await completeUserTask(
        camunda,
        t.userTaskKey,
        t.projectCode === included
          ? { fundingApproved: true }
          : { fundingApproved: false, fundingReason: '' },
      );
    // then the refusal without a reason is an incident naming fundingReason, on that project's record
    const blankReason = await incidentNaming([excluded], 'record-funding-checks', 'fundingReason');
    // when an administrator sets the reason on that record and retries, then it is the one the project learns
    await resolveWith(blankReason, await incidentScope(blankReason.key), {
      fundingReason: '资金需求超出年度财力安排',
    });
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
    // and the City Government's decision is on the record of each project in the plan (M7.1)
    const cityDecisions = (await ds.query(
      `SELECT entity_id AS code, JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.rule')) AS rule FROM audit_log
        WHERE action = 'project.decision.plan-city-gov-approval' AND entity_id IN (?, ?) ORDER BY entity_id`,
      [included, excluded],
    )) as { code: string; rule: string }[];
    expect(cityDecisions.map((d) => [d.code, d.rule])).toEqual(
      [included, excluded].sort().map((c) => [c, 'M7.1']),
    );
  }, 300_000);
});

/**
 * Path coverage with the handlers replaced: a copy of the model under its own process id, start
 * message and job types, served by in-test workers (the batch names each plan's projects, the
 * publishing step records each answer). The plan has no timer of its own: session-scheduler opens
 * it (covered in workflows/session-scheduler).
 */
describe('annual-plan (handlers replaced)', () => {
  const tag = `it${Date.now().toString(36)}`;
  const processId = `${tag}-annual-plan`;
  const opens = `${tag}-annual-plan-session-due`;
  const dueAt = '2099-09-30T15:59:59.999Z';
  type Vars = Record<string, unknown>;
  type PlanProject = { projectCode: string; round: number };
  const camunda = testCamunda();
  const tasks = userTasks();
  const closers: (() => Promise<unknown>)[] = [];
  /** Per plan (its period): the projects the batch returns, its instance, what the handlers received. */
  const batches: Record<string, PlanProject[]> = {};
  const instances: Record<string, string> = {};
  const deadlineInputs: Record<string, Vars> = {};
  const published: Record<string, Vars[]> = {};
  let seq = 0;

  beforeAll(async () => {
    const xml = processCopy(here('annual-plan.bpmn'), 'annual-plan', processId)
      .replace(/name="annual-plan-session-due"/, `name="${opens}"`)
      .replace(/type="(deadline|session|project)\./g, `type="${tag}.$1.`);
    await deployResources(camunda.zeebe, [
      { name: `${processId}.bpmn`, content: xml },
      ...[
        'annual-plan-joint-review.form',
        'annual-plan-funding-check.form',
        'annual-plan-city-government-approval.form',
        'annual-plan-finance-budget.form',
      ].map((f) => ({ name: f, content: fs.readFileSync(here(f)) })),
    ]);
    const worker = (type: string, handle: (v: Vars, processInstanceKey: string) => Vars) => {
      const w = camunda.zeebe.createWorker<Vars, Vars, Vars>({
        taskType: `${tag}.${type}`,
        taskHandler: (job) => job.complete(handle(job.variables, job.processInstanceKey)),
      });
      closers.push(() => w.close());
    };
    worker(JobType.DeadlineCompute, (v) => {
      deadlineInputs[String(v.sessionPeriod)] = v;
      return { dueAt, calendarWarning: null };
    });
    worker(JobType.SessionBatchProjects, (v, processInstanceKey) => {
      const period = String(v.sessionPeriod);
      instances[period] = processInstanceKey;
      const projects = batches[period] ?? [];
      return {
        sessionProjects: projects.map((p) => ({
          ...p,
          facts: `项目 ${p.projectCode}`,
          title: `项目 ${p.projectCode}`,
          budgetEstimate: '1000000.00',
          submittedAt: '2097-05-10T10:00:00+08:00',
        })),
        sessionProjectCount: projects.length,
        sessionProjectsText: projects.map((p) => p.projectCode).join('\n'),
        sessionBudgetTotal: '1000000.00',
        planYear: Number(period) + 1,
      };
    });
    worker(JobType.SessionPublishDecision, (v) => {
      (published[String(v.sessionPeriod)] ??= []).push(v);
      return { decisionDelivered: 'answered' };
    });
    // the opinions and reasons are recorded (and checked: workers/project-record-decision) without a registry
    worker(JobType.ProjectRecordDecision, () => ({}));
  });
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    await camunda.close();
  });

  /** Opens the plan of a year of its own that collects `projects`; answers its instance key. */
  async function open(projects: PlanProject[]) {
    seq += 1;
    const period = String(2090 + seq);
    batches[period] = projects;
    await camunda.zeebe.publishMessage({
      name: opens,
      correlationKey: period,
      timeToLive: 0,
      variables: {
        sessionKind: SessionKind.AnnualPlan,
        sessionPeriod: period,
        sessionDate: `${period}-09-24`,
        sessionAt: `${period}-09-24T01:00:00.000Z`,
      },
    });
    const deadline = Date.now() + 30_000;
    while (!instances[period] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (!instances[period]) throw new Error(`the plan of ${period} did not open`);
    return { period, processInstanceKey: instances[period] };
  }
  /** The five agencies answer the joint review (all agree unless named in `disagree`). */
  async function jointReview(processInstanceKey: string, disagree: string[] = []) {
    const joint = await waitForTasks(processInstanceKey, (open) => {
      const j = open.filter((t) => t.elementId.endsWith('-plan-review'));
      return j.length === 5 ? j : undefined;
    });
    for (const t of joint) {
      const group = t.candidateGroups[0]!;
      await completeUserTask(camunda, t.userTaskKey, {
        planAgrees: !disagree.includes(group),
        planOpinion: `${group} 意见`,
      });
    }
    return joint;
  }
  /** The EIB's funding check of each project: approved, or refused with the reason given. */
  async function fundingCheck(
    plan: { period: string; processInstanceKey: string },
    refusals: Record<string, string> = {},
  ) {
    const checks = await waitForTasks(plan.processInstanceKey, (open) => {
      const f = open.filter((t) => t.elementId === 'eib-funding-check' && t.projectCode);
      return f.length === batches[plan.period]!.length ? f : undefined;
    });
    for (const t of checks) {
      const reason = refusals[t.projectCode!];
      await completeUserTask(
        camunda,
        t.userTaskKey,
        reason ? { fundingApproved: false, fundingReason: reason } : { fundingApproved: true },
      );
    }
  }
  async function openTask(processInstanceKey: string, elementId: string) {
    const [task] = await waitForTasks(processInstanceKey, (open) => {
      const t = open.filter((o) => o.elementId === elementId);
      return t.length === 1 ? t : undefined;
    });
    return task!;
  }
  /** The decisions published for the plan's projects, by project code, once all are. */
  async function answers(period: string) {
    const deadline = Date.now() + 30_000;
    while ((published[period]?.length ?? 0) < batches[period]!.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    return new Map((published[period] ?? []).map((v) => [v.projectCode, v]));
  }

  it('when the City Government rejects the plan, excludes every project with its opinion and skips the budget', async () => {
    // given a plan of two projects, both agreed by the joint review and funded by the EIB
    const { period, processInstanceKey } = await open([
      { projectCode: 'AP-CITY-1', round: 1 },
      { projectCode: 'AP-CITY-2', round: 1 },
    ]);
    await jointReview(processInstanceKey);
    await fundingCheck({ period, processInstanceKey });

    // when the City Government does not approve it
    const city = await openTask(processInstanceKey, 'city-government-approval');
    expect(city.candidateGroups).toEqual(['city-gov']);
    await completeUserTask(camunda, city.userTaskKey, {
      cityGovApproved: false,
      cityGovOpinion: '财力不足，暂缓安排',
    });

    // then both projects are excluded with the City Government's opinion
    const decided = await answers(period);
    for (const code of ['AP-CITY-1', 'AP-CITY-2'])
      expect(decided.get(code)).toMatchObject({
        sessionKind: SessionKind.AnnualPlan,
        decisionPassed: false,
        decisionReasons: '市人民政府未批准年度计划：财力不足，暂缓安排',
        planYear: Number(period) + 1,
      });
    // and Finance was never asked to budget
    const ran = await tasks.completedElements(processInstanceKey);
    expect(ran).toContain('annual-plan-decided');
    expect(ran).not.toContain('finance-budget');
  });

  it('excludes a project the EIB does not fund, with its reason, and releases the others; the City Government sees the funding and every agency opinion', async () => {
    // given a plan of three projects; the CAC disagrees in the joint review
    const { period, processInstanceKey } = await open([
      { projectCode: 'AP-FUND-1', round: 1 },
      { projectCode: 'AP-FUND-2', round: 1 },
      { projectCode: 'AP-FUND-3', round: 1 },
    ]);
    await jointReview(processInstanceKey, ['cac']);

    // when the EIB refuses the funds of the second one
    await fundingCheck({ period, processInstanceKey }, { 'AP-FUND-2': '资金需求超出年度财力安排' });

    // then the City Government's task shows the funding result of each project and the agencies' opinions
    const city = await openTask(processInstanceKey, 'city-government-approval');
    expect(await tasks.variableWhenSet(processInstanceKey, 'fundingSummary')).toBe(
      [
        'AP-FUND-1：资金审核通过',
        'AP-FUND-2：资金审核未通过（资金需求超出年度财力安排）',
        'AP-FUND-3：资金审核通过',
      ].join('\n'),
    );
    expect(await tasks.variableWhenSet(processInstanceKey, 'jointReviewOpinions')).toContain(
      '市委网信办：不同意。cac 意见',
    );
    // when it approves and Finance budgets
    await completeUserTask(camunda, city.userTaskKey, { cityGovApproved: true, cityGovOpinion: '同意' });
    const budget = await openTask(processInstanceKey, 'finance-budget');
    expect(budget.candidateGroups).toEqual(['finance']);
    await completeUserTask(camunda, budget.userTaskKey, { budgetOpinion: '按审定结果安排预算' });

    // then the refused project is excluded with the EIB's reason, the others go on
    const decided = await answers(period);
    expect(decided.get('AP-FUND-2')).toMatchObject({
      decisionPassed: false,
      decisionReasons: '市经济和信息化局资金审核未通过：资金需求超出年度财力安排',
    });
    for (const code of ['AP-FUND-1', 'AP-FUND-3'])
      expect(decided.get(code)).toMatchObject({ decisionPassed: true, decisionReasons: null });
  });

  it('releases every project when all is approved, each with its round and the plan year; every task is due on 30 September', async () => {
    // given a plan of a first-round and a second-round project, opened on 24 September
    const { period, processInstanceKey } = await open([
      { projectCode: 'AP-ALL-1', round: 1 },
      { projectCode: 'AP-ALL-2', round: 2 },
    ]);

    // then the deadline is asked for the end of September, counted from the session
    await waitForTasks(processInstanceKey, (open) => (open.length === 5 ? open : undefined));
    expect(deadlineInputs[period]).toMatchObject({
      deadlineStart: `${period}-09-24T01:00:00.000Z`,
      deadlineRule: { calendarDays: 6 },
      ruleId: 'M7.1',
    });
    // and the five agencies review at once (会签), each task due then
    const joint = await jointReview(processInstanceKey);
    expect(joint.map((t) => t.candidateGroups[0]).sort()).toEqual(JOINT_REVIEW_GROUPS);
    expect(new Set(joint.map((t) => new Date(t.dueDate!).toISOString()))).toEqual(new Set([dueAt]));

    // when every project is funded, the City Government approves and Finance budgets
    await fundingCheck({ period, processInstanceKey });
    const city = await openTask(processInstanceKey, 'city-government-approval');
    await completeUserTask(camunda, city.userTaskKey, { cityGovApproved: true, cityGovOpinion: '同意' });
    const budget = await openTask(processInstanceKey, 'finance-budget');
    await completeUserTask(camunda, budget.userTaskKey, { budgetOpinion: '同意' });

    // then each project is released into the plan of the year after, with its round
    const decided = await answers(period);
    expect(decided.get('AP-ALL-1')).toMatchObject({
      decisionPassed: true,
      decisionReasons: null,
      sessionRound: 1,
      planYear: Number(period) + 1,
    });
    expect(decided.get('AP-ALL-2')).toMatchObject({ decisionPassed: true, sessionRound: 2 });
  });

  it('ends without a task or an answer when no project waits for the plan', async () => {
    // when a plan opens with nothing to collect
    const { period, processInstanceKey } = await open([]);

    // then it ends at once: no joint review, nothing published
    const ran = await tasks.completedElements(processInstanceKey);
    expect(ran).toContain('no-plan-projects-end');
    expect(ran).not.toContain('split-joint-review');
    expect(published[period]).toBeUndefined();
  });
});
