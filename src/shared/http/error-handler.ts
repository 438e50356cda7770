/**
 * The one central error handler: every error leaves as `application/problem+json` (RFC 9457)
 * with a reason a user can act on. Unexpected errors are logged with their stack and answered
 * with a generic 500 that leaks nothing.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError } from '../errors';
import type { Logger } from '../logger';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

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

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let appError: AppError;
    if (isAppError(err)) {
      appError = err;
    } else if (err?.type === 'entity.parse.failed') {
      appError = new AppError('bad-request', 'the request body is not valid JSON');
    } else if (err?.type === 'entity.too.large') {
      appError = new AppError('payload-too-large', 'the request body is too large');
    } else if (unreachable(err)) {
      // a database outage is temporary: 503 tells clients to retry, not that something broke
      log.warn({ err, method: req.method, path: req.path }, 'database unreachable');
      appError = new AppError('unavailable', 'the database is unavailable; try again shortly');
    } else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      appError = new AppError('internal', 'an unexpected error occurred; it has been logged');
    }
    res
      .status(appError.status)
      .type('application/problem+json')
      .json({
        type: `urn:egov-approvals:problem:${appError.kind}`,
        title: titles[appError.status] ?? 'Error',
        status: appError.status,
        detail: appError.message,
        instance: req.originalUrl,
        ...(appError.details ?? {}),
      });
  };
}
