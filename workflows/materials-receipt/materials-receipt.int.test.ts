import path from 'node:path';
import type { DataSource } from 'typeorm';
import { JobType, ProcessId, ReceiptOutcome } from '../../src/shared/bpmn';
import { findBreachesOfProject } from '../../src/deadlines';
import { findReceiptsOfProject } from '../../src/receipts';
import {
  deploy,
  openDataSource,
  quietLog,
  testCamunda,
  testConfig,
  uniqueProjectCode,
} from '../../src/shared/testing';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { receiptRegisterWorker } from '../../workers/receipt-register';
import { startWorkers, type RunningWorkers } from '../../workers/runtime';

const bpmn = path.join(__dirname, 'materials-receipt.bpmn');
const HOUR = 3_600_000;

describe('materials-receipt process', () => {
  const camunda = testCamunda();
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource();
    await deploy(camunda, bpmn);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  const start = (projectCode: string, receivedAt: Date) =>
    camunda.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: ProcessId.MaterialsReceipt,
      variables: { projectCode, receivedAt: receivedAt.toISOString() },
      requestTimeout: 30_000,
    });

  describe('with the workers running', () => {
    let running: RunningWorkers;
    beforeAll(async () => {
      const c = testConfig();
      running = await startWorkers([receiptRegisterWorker, deadlineRecordBreachWorker], {
        zeebe: camunda.zeebe,
        mode: c.WORKER_MODE,
        maxJobs: 4,
        jobTimeoutMs: 30_000,
        log: quietLog(),
        deps: { dataSource: ds, now: () => new Date() },
      });
    });
    afterAll(() => running.stop());

    it('registers the receipt in MySQL and ends on the registered path', async () => {
      // given materials received an hour ago
      const projectCode = uniqueProjectCode();
      const receivedAt = new Date(Date.now() - HOUR);

      // when the process runs
      const result = await start(projectCode, receivedAt);

      // then the worker wrote exactly one row for this instance, and the normal path was taken
      expect(result.variables.receiptOutcome).toBe(ReceiptOutcome.Registered);
      const rows = await findReceiptsOfProject(ds, projectCode);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.processInstanceKey).toBe(result.processInstanceKey);
      expect(rows[0]!.receivedAt.toISOString()).toBe(receivedAt.toISOString());
      expect(String(result.variables.receiptId)).toBe(String(rows[0]!.id));
    });

    it('rejects materials dated in the future through the RECEIPT_IN_FUTURE error path, writing nothing', async () => {
      // given materials dated tomorrow
      const projectCode = uniqueProjectCode();

      // when the process runs
      const result = await start(projectCode, new Date(Date.now() + 24 * HOUR));

      // then the business error was caught by the boundary event and no receipt exists
      expect(result.variables.receiptOutcome).toBe(ReceiptOutcome.Rejected);
      expect(await findReceiptsOfProject(ds, projectCode)).toHaveLength(0);
    });
  });

  describe('with the receipt.register worker held back', () => {
    // Only the breach recorder runs. Clock jumps drop pending create-with-result responses on the
    // broker, so these tests start instances without awaiting a result and observe the database.
    let running: RunningWorkers;
    beforeAll(async () => {
      running = await startWorkers([deadlineRecordBreachWorker], {
        zeebe: camunda.zeebe,
        mode: testConfig().WORKER_MODE,
        maxJobs: 4,
        jobTimeoutMs: 30_000,
        log: quietLog(),
        deps: { dataSource: ds, now: () => new Date() },
      });
    });
    afterAll(() => running.stop());
    afterEach(() => camunda.clock.reset());

    const startWithoutResult = (projectCode: string) =>
      camunda.zeebe.createProcessInstance({
        bpmnProcessId: ProcessId.MaterialsReceipt,
        variables: { projectCode, receivedAt: new Date().toISOString() },
      });

    it('takes the timer path once the broker clock passes 24 hours: breach recorded, job cancelled', async () => {
      // given an instance whose registration job is locked by a worker that never finishes
      const projectCode = uniqueProjectCode();
      const instance = await startWithoutResult(projectCode);
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

    it('does not fire the timer before 24 hours have passed', async () => {
      // given an instance waiting for registration
      const projectCode = uniqueProjectCode();
      await startWithoutResult(projectCode);
      const [job] = await waitForJob(projectCode);

      // when 23 hours pass on the broker's clock
      await camunda.clock.add(23 * HOUR);
      // (a later timer firing would have been processed by the time this answers)
      await camunda.zeebe.publishMessage({ name: 'clock-probe', correlationKey: projectCode, timeToLive: 0 });

      // then the job still exists and completes normally, and no breach was recorded
      await expect(
        camunda.zeebe.completeJob({
          jobKey: job!.key,
          variables: { receiptId: '0', registeredAt: 'manual' },
        }),
      ).resolves.toEqual({});
      expect(await findBreachesOfProject(ds, projectCode)).toHaveLength(0);
    });
  });

  /** Polls until `read` returns a non-empty list (workers act asynchronously). */
  async function eventually<T>(read: () => Promise<T[]>, timeoutMs = 15_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await read();
      if (rows.length > 0 || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

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
