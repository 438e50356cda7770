/**
 * A job worker is declared, not hand-wired: its job type, a zod schema of the variables it reads,
 * and a handler that returns exactly one outcome. The runtime turns the outcome into exactly one
 * of complete / throw BPMN error; a thrown exception becomes a failed job (technical, retried).
 */
import type { z } from 'zod';
import type { ErrorCode, JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import type { Logger } from '../../src/shared/logger';

export type JobOutcome<Out> =
  | { kind: 'complete'; variables: Out }
  | { kind: 'bpmn-error'; errorCode: ErrorCode; message: string; variables?: Record<string, unknown> };

export const complete = <Out>(variables: Out): JobOutcome<Out> => ({ kind: 'complete', variables });
export const bpmnError = (
  errorCode: ErrorCode,
  message: string,
  variables?: Record<string, unknown>,
): JobOutcome<never> => ({ kind: 'bpmn-error', errorCode, message, variables });

/** What a handler may know about the job besides its variables (for idempotency keys and logs). */
export interface JobContext {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  /** Unique per execution of the task: the idempotency key of a step that may run again in a loop. */
  elementInstanceKey: string;
  /** The task's static headers from the BPMN (zeebe:taskHeaders), e.g. the rule a step enforces. */
  headers: Readonly<Record<string, string>>;
  retries: number;
  /** Earlier failures of this job seen by this worker process (0 or absent: none): the backoff grows with them. */
  failures?: number;
  log: Logger;
}

export interface WorkerDefinition<Schema extends z.ZodObject = z.ZodObject, Out = unknown, Deps = unknown> {
  type: JobType;
  /** Shown to process owners (element templates); Chinese, as they read it. */
  title: string;
  description: string;
  /** Every field carries its Chinese label via `.describe()`; element templates show it. */
  variables: Schema;
  /** Variables the job completes with, and their Chinese labels (for element templates). */
  outputs: Record<string, string>;
  /** Static task headers the handler reads, and their Chinese labels (required unless marked optional). */
  headers?: Record<string, string | { label: string; optional: true }>;
  handle(input: z.output<Schema>, job: JobContext, deps: Deps): Promise<JobOutcome<Out>>;
}

export function defineWorker<Schema extends z.ZodObject, Out, Deps>(
  def: WorkerDefinition<Schema, Out, Deps>,
): WorkerDefinition<Schema, Out, Deps> {
  return def;
}

/**
 * The task header `name`, which must be one of `allowed`. A BPMN without it (or with another value)
 * is a modelling error: thrown as a bad request, so the job fails at once with an incident naming it.
 */
export function headerOneOf<T extends string>(job: JobContext, name: string, allowed: readonly T[]): T {
  const value = job.headers[name];
  if (!value || !(allowed as readonly string[]).includes(value))
    throw new AppError(
      'bad-request',
      `task header ${name} must be one of ${allowed.join(', ')}; got "${value ?? ''}"`,
    );
  return value as T;
}
