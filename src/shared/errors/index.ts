/**
 * The one error type of the application. HTTP routes map it to `application/problem+json`
 * (RFC 9457) in the central handler; job workers map it to a BPMN error or a job failure.
 */
export type ErrorKind =
  | 'bad-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'too-many-requests'
  | 'unavailable'
  | 'internal';

const statusOf: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'too-many-requests': 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Extra machine-readable detail, e.g. the invalid fields. Never another department's data. */
  readonly details?: Record<string, unknown>;

  constructor(
    kind: ErrorKind,
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.details = options?.details;
  }

  get status(): number {
    return statusOf[this.kind];
  }

  /** Whether retrying the same operation later may succeed (used by job workers). */
  get transient(): boolean {
    return this.kind === 'unavailable' || this.kind === 'internal';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Renders any error as a short message for logs and job failures. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
