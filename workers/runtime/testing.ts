/**
 * For worker tests: runs a worker on one job exactly as the runtime does and answers the one broker
 * call it made — complete, fail (with retries and message) or error (a BPMN error).
 */
import type { z } from 'zod';
import type { Zeebe } from '../../src/shared/camunda';
import { quietLog, testConfig } from '../../src/shared/testing';
import type { JobContext, WorkerDefinition } from './definition';
import { runJob, type JobActions } from './run-job';
import { startWorkers, type RunningWorkers } from './start';

export interface BrokerCall {
  action: 'complete' | 'fail' | 'error';
  arg: { errorMessage?: string; retries?: number; errorCode?: string } & Record<string, unknown>;
}

export async function runOnce<Deps>(
  worker: WorkerDefinition<z.ZodObject, unknown, Deps>,
  variables: object,
  deps: Deps,
  context: Partial<Omit<JobContext, 'log'>> = {},
): Promise<BrokerCall> {
  const calls: BrokerCall[] = [];
  const record = (action: BrokerCall['action']) => async (arg: object) =>
    calls.push({ action, arg: arg as BrokerCall['arg'] });
  const actions: JobActions = { complete: record('complete'), fail: record('fail'), error: record('error') };
  const job: JobContext = {
    key: '1',
    processInstanceKey: '2',
    bpmnProcessId: 'test-process',
    elementId: 'test-task',
    elementInstanceKey: '3',
    headers: {},
    retries: 3,
    ...context,
    log: quietLog(),
  };
  await runJob(worker, { variables, context: job }, actions, deps);
  if (calls.length !== 1) throw new Error(`the worker made ${calls.length} broker calls, not one`);
  return calls[0]!;
}

/**
 * The job workers of a workflow test on the broker's time (`brokerTime`): `start` reads the broker's
 * clock first; `stop` between tests (a clock move with workers stopped leaves no job half-done).
 */
export function testWorkers<Deps>(
  zeebe: Zeebe,
  time: { sync(): Promise<void>; now(): Date },
  defs: readonly WorkerDefinition<z.ZodObject, unknown, Deps>[],
  deps: (now: () => Date) => Deps,
) {
  let running: RunningWorkers | undefined;
  return {
    start: async () => {
      await time.sync();
      running = await startWorkers(defs, {
        zeebe,
        mode: testConfig().WORKER_MODE,
        maxJobs: 8,
        jobTimeoutMs: 30_000,
        log: quietLog(),
        deps: deps(time.now),
      });
    },
    stop: async () => {
      await running?.stop();
      running = undefined;
    },
  };
}
