/**
 * Starts job workers on the cluster through the one Camunda client module. WORKER_MODE chooses
 * gRPC job streaming (jobs pushed to the worker; a backfill poll picks up what was queued before
 * the stream opened) or long polling. Stop closes the subscriptions, then waits for jobs in flight.
 */
import type { z } from 'zod';
import type { JOB_ACTION_ACKNOWLEDGEMENT } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import type { Zeebe } from '../../src/shared/camunda';
import type { Logger } from '../../src/shared/logger';
import type { WorkerDefinition } from './definition';
import { runJob, type JobActions } from './run-job';

export interface WorkerOptions<Deps> {
  zeebe: Zeebe;
  mode: 'stream' | 'poll';
  maxJobs: number;
  jobTimeoutMs: number;
  log: Logger;
  deps: Deps;
}

export interface RunningWorkers {
  readonly types: string[];
  stop(graceMs?: number): Promise<void>;
}

interface ZeebeJobLike {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Readonly<Record<string, string>>;
  retries: number;
  variables: unknown;
  complete(v?: Record<string, unknown>): Promise<JOB_ACTION_ACKNOWLEDGEMENT>;
  fail(f: {
    errorMessage: string;
    retries?: number;
    retryBackOff?: number;
  }): Promise<JOB_ACTION_ACKNOWLEDGEMENT>;
  error(e: {
    errorCode: string;
    errorMessage?: string;
    variables: never;
  }): Promise<JOB_ACTION_ACKNOWLEDGEMENT>;
}

export async function startWorkers<Deps>(
  defs: readonly WorkerDefinition<z.ZodObject, unknown, Deps>[],
  opts: WorkerOptions<Deps>,
): Promise<RunningWorkers> {
  const inFlight = new Set<Promise<unknown>>();
  const closers: (() => Promise<unknown> | void)[] = [];

  for (const def of defs) {
    const log = opts.log.child({ jobType: def.type });
    const taskHandler = (job: ZeebeJobLike): Promise<JOB_ACTION_ACKNOWLEDGEMENT> => {
      let ack: JOB_ACTION_ACKNOWLEDGEMENT | undefined;
      const keep = (a: JOB_ACTION_ACKNOWLEDGEMENT) => (ack = a);
      const actions: JobActions = {
        complete: (v) => job.complete(v).then(keep),
        fail: (f) => job.fail(f).then(keep),
        error: (e) => job.error(e as never).then(keep),
      };
      const context = {
        key: job.key,
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        elementId: job.elementId,
        elementInstanceKey: job.elementInstanceKey,
        headers: job.customHeaders,
        retries: job.retries,
        log: log.child({ jobKey: job.key, processInstanceKey: job.processInstanceKey }),
      };
      const run = runJob(def, { variables: job.variables, context }, actions, opts.deps).then(() => ack!);
      inFlight.add(run);
      return run.finally(() => inFlight.delete(run));
    };
    const fetchVariables = Object.keys(def.variables.shape);
    const workerName = `egov-${def.type}`;

    if (opts.mode === 'stream') {
      const stream = await opts.zeebe.streamJobs({
        type: def.type,
        worker: workerName,
        timeout: opts.jobTimeoutMs,
        tenantIds: [],
        fetchVariables,
        pollMaxJobsToActivate: opts.maxJobs,
        taskHandler: taskHandler as never,
      });
      closers.push(() => stream.close());
    } else {
      const worker = opts.zeebe.createWorker({
        taskType: def.type,
        id: workerName,
        maxJobsToActivate: opts.maxJobs,
        timeout: opts.jobTimeoutMs,
        fetchVariable: fetchVariables as never,
        taskHandler: taskHandler as never,
      });
      closers.push(() => worker.close(5_000));
    }
    log.info({ mode: opts.mode }, 'worker started');
  }

  return {
    types: defs.map((d) => d.type),
    async stop(graceMs = 10_000) {
      await Promise.allSettled(closers.map((c) => c()));
      const pending = [...inFlight];
      if (pending.length > 0) {
        opts.log.info({ jobs: pending.length }, 'waiting for jobs in flight');
        await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
    },
  };
}
