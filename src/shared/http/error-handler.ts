/**
 * The one central error handler: every error leaves as `application/problem+json` (RFC 9457)
 * with a reason a user can act on. A status that body parsing, routing or static files set on
 * their errors (400, 413, 415 …) is kept; only real server faults answer 5xx. Those are logged
 * with their stack and answered with a detail that leaks nothing unexpected.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError, kindOfStatus } from '../errors';
import type { Logger } from '../logger';
import { problemDocument } from './problem';

/** Driver error codes of a database that cannot be reached (down, restarting, connection dropped). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ENOTFOUND',
]);
const unreachable = (err: unknown): boolean => {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return UNREACHABLE.has(String(e?.code ?? e?.driverError?.code ?? ''));
};

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not-found', `no route for ${req.method} ${req.path}`));
};

/** Fields that http-errors (body-parser, serve-static) and express's router put on their errors. */
interface HttpLibraryError {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
  charset?: unknown;
  encoding?: unknown;
  message?: unknown;
  code?: unknown;
}

/** What a client did wrong, by body-parser's error `type`, in words a client can act on. */
const bodyProblems: Record<string, (e: HttpLibraryError) => string> = {
  'entity.parse.failed': () => 'the request body is not valid JSON',
  'entity.too.large': (e) => `the request body is larger than the limit of ${String(e.limit)} bytes`,
  'charset.unsupported': (e) => `the charset "${String(e.charset)}" is not supported: send the body as UTF-8`,
  'encoding.unsupported': (e) =>
    `the Content-Encoding "${String(e.encoding)}" is not supported: send the body uncompressed or as gzip, deflate or br`,
  'request.aborted': () => 'the request was aborted before its body was complete',
  'request.size.invalid': () => 'the request body does not have the length its Content-Length header says',
};

/**
 * A client error raised by a library, as an AppError. Only errors that say they are safe to show
 * (http-errors' `expose`, set for 4xx) or the router's failed percent-decoding count: a 4xx
 * status on any other error (say, an HTTP client's answer from Camunda) is a fault of ours.
 */
function clientErrorOf(err: unknown): { status: number; kind?: string; detail: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as HttpLibraryError;
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (err instanceof URIError) {
    return { status: 400, kind: 'bad-request', detail: 'the URL contains malformed percent-encoding' };
  }
  if (e.expose !== true) return undefined;
  const known = typeof e.type === 'string' ? bodyProblems[e.type] : undefined;
  const detail = known
    ? known(e)
    : typeof e.code === 'string' && e.code.startsWith('Z_') // zlib, inflating the body
      ? 'the request body could not be decompressed as its Content-Encoding says'
      : typeof e.message === 'string'
        ? e.message
        : '';
  return { status, kind: kindOfStatus(status), detail: detail || 'the request cannot be processed' };
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      // a streamed answer failed half-way: nothing can be said any more; express closes the connection
      log.error({ err, method: req.method, path: req.path }, 'error after the response had started');
      return next(err);
    }
    let problem: { status: number; kind?: string; detail: string; details?: Record<string, unknown> };
    if (isAppError(err)) {
      problem = { status: err.status, kind: err.kind, detail: err.message, details: err.details };
      if (err.status >= 500) log.error({ err, method: req.method, path: req.path }, err.message);
    } else if (unreachable(err)) {
      // a database outage is temporary: 503 tells clients to retry, not that something broke
      log.warn({ err, method: req.method, path: req.path }, 'database unreachable');
      problem = {
        status: 503,
        kind: 'unavailable',
        detail: 'the database is unavailable; try again shortly',
      };
    } else {
      problem = clientErrorOf(err) ?? {
        status: 500,
        kind: 'internal',
        detail: 'an unexpected error occurred; it has been logged',
      };
      if (problem.status >= 500) log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .json(
        problemDocument({
          // RFC 9457: about:blank says "nothing beyond the HTTP status" for statuses without a kind
          type: problem.kind ? `urn:egov-approvals:problem:${problem.kind}` : 'about:blank',
          status: problem.status,
          detail: problem.detail,
          instance: req.originalUrl,
          details: problem.details,
        }),
      );
  };
}
