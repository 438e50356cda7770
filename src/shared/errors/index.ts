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
  | 'unsupported-media-type'
  | 'unavailable'
  | 'internal'
  /** a registered document whose stored bytes are gone: the server's own data disagree */
  | 'document-content-missing';

const statusOf: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'too-many-requests': 429,
  'unsupported-media-type': 415,
  unavailable: 503,
  internal: 500,
  'document-content-missing': 500,
};

/** The generic kind answered with `status`, if there is one (for errors raised by libraries). */
export function kindOfStatus(status: number): ErrorKind | undefined {
  return (
    ['bad-request', 'forbidden', 'not-found', 'payload-too-large', 'unsupported-media-type'] as const
  ).find((k) => statusOf[k] === status);
}

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
