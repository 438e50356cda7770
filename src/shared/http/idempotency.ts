/**
 * Idempotency-Key replays: a write keeps the SHA-256 of its request body; the same key sent again
 * answers the first result when the body is the same, and is refused (409) when it is not.
 */
import crypto from 'node:crypto';
import { AppError } from '../errors';

/** The hash a write keeps of its request (the body with whatever else identifies it). */
export const requestHash = (request: object): string =>
  crypto.createHash('sha256').update(JSON.stringify(request)).digest('hex');

/** Refuses a replayed key whose request differs from the first one; `what` names the kind of write. */
export function assertSameRequest(earlierHash: string, hash: string, what: string): void {
  if (earlierHash !== hash)
    throw new AppError(
      'conflict',
      `this Idempotency-Key was already used for a different ${what}; use a new key for a new ${what}`,
    );
}
