/**
 * Runs one job through a worker definition and maps the result to exactly one broker call.
 * Kept free of the transport so it is unit-tested without a cluster.
 */
import { z } from 'zod';
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

/** Backoff of technical retries: 2 s, 4 s, 8 s … capped at 5 minutes. */
export function retryBackOffMs(retriesLeft: number, initialRetries = 3): number {
  const attempt = Math.max(0, initialRetries - retriesLeft);
  return Math.min(2_000 * 2 ** attempt, 300_000);
}

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
    const reason = z.prettifyError(parsed.error).replace(/\n/g, '; ');
    context.log.warn({ reason }, 'job variables rejected');
    await actions.fail({
      errorMessage: `${def.type}: invalid variables: ${reason}`,
      retries: 0,
      retryBackOff: 0,
    });
    return 'rejected-variables';
  }
  let outcome;
  try {
    outcome = await def.handle(parsed.data, context, deps);
  } catch (e) {
    // an input the handler rejects as wrong (not transient) fails the same way every time
    const retries = isAppError(e) && !e.transient ? 0 : Math.max(0, context.retries - 1);
    context.log.error({ err: e, retriesLeft: retries }, 'job failed');
    await actions.fail({
      errorMessage: `${def.type}: ${messageOf(e)}`,
      retries,
      retryBackOff: retryBackOffMs(retries),
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
