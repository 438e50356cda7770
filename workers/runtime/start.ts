/**
 * Starts job workers on the cluster through the one Camunda client module. WORKER_MODE chooses
 * gRPC job streaming (jobs pushed to the worker; a backfill poll picks up what was queued before
 * the stream opened, and a back-up poll every half minute what a stream may miss) or long polling.
 * Streams are reopened after the gateway was gone (see gateway-watch). Stop closes the
 * subscriptions and the back-up polls, then waits for jobs in flight.
 */
import type { z } from 'zod';
import type { Zeebe as Sdk } from '@camunda8/sdk';
import { isBackpressure, isClusterUnreachable, type Zeebe } from '../../src/shared/camunda';
import type { Logger } from '../../src/shared/logger';
import type { WorkerDefinition } from './definition';
import { watchGateway } from './gateway-watch';
import { runJob, type JobActions } from './run-job';

export interface WorkerOptions<Deps> {
  zeebe: Zeebe;
  mode: 'stream' | 'poll';
  maxJobs: number;
  jobTimeoutMs: number;
  log: Logger;
  deps: Deps;
  /** Stream mode: how to tell that the gateway answers, and how often to ask (see gateway-watch). */
  gateway?: { probe: () => Promise<boolean>; intervalMs: number };
}

/** Failures per job key, for a backoff that grows with them; bounded, oldest forgotten first. */
class FailureCounts {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max = 10_000) {}
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): void {
    const n = this.get(key) + 1;
    this.counts.delete(key);
    this.counts.set(key, n);
    if (this.counts.size > this.max) this.counts.delete(this.counts.keys().next().value!);
  }
  forget(key: string): void {
    this.counts.delete(key);
  }
}

/**
 * A job stream opened right after the gateway came back can meet the client's connection still in
 * its reconnect back-off (UNAVAILABLE, "No connection established"), and one opened while the broker
 * is loaded can meet its backpressure (the SDK's first poll answered RESOURCE_EXHAUSTED, "try again
 * later"): it is opened again after these waits before the start fails (the outbox drill met the
 * first in CI, the scenario command the second).
 */
const OPEN_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];

async function openWhenReachable(open: () => Promise<void>, log: Logger): Promise<void> {
  for (const delayMs of OPEN_RETRY_DELAYS_MS) {
    try {
      return await open();
    } catch (e) {
      if (!isClusterUnreachable(e) && !isBackpressure(e)) throw e;
      log.warn(
        { err: e, retryInMs: delayMs },
        isBackpressure(e)
          ? 'broker under backpressure: opening the job stream again'
          : 'gateway not reachable yet: opening the job stream again',
      );
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  return open();
}

/**
 * How often a streaming worker also asks for jobs: a safety net for jobs a stream may miss (made
 * activatable again while it reconnected). The SDK's own back-up poll is off: in @camunda8/sdk
 * 8.8.13 a stream closed while that poll is under way schedules it again after `close()` cleared
 * its timer, and it then polls for ever (it kept a test process from exiting for 10 minutes).
 */
export const BACKUP_POLL_MS = 30_000;

/** Runs `poll` every `intervalMs` after the previous one ended, until stopped (also mid-poll). */
function backupPoll(poll: () => Promise<void>, intervalMs: number, log: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      poll()
        .catch((e: unknown) => log.debug({ err: e }, 'back-up poll failed; the stream goes on'))
        .finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    stopped: () => stopped,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export interface RunningWorkers {
  readonly types: string[];
  stop(graceMs?: number): Promise<void>;
}

/** Variables in and out as runJob sees them (validated by each worker's schema); Zeebe's headers are strings. */
type Variables = Record<string, unknown>;
type Headers = Record<string, string>;
/** The SDK's job handler for these shapes, read from its public worker class. */
type TaskHandler = ConstructorParameters<
  typeof Sdk.ZBWorker<Variables, Headers, Variables>
>[0]['taskHandler'];
type Acknowledgement = typeof Sdk.Types.JOB_ACTION_ACKNOWLEDGEMENT;
/** A job as both the stream and a poll deliver it, without the stream's answering methods. */
type JobData = Pick<
  Parameters<TaskHandler>[0],
  | 'key'
  | 'processInstanceKey'
  | 'bpmnProcessId'
  | 'elementId'
  | 'elementInstanceKey'
  | 'customHeaders'
  | 'retries'
  | 'variables'
>;
/** Variables as the client's calls type them (JSON documents); ours are validated plain objects. */
type CompletedVariables = Parameters<Zeebe['completeJob']>[0]['variables'];
type ErrorVariables = NonNullable<Parameters<Zeebe['throwError']>[0]['variables']>;

export async function startWorkers<Deps>(
  defs: readonly WorkerDefinition<z.ZodObject, unknown, Deps>[],
  opts: WorkerOptions<Deps>,
): Promise<RunningWorkers> {
  const inFlight = new Set<Promise<unknown>>();
  const closers: (() => Promise<unknown>)[] = [];
  const streams: { open(): Promise<void>; close(): void }[] = [];
  const failures = new FailureCounts();

  for (const def of defs) {
    const log = opts.log.child({ jobType: def.type });
    /** Runs one job, answering through `respond` (the stream's job methods, or the client's calls). */
    const handle = (job: JobData, respond: JobActions): Promise<unknown> => {
      const actions: JobActions = {
        complete: (v) => (failures.forget(job.key), respond.complete(v)),
        fail: (f) => (failures.add(job.key), respond.fail(f)),
        // the broker receives the error's variables as a JSON document: send exactly that
        error: (e) => (
          failures.forget(job.key),
          respond.error({ ...e, variables: JSON.parse(JSON.stringify(e.variables)) })
        ),
      };
      const context = {
        key: job.key,
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        elementId: job.elementId,
        elementInstanceKey: job.elementInstanceKey,
        headers: job.customHeaders,
        retries: job.retries,
        failures: failures.get(job.key),
        log: log.child({ jobKey: job.key, processInstanceKey: job.processInstanceKey }),
      };
      const run = runJob(def, { variables: job.variables, context }, actions, opts.deps);
      inFlight.add(run);
      return run.finally(() => inFlight.delete(run));
    };
    const taskHandler: TaskHandler = (job) => {
      let ack: Acknowledgement | undefined;
      const keep = (a: Acknowledgement) => (ack = a);
      return handle(job, {
        complete: (v) => job.complete(v).then(keep),
        fail: (f) => job.fail(f).then(keep),
        error: (e) => job.error({ ...e, variables: e.variables as ErrorVariables }).then(keep),
      }).then(() => ack!);
    };
    const fetchVariables = Object.keys(def.variables.shape);
    const workerName = `egov-${def.type}`;

    if (opts.mode === 'stream') {
      let current: { close(): void } | undefined;
      const stream = {
        async open() {
          current?.close();
          current = await opts.zeebe.streamJobs<Variables, Headers, Variables>({
            type: def.type,
            worker: workerName,
            timeout: opts.jobTimeoutMs,
            tenantIds: [],
            fetchVariables,
            pollMaxJobsToActivate: opts.maxJobs,
            pollInterval: 0, // the back-up poll below replaces the SDK's
            taskHandler,
          });
        },
        close: () => current?.close(),
      };
      await openWhenReachable(() => stream.open(), log);
      streams.push(stream);
      const poll = backupPoll(
        async () => {
          const jobs = await opts.zeebe.activateJobs<Variables, Headers>({
            type: def.type,
            worker: workerName,
            timeout: opts.jobTimeoutMs,
            maxJobsToActivate: opts.maxJobs,
            fetchVariable: fetchVariables,
            requestTimeout: -1, // answer at once: the stream brings new jobs
          });
          // jobs activated by a poll that ended after the stop time out and come back to the next worker
          if (poll.stopped()) return;
          for (const job of jobs) {
            handle(job, {
              complete: (v) =>
                opts.zeebe.completeJob({ jobKey: job.key, variables: v as CompletedVariables }),
              fail: (f) => opts.zeebe.failJob({ jobKey: job.key, ...f }),
              error: (e) =>
                opts.zeebe.throwError({ jobKey: job.key, ...e, variables: e.variables as ErrorVariables }),
            }).catch((e: unknown) =>
              // as the stream's answers: the job times out and comes back to a worker
              log.warn({ err: e, jobKey: job.key }, 'the broker did not take the answer to a polled job'),
            );
          }
        },
        BACKUP_POLL_MS,
        log,
      );
      closers.push(async () => {
        poll.stop();
        stream.close();
      });
    } else {
      const worker = opts.zeebe.createWorker<Variables, Headers, Variables>({
        taskType: def.type,
        id: workerName,
        maxJobsToActivate: opts.maxJobs,
        timeout: opts.jobTimeoutMs,
        fetchVariable: fetchVariables,
        taskHandler,
      });
      closers.push(() => worker.close(5_000));
    }
    log.info({ mode: opts.mode }, 'worker started');
  }
  if (opts.mode === 'stream' && opts.gateway) {
    const watch = watchGateway({
      ...opts.gateway,
      reopen: async () => {
        for (const s of streams) await s.open();
      },
      log: opts.log,
    });
    closers.unshift(() => watch.stop());
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
