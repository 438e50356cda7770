import { z } from 'zod';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import { logger } from '../../src/shared/logger';
import { bpmnError, complete, defineWorker, type JobOutcome } from './definition';
import {
  DEADLOCK_RUNS,
  FIX_DATA,
  FIX_VARIABLE,
  RETRY_AFTER_CAUSE,
  retryBackOffMs,
  runJob,
  type JobActions,
} from './run-job';

const log = logger().child({}, { level: 'silent' });
const context = {
  key: '1',
  processInstanceKey: '2',
  bpmnProcessId: 'p',
  elementId: 'e',
  elementInstanceKey: '3',
  headers: {},
  retries: 3,
  log,
};

/** Records every broker call, so a test can check that exactly one was made. */
function recorder() {
  const calls: { action: string; arg: unknown }[] = [];
  const actions: JobActions = {
    complete: async (arg) => calls.push({ action: 'complete', arg }),
    fail: async (arg) => calls.push({ action: 'fail', arg }),
    error: async (arg) => calls.push({ action: 'error', arg }),
  };
  return { calls, actions };
}

const worker = (handle: (input: { n: number }) => Promise<JobOutcome<unknown>>) =>
  defineWorker({
    type: JobType.DeadlineCompute,
    title: 't',
    description: 'd',
    outputs: {},
    variables: z.object({ n: z.number().int().describe('件数') }),
    handle,
  });

describe('runJob', () => {
  it('completes with the handler variables', async () => {
    const { calls, actions } = recorder();
    const result = await runJob(
      worker(async ({ n }) => complete({ doubled: n * 2 })),
      { variables: { n: 21 }, context },
      actions,
      {},
    );
    expect(result).toBe('completed');
    expect(calls).toEqual([{ action: 'complete', arg: { doubled: 42 } }]);
  });

  it('throws a BPMN error for a business outcome', async () => {
    const { calls, actions } = recorder();
    const def = worker(async () => bpmnError(ErrorCode.ProposalRefused, 'unknown department'));
    expect(await runJob(def, { variables: { n: 1 }, context }, actions, {})).toBe('bpmn-error');
    expect(calls).toEqual([
      {
        action: 'error',
        arg: { errorCode: 'PROPOSAL_REFUSED', errorMessage: 'unknown department', variables: {} },
      },
    ]);
  });

  it('fails the job with one retry less and a backoff when the handler throws', async () => {
    const { calls, actions } = recorder();
    const def = worker(async () => {
      throw new Error('database unreachable');
    });
    expect(await runJob(def, { variables: { n: 1 }, context }, actions, {})).toBe('failed');
    expect(calls).toEqual([
      {
        action: 'fail',
        arg: {
          errorMessage: 'deadline.compute: database unreachable',
          retries: 2,
          retryBackOff: 2_000,
        },
      },
    ]);
  });

  const deadlock = () =>
    Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), {
      code: 'ER_LOCK_DEADLOCK',
    });

  it("runs the handler again when its transaction was a deadlock's victim, and completes without spending a retry", async () => {
    // given a handler whose first two runs are chosen as a deadlock's victim
    const { calls, actions } = recorder();
    let runs = 0;
    const def = worker(async ({ n }) => {
      runs++;
      if (runs < 3) throw deadlock();
      return complete({ n });
    });
    // when the job runs
    const result = await runJob(def, { variables: { n: 7 }, context }, actions, {});
    // then the third run completes it: one broker call, no failure
    expect(result).toBe('completed');
    expect(runs).toBe(3);
    expect(calls).toEqual([{ action: 'complete', arg: { n: 7 } }]);
  });

  it('fails the job as a technical error once every run was a deadlock victim', async () => {
    // given a handler that always loses the deadlock
    const { calls, actions } = recorder();
    let runs = 0;
    const def = worker(async () => {
      runs++;
      throw deadlock();
    });
    // when the job runs
    const result = await runJob(def, { variables: { n: 1 }, context }, actions, {});
    // then after DEADLOCK_RUNS runs the job fails with one retry less, retried after a back-off
    expect(result).toBe('failed');
    expect(runs).toBe(DEADLOCK_RUNS);
    expect(calls).toEqual([
      {
        action: 'fail',
        arg: {
          errorMessage:
            'deadline.compute: Deadlock found when trying to get lock; try restarting transaction',
          retries: 2,
          retryBackOff: 2_000,
        },
      },
    ]);
  });

  it('raises an incident at once when the handler rejects its input as wrong', async () => {
    const { calls, actions } = recorder();
    const def = worker(async () => {
      throw new AppError('bad-request', 'date outside the supported years');
    });
    expect(await runJob(def, { variables: { n: 1 }, context }, actions, {})).toBe('failed');
    expect(calls).toEqual([
      {
        action: 'fail',
        arg: {
          errorMessage: `deadline.compute: date outside the supported years ${FIX_DATA}`,
          retries: 0,
          retryBackOff: 2_000,
        },
      },
    ]);
  });

  it('raises an incident (no retries) naming the invalid variable, its label and value, and what to do, without calling the handler', async () => {
    const { calls, actions } = recorder();
    const handle = jest.fn();
    expect(await runJob(worker(handle), { variables: { n: 'seven' }, context }, actions, {})).toBe(
      'rejected-variables',
    );
    expect(handle).not.toHaveBeenCalled();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ action: 'fail', arg: { retries: 0 } });
    const { errorMessage } = calls[0]!.arg as { errorMessage: string };
    expect(errorMessage).toMatch(
      /^deadline\.compute: invalid input: n \(件数\): .*number.* \(got "seven"\)\. /,
    );
    expect(errorMessage.endsWith(FIX_VARIABLE)).toBe(true);
  });

  it('says which variable is missing', async () => {
    const { calls, actions } = recorder();
    await runJob(worker(jest.fn()), { variables: {}, context }, actions, {});
    expect((calls[0]!.arg as { errorMessage: string }).errorMessage).toMatch(/n \(件数\): .* \(missing\)/);
  });

  it('says what to do when the last retry of a transient failure raises the incident', async () => {
    const { calls, actions } = recorder();
    const def = worker(async () => {
      throw new Error('database unreachable');
    });
    await runJob(def, { variables: { n: 1 }, context: { ...context, retries: 1, failures: 2 } }, actions, {});
    expect(calls).toEqual([
      {
        action: 'fail',
        arg: {
          errorMessage: `deadline.compute: database unreachable ${RETRY_AFTER_CAUSE}`,
          retries: 0,
          retryBackOff: 8_000,
        },
      },
    ]);
  });
});

describe('retryBackOffMs', () => {
  it('doubles with each earlier failure, also past a third retry, and is capped at five minutes', () => {
    expect([0, 1, 2, 3, 4].map((n) => retryBackOffMs(n))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(retryBackOffMs(8)).toBe(300_000);
    expect(retryBackOffMs(1_000)).toBe(300_000);
  });
});
