/**
 * Runs one job through a worker definition and maps the result to exactly one broker call.
 * Kept free of the transport so it is unit-tested without a cluster.
 */
import { z } from 'zod';
import { retryOnDeadlock } from '../../src/shared/db';
import { isAppError, messageOf } from '../../src/shared/errors';
import type { JobContext, WorkerDefinition } from './definition';

/** The three ways a job can end, as the transport offers them. */
export interface JobActions {
  complete(variables: Record<string, unknown>): Promise<unknown>;
  fail(failure: { errorMessage: string; retries: number; retryBackOff: number }): Promise<unknown>;
  error(error: {
    errorCode: string;
    errorMessage: string;
    variables: Record<string, unknown>;
  }): Promise<unknown>;
}

export interface JobInput {
  variables: unknown;
  context: JobContext;
}

/**
 * Backoff of technical retries by the job's earlier failures: 2 s, 4 s, 8 s … capped at 5 minutes,
 * however many retries the task allows.
 */
export function retryBackOffMs(earlierFailures: number): number {
  return Math.min(2_000 * 2 ** Math.min(earlierFailures, 20), 300_000);
}

/** What an administrator does about an incident, by its cause (Operate shows the message as is). */
export const FIX_VARIABLE =
  'To fix: in Operate, select the failing task in the instance history, edit the variable named above in its scope (and the process variable it was mapped from, if any), then retry the incident.';
export const FIX_DATA =
  'Retrying alone fails the same way: correct the data or variable named above (in Operate or the registry), then retry the incident.';
export const RETRY_AFTER_CAUSE =
  'All retries failed: once the cause above is fixed (a service back up, the data corrected), retry the incident in Operate.';

/** A value as an incident message quotes it: JSON, at most 80 characters. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * One line per rejected variable: its name, its label from the worker's schema, what is wrong and
 * the value received (or that it is missing), e.g.
 * `deadlineStart (起算时间): must be an ISO-8601 date-time … (got "2026-13-45")`.
 */
export function describeInvalidVariables(schema: z.ZodObject, variables: unknown, error: z.ZodError): string {
  const shape = schema.shape as Record<string, z.ZodType>;
  return error.issues
    .map((issue) => {
      const name = issue.path.map(String).join('.');
      const label = shape[String(issue.path[0])]?.description;
      let value: unknown = variables;
      for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
      const got = value === undefined ? 'missing' : `got ${quoted(value)}`;
      return `${name || 'variables'}${label ? ` (${label})` : ''}: ${issue.message} (${got})`;
    })
    .join('; ');
}

/**
 * A handler whose transaction was a deadlock's victim runs again (it was rolled back whole, and
 * handlers are idempotent) up to this many times, after random pauses of up to 250 ms, before the
 * job fails as any technical error does. Failing at once spent the job's retries on deadlocks: ten
 * settlements recorded side by side (each a locking read of a missing row, then an insert) met again
 * on every back-off, as they all waited the same 2, 4 s, and 3 of the 10 ended in incidents.
 */
export const DEADLOCK_RUNS = 8;

export type JobResult = 'completed' | 'bpmn-error' | 'failed' | 'rejected-variables';

export async function runJob<Deps>(
  def: WorkerDefinition<z.ZodObject, unknown, Deps>,
  job: JobInput,
  actions: JobActions,
  deps: Deps,
): Promise<JobResult> {
  const { context } = job;
  const parsed = def.variables.safeParse(job.variables);
  if (!parsed.success) {
    // Bad input will not get better by retrying: raise an incident that says what is wrong.
    const reason = describeInvalidVariables(def.variables, job.variables, parsed.error);
    context.log.warn({ reason }, 'job variables rejected');
    await actions.fail({
      errorMessage: `${def.type}: invalid input: ${reason}. ${FIX_VARIABLE}`,
      retries: 0,
      retryBackOff: 0,
    });
    return 'rejected-variables';
  }
  let outcome;
  try {
    outcome = await retryOnDeadlock(() => def.handle(parsed.data, context, deps), {
      runs: DEADLOCK_RUNS,
      maxPauseMs: 250,
      onRerun: (run) => context.log.warn({ run }, 'deadlock victim: the handler runs again'),
    });
  } catch (e) {
    // an input the handler rejects as wrong (not transient) fails the same way every time
    const wrongInput = isAppError(e) && !e.transient;
    const retries = wrongInput ? 0 : Math.max(0, context.retries - 1);
    context.log.error({ err: e, retriesLeft: retries }, 'job failed');
    // the last failure becomes an incident: it says what to do, as Operate shows it to administrators
    const hint = retries > 0 ? '' : ` ${wrongInput ? FIX_DATA : RETRY_AFTER_CAUSE}`;
    await actions.fail({
      errorMessage: `${def.type}: ${messageOf(e)}${hint}`,
      retries,
      retryBackOff: retryBackOffMs(context.failures ?? 0),
    });
    return 'failed';
  }
  if (outcome.kind === 'complete') {
    await actions.complete((outcome.variables ?? {}) as Record<string, unknown>);
    return 'completed';
  }
  context.log.info({ errorCode: outcome.errorCode }, outcome.message);
  await actions.error({
    errorCode: outcome.errorCode,
    errorMessage: outcome.message,
    variables: outcome.variables ?? {},
  });
  return 'bpmn-error';
}
