/**
 * `settlement-review` (M21) on the real broker with its workers and the `settlement-review-route`
 * DMN, started as the lifecycle calls it: the 100 M yuan boundary both ways through the process
 * (100 000 000.00 → the EIB's financial review, 100 000 000.01 → audit), each due 2 months after the
 * later of final acceptance and settlement; and negative or non-numeric amounts refused with their
 * reasons, nothing recorded, before a valid settlement goes on. Dates follow the broker's clock.
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { settlementOf } from '../../src/acceptance';
import { CalendarService, computeDeadline } from '../../src/calendar';
import { addDays, shanghaiDateOf, shanghaiTime } from '../../src/calendar/domain/local-date';
import { ProcessId } from '../../src/shared/bpmn';
import {
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
import { testWorkers } from '../../workers/runtime/testing';
import { settlementRecordWorker } from '../../workers/settlement-record';
import { settlementRecordReviewWorker } from '../../workers/settlement-record-review';

const HOUR = 3_600_000;

describe('settlement-review process (M21)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource();
    await deployFolder(
      camunda,
      __dirname,
      path.join(__dirname, '..', 'decisions', 'settlement-review-route.dmn'),
    );
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [settlementRecordWorker, settlementRecordReviewWorker, deadlineComputeWorker, deadlineRecordBreachWorker],
    (now) => workerDeps(ds, now),
  );
  beforeEach(workers.start);
  afterEach(workers.stop);

  const today = () => shanghaiDateOf(time.now());
  /** Started as the lifecycle calls it, for a project accepted an hour ago (broker time). */
  const start = async (budgetEstimate: string) => {
    const projectCode = uniqueProjectCode();
    const finalAcceptedAt = new Date(time.now().getTime() - HOUR);
    const { processInstanceKey } = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.SettlementReview,
      variables: {
        projectCode,
        departmentCode: 'psb',
        budgetEstimate,
        finalAcceptedAt: finalAcceptedAt.toISOString(),
      },
    });
    return { projectCode, processInstanceKey, finalAcceptedAt };
  };
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
  const submit = async (code: string, variables: Record<string, unknown>) => {
    const task = await nextTask(code, 'submit-settlement');
    expect(task.candidateGroups).toEqual(['psb']);
    await complete(task.userTaskKey, variables);
    return task;
  };
  /** Polls until the variable's exported value matches (its index may lag the task's), then answers it. */
  const variableMatching = async (
    processInstanceKey: string,
    name: string,
    matches: (v: unknown) => boolean,
  ) => {
    const deadline = Date.now() + 30_000;
    let value: unknown;
    do {
      value = await tasks.variableOf(processInstanceKey, name);
      if (matches(value)) return value;
      await new Promise((r) => setTimeout(r, 300));
    } while (Date.now() < deadline);
    return value;
  };
  const twoMonthsFrom = async (start: Date) =>
    computeDeadline(await new CalendarService(ds).calendarInForce(), start, {
      months: 2,
    }).dueAt.toISOString();

  it('given approved amounts of 100 000 000.00 and 100 000 000.01 yuan, when each settlement is recorded, then the first goes to financial review by the EIB and the second to audit, each due 2 months after the later of acceptance and settlement', async () => {
    // given two accepted projects: one with the estimate at exactly 100 M (the approved amount by
    // default), one whose department enters an approved amount one fen above
    const atLimit = await start('100000000.00');
    const above = await start('90000000.00');
    const settledOn = today();

    // when each department submits its settlement (settled today, after the acceptance an hour ago
    // unless that was yesterday in Shanghai)
    await submit(atLimit.projectCode, { settledAmount: '99800000.00', settlementDate: settledOn });
    await submit(above.projectCode, {
      settledAmount: '100000000.01',
      settlementDate: settledOn,
      approvedAmount: '100000000.01',
    });

    // then 100 000 000.00 (inclusive) is the EIB's financial review …
    const [review] = await tasks.waitFor(atLimit.projectCode, 'financial-review');
    expect(review!.candidateGroups).toEqual(['eib']);
    const clockStart = (accepted: Date) =>
      shanghaiTime(settledOn, 0).getTime() > accepted.getTime() ? shanghaiTime(settledOn, 0) : accepted;
    expect(new Date(review!.dueDate!).toISOString()).toBe(
      await twoMonthsFrom(clockStart(atLimit.finalAcceptedAt)),
    );
    expect(await variableMatching(atLimit.processInstanceKey, 'settlementReviewRoute', Boolean)).toBe(
      'financial-review',
    );
    expect(await settlementOf(ds, atLimit.projectCode)).toMatchObject({
      approvedAmount: '100000000.00',
      settledAmount: '99800000.00',
      settlementDate: settledOn,
    });
    // … and 100 000 000.01 is audit, by the audit department, never the EIB's
    const [audit] = await tasks.waitFor(above.projectCode, 'audit-settlement');
    expect(audit!.candidateGroups).toEqual(['audit']);
    expect(new Date(audit!.dueDate!).toISOString()).toBe(
      await twoMonthsFrom(clockStart(above.finalAcceptedAt)),
    );
    expect(await variableMatching(above.processInstanceKey, 'settlementReviewRoute', Boolean)).toBe('audit');
    expect((await tasks.openTasks(above.projectCode)).map((t) => t.elementId)).not.toContain(
      'financial-review',
    );

    // when the reviews are done, then each result is recorded and the process ends with its outputs
    await tasks.complete(review!.userTaskKey, {
      settlementReviewOpinion: '结算资料齐全，同意审定',
      reviewedAmount: '99650000.00',
    });
    await tasks.complete(audit!.userTaskKey, {
      settlementReviewOpinion: '审计通过',
      reviewedAmount: 99990000,
    });
    for (const [started, route, amount] of [
      [atLimit, 'financial-review', '99650000.00'],
      [above, 'audit', '99990000.00'],
    ] as const) {
      const reviewedAt = await tasks.variableWhenSet(started.processInstanceKey, 'settlementReviewedAt');
      expect(await settlementOf(ds, started.projectCode)).toMatchObject({
        reviewRoute: route,
        reviewedAmount: amount,
        reviewedAt: new Date(reviewedAt as string),
      });
    }
  });

  it('given negative and non-numeric amounts, when the settlement is submitted, then it is refused with the reasons and nothing is recorded; a valid one then goes on', async () => {
    const { projectCode, processInstanceKey } = await start('5000000.00');

    // when the department submits a negative settled amount (past the form's own validation)
    await submit(projectCode, { settledAmount: '-5', settlementDate: today() });

    // then the task opens again with the reason, and nothing is recorded
    const again = await nextTask(projectCode, 'submit-settlement');
    const negative = '1. 结算金额不能为负数：-5（M21）';
    expect(await variableMatching(processInstanceKey, 'settlementProblems', (v) => v === negative)).toBe(
      negative,
    );
    expect(await settlementOf(ds, projectCode)).toBeNull();

    // when it submits a non-numeric approved amount and a settlement dated tomorrow
    await complete(again.userTaskKey, {
      settledAmount: '4800000.00',
      approvedAmount: '五百万',
      settlementDate: addDays(today(), 1),
    });
    const third = await nextTask(projectCode, 'submit-settlement');
    const problems = (await variableMatching(
      processInstanceKey,
      'settlementProblems',
      (v) => v !== negative,
    )) as string;
    expect(problems.split('\n')).toEqual([
      expect.stringMatching(/^1\. 批复金额不是有效金额：“五百万”/),
      expect.stringMatching(/^2\. 结算日期 \d{4}-\d{2}-\d{2} 晚于今天/),
    ]);
    expect(await settlementOf(ds, projectCode)).toBeNull();

    // when corrected (control), then it is recorded and goes to the EIB's financial review
    await complete(third.userTaskKey, {
      settledAmount: '4800000.00',
      approvedAmount: '5000000',
      settlementDate: today(),
    });
    const review = await nextTask(projectCode, 'financial-review');
    expect(review.candidateGroups).toEqual(['eib']);
    expect(await settlementOf(ds, projectCode)).toMatchObject({
      settledAmount: '4800000.00',
      approvedAmount: '5000000.00',
    });
  });
});
