import path from 'node:path';
import type { DataSource } from 'typeorm';
import { CalendarService, computeDeadline } from '../../src/calendar';
import { scheduleForTest } from '../../src/shared/testing/calendar';
import {
  addDays,
  endOfShanghaiDay,
  isoWeekday,
  shanghaiDateOf,
  shanghaiTime,
  yearOf,
} from '../../src/calendar/domain/local-date';
import { DeadlineEntity } from '../../src/deadlines/data-access/deadline.entity';
import { findBreachesOfProject } from '../../src/deadlines';
import { findReceiptsOfProject } from '../../src/receipts';
import { JobType, MessageName, ProcessId, ReceiptOutcome } from '../../src/shared/bpmn';
import {
  deploy,
  eventually,
  openDataSource,
  quietLog,
  testCamunda,
  testConfig,
  uniqueProjectCode,
  workerDeps,
} from '../../src/shared/testing';
import { deadlineComputeWorker } from '../../workers/deadline-compute';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { receiptRegisterWorker } from '../../workers/receipt-register';
import { startWorkers, type RunningWorkers } from '../../workers/runtime';

const bpmn = path.join(__dirname, 'materials-receipt.bpmn');
const HOUR = 3_600_000;

describe('materials-receipt process', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  let running: RunningWorkers | undefined;
  /** Undoes what a test changed outside its own project (a year's calendar schedule). */
  let undo: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ds = await openDataSource();
    await deploy(camunda, bpmn);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  // The broker's clock only moves forward in this file: moving it back leaves the timer scheduler
  // waiting for its later check, so later timers would not fire. Tests work relative to broker time.
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await undo?.();
    undo = undefined;
  });

  /** Starts workers that share the broker's time (it runs ahead of the wall clock after jumps). */
  const run = async (workers: Parameters<typeof startWorkers>[0]) => {
    const offset = (await camunda.clock.now()) - Date.now();
    running = await startWorkers(workers, {
      zeebe: camunda.zeebe,
      mode: testConfig().WORKER_MODE,
      maxJobs: 4,
      jobTimeoutMs: 30_000,
      log: quietLog(),
      deps: workerDeps(ds, () => new Date(Date.now() + offset)),
    });
  };
  const allWorkers = [receiptRegisterWorker, deadlineComputeWorker, deadlineRecordBreachWorker];
  const deadlinesOf = (projectCode: string) =>
    ds.getRepository(DeadlineEntity).find({ where: { projectCode } });
  const brokerNow = async () => new Date(await camunda.clock.now());
  /** Moves the broker's clock forward to an instant (never back: see above). */
  const moveTo = async (instant: Date) => {
    const now = await camunda.clock.now();
    if (instant.getTime() < now) throw new Error(`the broker clock is already past ${instant.toISOString()}`);
    await camunda.clock.add(instant.getTime() - now);
  };
  /** Started without awaiting a result: clock jumps drop pending create-with-result responses. */
  const start = (projectCode: string, receivedAt: Date) =>
    camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.MaterialsReceipt,
      variables: { projectCode, receivedAt: receivedAt.toISOString() },
    });

  it('registers the receipt, computes the M11.1 first-review deadline and ends when the review completes', async () => {
    // given every worker running and materials received an hour ago (broker time)
    await run(allWorkers);
    const projectCode = uniqueProjectCode();
    const receivedAt = new Date((await camunda.clock.now()) - HOUR);
    const expected = computeDeadline(await new CalendarService(ds).calendarInForce(), receivedAt, {
      workingDays: 5,
    });

    // when the process runs and the EIB then reports the first review done
    const outcome = camunda.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: ProcessId.MaterialsReceipt,
      variables: { projectCode, receivedAt: receivedAt.toISOString() },
      requestTimeout: 30_000,
    });
    const [deadline] = await eventually(() => deadlinesOf(projectCode));
    // buffered for a minute: the receive task may subscribe only after the deadline row is written
    await camunda.zeebe.publishMessage({
      name: MessageName.FirstReviewCompleted,
      correlationKey: projectCode,
      timeToLive: 60_000,
      variables: {},
    });
    const result = await outcome;

    // then one receipt row, the deadline five working days later in the process and the registry, no breach
    const receipts = await findReceiptsOfProject(ds, projectCode);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.processInstanceKey).toBe(result.processInstanceKey);
    expect(result.variables).toMatchObject({
      receiptOutcome: ReceiptOutcome.Registered,
      firstReviewDueDate: expected.dueDate,
      firstReviewDueAt: expected.dueAt.toISOString(),
      firstReviewDueProvisional: expected.provisional,
    });
    expect(deadline).toMatchObject({
      ruleId: 'M11.1',
      dueDate: expected.dueDate,
      state: 'open',
      elementId: 'compute-first-review-deadline',
    });
    // five working days after receipt include at least one weekend
    expect(deadline!.dueAt.getTime() - receivedAt.getTime()).toBeGreaterThan(5 * 24 * HOUR);
    expect(await findBreachesOfProject(ds, projectCode)).toHaveLength(0);
  });

  it('rejects materials dated in the future through the RECEIPT_IN_FUTURE error path, writing nothing', async () => {
    await run(allWorkers);
    const projectCode = uniqueProjectCode();

    const result = await camunda.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: ProcessId.MaterialsReceipt,
      variables: {
        projectCode,
        receivedAt: new Date((await camunda.clock.now()) + 24 * HOUR).toISOString(),
      },
      requestTimeout: 30_000,
    });

    expect(result.variables.receiptOutcome).toBe(ReceiptOutcome.Rejected);
    expect(await findReceiptsOfProject(ds, projectCode)).toHaveLength(0);
    expect(await deadlinesOf(projectCode)).toHaveLength(0);
  });

  it('fires the first-review timer at the end of the 5th working day across a holiday, not before', async () => {
    // given, in the year after the broker's (so the clock only moves forward), an official schedule:
    // receipt on the first Friday of February (day 0), Sunday day 2 worked, days 3–9 a holiday week
    const year = yearOf(shanghaiDateOf(await brokerNow())) + 1;
    let friday = `${year}-02-01`;
    while (isoWeekday(friday) !== 5) friday = addDays(friday, 1);
    const day = (n: number) => addDays(friday, n);
    undo = await scheduleForTest(ds, year, [
      { date: day(2), kind: 'adjusted-workday', name: '春节调休上班' },
      ...[3, 4, 5, 6, 7, 8, 9].map((n) => ({ date: day(n), kind: 'holiday' as const, name: '春节' })),
    ]);
    // and the broker's clock (moved forward only: a pinned clock stalls the timer scheduler) at 10:00 Shanghai on day 0
    await moveTo(shanghaiTime(day(0), 10));
    await run(allWorkers);

    // when materials are received at that time, and (as controls that show what the clock has
    // fired) materials received a week and a day earlier
    const projectCode = uniqueProjectCode();
    const weekEarlier = uniqueProjectCode();
    const dayEarlier = uniqueProjectCode();
    await start(projectCode, shanghaiTime(day(0), 10));
    await start(weekEarlier, shanghaiTime(day(-7), 10));
    await start(dayEarlier, shanghaiTime(day(-1), 10));

    // then the first review is due at the end of Thursday day 13: Sunday day 2 (1), holiday, days 10–13 (2–5)
    const [deadline] = await eventually(() => deadlinesOf(projectCode));
    expect(deadline).toMatchObject({ dueDate: day(13), provisional: false });
    expect(deadline!.dueAt.toISOString()).toBe(endOfShanghaiDay(day(13)).toISOString());
    // and the controls' at the end of day 0 (five weekdays) and of day 12 (days 0, 2, 10, 11, 12)
    expect((await eventually(() => deadlinesOf(weekEarlier)))[0]).toMatchObject({ dueDate: day(0) });
    expect((await eventually(() => deadlinesOf(dayEarlier)))[0]).toMatchObject({ dueDate: day(12) });
    const breachesOf = (code: string) => findBreachesOfProject(ds, code);

    // when the clock passes the end of Friday day 7, where a Monday–Friday count would have ended
    await moveTo(new Date(endOfShanghaiDay(day(7)).getTime() + 30_000));
    // then the timer due on day 0 has fired — the broker has processed what fell due — and neither later one
    expect(await eventually(() => breachesOf(weekEarlier))).toHaveLength(1);
    expect(await breachesOf(projectCode)).toHaveLength(0);
    expect(await breachesOf(dayEarlier)).toHaveLength(0);

    // when the clock stands a minute before the end of Thursday day 13
    await moveTo(new Date(endOfShanghaiDay(day(13)).getTime() - 60_000));
    // then the timer due at the end of day 12 has fired, this one still not
    expect(await eventually(() => breachesOf(dayEarlier))).toHaveLength(1);
    expect(await breachesOf(projectCode)).toHaveLength(0);

    // when it passes 23:59:59 Shanghai on day 13
    await moveTo(new Date(endOfShanghaiDay(day(13)).getTime() + 30_000));
    // then the timer path recorded the missed first review under M11.1
    const [breach] = await eventually(() => breachesOf(projectCode));
    expect(breach).toMatchObject({
      deadline: 'first-review',
      rule: 'M11.1',
      bpmnProcessId: ProcessId.MaterialsReceipt,
    });
  });

  describe('with the receipt.register worker held back', () => {
    it('takes the timer path once the broker clock passes 24 hours: breach recorded, job cancelled', async () => {
      // given an instance whose registration job is locked by a worker that never finishes
      await run([deadlineRecordBreachWorker]);
      const projectCode = uniqueProjectCode();
      const instance = await start(projectCode, await brokerNow());
      const [job] = await waitForJob(projectCode);

      // when the broker's clock moves 24 hours and a minute forward
      const before = await camunda.clock.now();
      await camunda.clock.add(24 * HOUR + 60_000);
      expect((await camunda.clock.now()) - before).toBeGreaterThanOrEqual(24 * HOUR);

      // then the timer path recorded the missed deadline with its rule …
      const [breach] = await eventually(() => findBreachesOfProject(ds, projectCode));
      expect(breach).toMatchObject({
        processInstanceKey: instance.processInstanceKey,
        bpmnProcessId: ProcessId.MaterialsReceipt,
        deadline: 'receipt-registration',
        rule: 'M11.1',
      });
      // … the interrupting timer cancelled the job, so the stuck worker can no longer complete it …
      await expect(camunda.zeebe.completeJob({ jobKey: job!.key, variables: {} })).rejects.toThrow(
        /NOT_FOUND/,
      );
      // … and no receipt was registered
      expect(await findReceiptsOfProject(ds, projectCode)).toHaveLength(0);
    });

    it('does not fire the registration timer before 24 hours have passed', async () => {
      // given an instance waiting for registration, and (as a control) one that has waited 2 hours longer
      await run([deadlineRecordBreachWorker]);
      const control = uniqueProjectCode();
      await start(control, await brokerNow());
      await waitForJob(control);
      await camunda.clock.add(2 * HOUR);
      const projectCode = uniqueProjectCode();
      await start(projectCode, await brokerNow());
      const [job] = await waitForJob(projectCode);

      // when 23 hours pass on the broker's clock (25 for the control)
      await camunda.clock.add(23 * HOUR);

      // then the control's timer fired — the broker has processed what fell due —
      expect(await eventually(() => findBreachesOfProject(ds, control))).toHaveLength(1);
      // while this instance's job still exists and completes normally, and no breach was recorded
      await expect(
        camunda.zeebe.completeJob({
          jobKey: job!.key,
          variables: { receiptId: '0', registeredAt: 'manual' },
        }),
      ).resolves.toEqual({});
      expect(await findBreachesOfProject(ds, projectCode)).toHaveLength(0);
    });
  });

  /** Activates (locks) the registration job of this project's instance, as a stuck worker would. */
  async function waitForJob(projectCode: string) {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const jobs = await camunda.zeebe.activateJobs({
        type: JobType.ReceiptRegister,
        worker: 'held-back-test',
        maxJobsToActivate: 10,
        timeout: 48 * HOUR, // longer than any clock jump below, so the lock holds
        requestTimeout: 2_000,
      });
      const mine = jobs.filter((j) => (j.variables as { projectCode?: string }).projectCode === projectCode);
      if (mine.length > 0) return mine;
    }
    throw new Error(`no ${JobType.ReceiptRegister} job appeared for ${projectCode}`);
  }
});
