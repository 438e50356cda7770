/**
 * `technical-review-2020` (the repealed 2020 measures: T22, T11–T16, T24) on the real broker with the
 * controlled clock and every worker: the 15-working-day deadline across a holiday week, the
 * conformance checklist and opinion that a decision needs, a running instance untouched by a new
 * deployment of the current rules' review, and an opinion that expires after a year before the
 * approval (last: it moves the broker's clock by a year).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { CalendarService, computeDeadline } from '../../src/calendar';
import {
  addMonths,
  endOfShanghaiDay,
  shanghaiDateOf,
  shanghaiTime,
} from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { NotificationEntity } from '../../src/notifications/data-access/notification.entity';
import { reviewsOfProject } from '../../src/reviews';
import { ProcessId } from '../../src/shared/bpmn';
import { deployResources } from '../../src/shared/camunda';
import { paths } from '../../src/shared/config';
import {
  eventually,
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  testCamunda,
  testConfig,
  workerDeps,
} from '../../src/shared/testing';
import { goldenWeekForTest } from '../../src/shared/testing/calendar';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { Role } from '../../src/users';
import { deadlineComputeWorker } from '../../workers/deadline-compute';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { reviewCheckConformanceWorker } from '../../workers/review-check-conformance';
import { reviewOpenRoundWorker } from '../../workers/review-open-round';
import { reviewRecordOutcomeWorker } from '../../workers/review-record-outcome';
import { testWorkers } from '../../workers/runtime/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHECKLIST = ['T11', 'T12', 'T13', 'T14', 'T15', 'T16'];
const allConform = Object.fromEntries(CHECKLIST.map((rule) => [`conformance${rule}`, 'yes']));

/** This folder's BPMN and forms, as one deployment. */
const ownResources = () =>
  fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))
    .map((f) => ({ name: f, content: fs.readFileSync(path.join(__dirname, f)) }));

describe('technical-review-2020 process (T22, T11–T16, T24)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  const opensearch = `http://127.0.0.1:${testConfig().OPENSEARCH_HTTP_PORT}`;
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let owner: string;
  let undo: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    owner = await signedIn(ds, 'review2020-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    await deployResources(camunda.zeebe, ownResources());
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  // the broker's clock only moves forward (see README, "Tests"): tests work relative to it
  afterEach(async () => {
    await stop();
    await undo?.();
    undo = undefined;
  });

  /** Every worker of the process, on the broker's time (it runs ahead of the wall clock after jumps). */
  const { start: run, stop } = testWorkers(
    camunda.zeebe,
    time,
    [
      reviewOpenRoundWorker,
      reviewCheckConformanceWorker,
      reviewRecordOutcomeWorker,
      deadlineComputeWorker,
      deadlineRecordBreachWorker,
    ],
    (now) => workerDeps(ds, now),
  );
  const brokerNow = time.current;
  const { moveTo } = time;
  /** Moves the clock with the workers stopped, so that what they record next is on the new time. */
  const moveWorkersTo = async (instant: Date) => {
    await stop();
    await moveTo(instant);
    await run();
  };

  const project = () => submittedProject(app, owner, { title: '2020年版办法评审测试项目', ruleSet: 'T' });
  /** Started without awaiting a result: clock jumps drop pending create-with-result responses. */
  const start = (projectCode: string, materialsReceivedAt?: Date) =>
    camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.TechnicalReview2020,
      variables: {
        projectCode,
        departmentCode: 'psb',
        projectTitle: '2020年版办法评审测试项目',
        budgetEstimate: '1000000.00',
        ...(materialsReceivedAt ? { materialsReceivedAt: materialsReceivedAt.toISOString() } : {}),
      },
    });
  const completeNext = async (code: string, elementId: string, variables: Record<string, unknown>) => {
    const [task] = await tasks.waitFor(code, elementId);
    await tasks.complete(task!.userTaskKey, variables);
    return task!;
  };
  const pass = (code: string, opinion = '符合2020年版办法各项要求，同意通过') =>
    completeNext(code, 'conformance-review', {
      ...allConform,
      reviewPassed: true,
      reviewOpinion: opinion,
      reviewer: '李工',
    });
  const variableOf = async (processInstanceKey: string, name: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await tasks.variableOf(processInstanceKey, name);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no ${name} in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const dueOf = async (start: Date, workingDays: number) =>
    computeDeadline(await new CalendarService(ds).calendarInForce(), start, { workingDays });
  const escalationsOf = (code: string) =>
    ds.getRepository(NotificationEntity).findBy({ projectCode: code, kind: 'deadline-escalated' });
  /** The definition an instance completed under, from the exported process-instance records. */
  const completedDefinitionOf = async (processInstanceKey: string) => {
    const [hit] = await eventually(async () => {
      const res = await fetch(`${opensearch}/zeebe-record_process-instance_*/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          size: 1,
          query: {
            bool: {
              filter: [
                { term: { 'value.processInstanceKey': processInstanceKey } },
                { term: { 'value.bpmnElementType': 'PROCESS' } },
                { term: { intent: 'ELEMENT_COMPLETED' } },
              ],
            },
          },
        }),
      });
      if (!res.ok) return [];
      const body = (await res.json()) as {
        hits: { hits: { _source: { value: Record<string, string | number> } }[] };
      };
      return body.hits.hits.map((h) => h._source.value);
    }, 30_000);
    if (!hit) throw new Error(`instance ${processInstanceKey} has not completed`);
    return { processDefinitionKey: String(hit.processDefinitionKey), version: Number(hit.version) };
  };

  it('given a holiday week with an adjusted working Sunday, when the review stays open past its 15th working day, then the breach is recorded under T22 and escalated at that instant, not before, and the task stays open', async () => {
    // given an official schedule for the year of a Friday soon after the broker's clock (day 0):
    // Sunday day 2 worked, days 3–9 a holiday week (as National Day's golden week with its Sunday),
    // the whole 15 working days inside that year. Soon, not a year ahead (see technical-review).
    const week = await goldenWeekForTest(ds, await brokerNow(), 30);
    undo = week.undo;
    const { day } = week;
    await moveTo(shanghaiTime(day(0), 10));
    await run();
    // the project, and a control received a day earlier (due at the end of Wednesday day 26)
    const code = await project();
    const control = await project();
    await start(code, shanghaiTime(day(0), 10));
    await start(control, shanghaiTime(day(-1), 10));

    // then the review is due at the end of Thursday day 27: day 2 (1), days 10–14 (2–6),
    // 17–21 (7–11), 24–27 (12–15) — the holiday week does not count, the worked Sunday does
    const [task] = await tasks.waitFor(code, 'conformance-review');
    expect(task!.candidateGroups).toEqual(['eib']);
    expect(new Date(task!.dueDate!).toISOString()).toBe(endOfShanghaiDay(day(27)).toISOString());
    const [controlTask] = await tasks.waitFor(control, 'conformance-review');
    expect(new Date(controlTask!.dueDate!).toISOString()).toBe(endOfShanghaiDay(day(26)).toISOString());

    // when the clock stands a minute before the end of day 27: the control fired, this one not
    await moveTo(new Date(endOfShanghaiDay(day(27)).getTime() - 60_000));
    expect(await eventually(() => findBreachesOfProject(ds, control), 30_000)).toEqual([
      expect.objectContaining({ deadline: 'review-2020', rule: 'T22' }),
    ]);
    expect(await findBreachesOfProject(ds, code)).toHaveLength(0);

    // when it passes the end of day 27
    await moveTo(new Date(endOfShanghaiDay(day(27)).getTime() + 30_000));
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'review-2020',
      rule: 'T22',
      bpmnProcessId: ProcessId.TechnicalReview2020,
    });
    // then the EIB's supervisor is told (督办), once, and the task is still the same open one
    expect(await eventually(() => escalationsOf(code), 15_000)).toEqual([
      expect.objectContaining({ candidateGroups: 'eib', taskName: expect.stringContaining('T22') }),
    ]);
    const [stillOpen] = await tasks.waitFor(code, 'conformance-review');
    expect(stillOpen!.userTaskKey).toBe(task!.userTaskKey);
  });

  it('given the review form, when a decision comes without its written opinion or with an unanswered checklist item, then it is refused (an incident) and nothing is recorded; a complete one passes', async () => {
    // given the form: every T11–T16 item a required yes/no naming its rule, the opinion required
    const form = JSON.parse(
      fs.readFileSync(path.join(__dirname, 'technical-review-2020-review.form'), 'utf8'),
    ) as { components: { key?: string; type: string; label?: string; validate?: object }[] };
    const field = (key: string) => form.components.find((c) => c.key === key);
    for (const rule of CHECKLIST)
      expect(field(`conformance${rule}`)).toMatchObject({
        type: 'radio',
        label: expect.stringMatching(new RegExp(`^${rule}：`)),
        validate: { required: true },
      });
    expect(field('reviewOpinion')).toMatchObject({ validate: { required: true, minLength: 4 } });

    await run();
    const noOpinion = await project();
    const unanswered = await project();
    const complete = await project();
    await Promise.all([start(noOpinion), start(unanswered), start(complete)]);

    // when the form is bypassed: a pass without the opinion, and one without T14's answer
    await completeNext(noOpinion, 'conformance-review', {
      ...allConform,
      reviewPassed: true,
      reviewOpinion: ' ',
    });
    await completeNext(unanswered, 'conformance-review', {
      ...allConform,
      conformanceT14: null,
      reviewPassed: true,
      reviewOpinion: '同意通过',
    });
    // and, the positive control, a complete decision
    await pass(complete);

    // then the first two raise an incident naming what is missing, and record nothing
    const [missingOpinion] = await eventually(() => tasks.incidents(noOpinion), 30_000);
    expect(missingOpinion).toMatchObject({ elementId: 'check-conformance' });
    expect(missingOpinion!.errorMessage).toMatch(/reviewOpinion is required/);
    const [missingItem] = await eventually(() => tasks.incidents(unanswered), 30_000);
    expect(missingItem).toMatchObject({ elementId: 'check-conformance' });
    expect(missingItem!.errorMessage).toMatch(/conformanceT14 must be answered yes or no/);
    for (const code of [noOpinion, unanswered]) {
      expect(await reviewsOfProject(ds, code)).toEqual([
        expect.objectContaining({ roundNo: 1, ruleSet: 'T', outcome: 'pending', opinions: [] }),
      ]);
      const actions = (await auditTrail(ds, 'project', code)).map((e) => e.action);
      expect(actions).not.toContain('project.review.conformance-checked');
      expect(actions).not.toContain('project.review.decided');
    }
    // and the complete one is recorded with its checklist and waits for the approval
    await tasks.waitFor(complete, 'issue-approval');
    expect(await tasks.incidents(complete)).toEqual([]);
    const [round] = await reviewsOfProject(ds, complete);
    expect(round).toMatchObject({ roundNo: 1, ruleSet: 'T', outcome: 'passed' });
    const checked = (await auditTrail(ds, 'project', complete)).filter(
      (e) => e.action === 'project.review.conformance-checked',
    );
    expect(checked).toEqual([
      expect.objectContaining({
        afterState: expect.objectContaining({
          roundNo: 1,
          answers: Object.fromEntries(CHECKLIST.map((r) => [r, 'yes'])),
          nonConforming: [],
        }),
      }),
    ]);
  });

  it('given a running instance, when a changed technical-review (current rules) is deployed, then the instance completes under its own definition with its 15-working-day deadline, and technical-review-2020 keeps its version', async () => {
    // given a running instance of technical-review-2020
    await run();
    const code = await project();
    const receivedAt = new Date((await camunda.clock.now()) - HOUR);
    const started = await start(code, receivedAt);
    const [task] = await tasks.waitFor(code, 'conformance-review');

    // when a changed current-rules review is deployed mid-way (a positive control: a new version)
    const currentXml = fs.readFileSync(
      path.join(paths.workflows, 'technical-review', 'technical-review.bpmn'),
      'utf8',
    );
    const changedXml = currentXml.replace(
      '<bpmn:process id="technical-review" name="技术评审"',
      '<bpmn:process id="technical-review" name="技术评审（变更测试）"',
    );
    expect(changedXml).not.toBe(currentXml);
    const [before] = await deployResources(camunda.zeebe, [
      { name: 'technical-review.bpmn', content: currentXml },
    ]);
    const [changed] = await deployResources(camunda.zeebe, [
      { name: 'technical-review.bpmn', content: changedXml },
    ]);
    expect(changed).toMatchObject({ id: ProcessId.TechnicalReview, version: before!.version + 1 });
    expect(changed!.key).not.toBe(before!.key);

    // then the running instance goes on under its own definition: its 15-working-day deadline …
    expect(new Date(task!.dueDate!).toISOString()).toBe((await dueOf(receivedAt, 15)).dueAt.toISOString());
    await pass(code);
    await completeNext(code, 'issue-approval', { approvalReference: '经信批〔2020〕12号' });
    expect(await variableOf(started.processInstanceKey, 'reviewOutcome')).toBe('passed');
    expect(await variableOf(started.processInstanceKey, 'approvalReference')).toBe('经信批〔2020〕12号');
    // … the definition it completed under is the one it started with
    const completed = await completedDefinitionOf(started.processInstanceKey);
    expect(completed.processDefinitionKey).toBe(String(started.processDefinitionKey));
    expect(completed.version).toBe(Number(started.version));
    // and technical-review-2020's latest version is still that one: deploying it again changes nothing,
    // and a new instance starts under it
    const again = await deployResources(camunda.zeebe, ownResources());
    expect(again.find((d) => d.id === ProcessId.TechnicalReview2020)).toMatchObject({
      key: String(started.processDefinitionKey),
      version: Number(started.version),
    });
    const next = await start(await project());
    expect(String(next.processDefinitionKey)).toBe(String(started.processDefinitionKey));
    // the current rules' review is left as the repository has it, for the suites after this one
    const restored = await deployResources(camunda.zeebe, [
      { name: 'technical-review.bpmn', content: currentXml },
    ]);
    expect(restored[0]!.version).toBe(changed!.version + 1);
  });

  it('given a passed review, when a year passes before the approval document, then the opinion expires (T24, recorded and escalated), the approval closes, and a new round must pass before the approval', async () => {
    // given a control whose opinion is issued a day before the project's
    await run();
    const control = await project();
    const code = await project();
    await start(control);
    await pass(control);
    await tasks.waitFor(control, 'issue-approval');
    await moveWorkersTo(new Date((await camunda.clock.now()) + DAY));
    const started = await start(code);
    await pass(code);

    // then the approval task is due when the opinion expires: the end of the same date a year later
    const [approval] = await tasks.waitFor(code, 'issue-approval');
    const [passed] = await reviewsOfProject(ds, code);
    const validUntil = endOfShanghaiDay(addMonths(shanghaiDateOf(passed!.decidedAt!), 12));
    expect(new Date(approval!.dueDate!).toISOString()).toBe(validUntil.toISOString());

    // when the clock stands a minute before that: the control's opinion expired, this one not
    await moveWorkersTo(new Date(validUntil.getTime() - 60_000));
    expect(await eventually(() => findBreachesOfProject(ds, control), 30_000)).toEqual([
      expect.objectContaining({ deadline: 'review-opinion-validity', rule: 'T24' }),
    ]);
    await tasks.waitFor(control, 'conformance-review');
    expect(await findBreachesOfProject(ds, code)).toHaveLength(0);
    expect((await tasks.waitFor(code, 'issue-approval'))[0]!.userTaskKey).toBe(approval!.userTaskKey);

    // when the year is over
    await moveWorkersTo(new Date(validUntil.getTime() + 30_000));

    // then the expiry is recorded under T24 and the EIB is told, once
    const [expiry] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(expiry).toMatchObject({
      deadline: 'review-opinion-validity',
      rule: 'T24',
      bpmnProcessId: ProcessId.TechnicalReview2020,
    });
    expect(await eventually(() => escalationsOf(code), 15_000)).toEqual([
      expect.objectContaining({ candidateGroups: 'eib', taskName: expect.stringContaining('T24') }),
    ]);
    // and the approval can no longer be issued: its task is closed, a new round is open
    const [renewal] = await tasks.waitFor(code, 'conformance-review');
    expect((await tasks.openTasks(code)).map((t) => t.elementId)).toEqual(['conformance-review']);
    const rounds = await reviewsOfProject(ds, code);
    expect(rounds.map((r) => [r.roundNo, r.ruleSet, r.outcome])).toEqual([
      [1, 'T', 'passed'],
      [2, 'T', 'pending'],
    ]);
    expect(new Date(renewal!.dueDate!).toISOString()).toBe(
      (await dueOf(rounds[1]!.receivedAt, 15)).dueAt.toISOString(),
    );
    expect(await tasks.variableOf(started.processInstanceKey, 'reviewOutcome')).toBeUndefined();

    // when the renewed review passes, the approval is issued
    await pass(code, '重新评审：仍符合2020年版办法各项要求，同意通过');
    await completeNext(code, 'issue-approval', { approvalReference: '经信批〔2020〕30号' });
    expect(await variableOf(started.processInstanceKey, 'reviewOutcome')).toBe('passed');
    expect(await variableOf(started.processInstanceKey, 'approvalReference')).toBe('经信批〔2020〕30号');
    expect((await reviewsOfProject(ds, code)).map((r) => r.outcome)).toEqual(['passed', 'passed']);
  });
});
