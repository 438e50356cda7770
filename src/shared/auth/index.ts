/**
 * Authentication (HTTP Basic against the app_user table) and role checks for every /api route.
 * 401 without valid credentials (with a WWW-Authenticate challenge), 403 without the role.
 */
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { authenticate, type AuthUser, type Role } from '../../users';
import { AppError } from '../errors';
import { bearerVerifier, type OidcSettings } from './oidc';

export type { OidcSettings } from './oidc';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

/**
 * Verified credentials are kept for a minute, keyed by a SHA-256 of the header (never the
 * password itself), so scrypt runs once per client and minute instead of on every request.
 */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 1_000;

export function requireAuthentication(ds: DataSource, oidc?: OidcSettings): RequestHandler {
  const cache = new Map<string, { user: AuthUser; expires: number }>();
  const verifyBearer = oidc ? bearerVerifier(oidc) : undefined;

  const verify = async (header: string): Promise<AuthUser | undefined> => {
    const key = crypto.createHash('sha256').update(header).digest('base64');
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.user;
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user =
      colon > 0 ? await authenticate(ds, decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined;
    if (user) {
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(key, { user, expires: Date.now() + CACHE_TTL_MS });
    }
    return user;
  };

  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) {
      if (!verifyBearer)
        throw new AppError(
          'unauthenticated',
          'bearer tokens are not enabled on this server (OIDC_ISSUER is not set)',
        );
      const result = await verifyBearer(header.slice('Bearer '.length));
      if (typeof result === 'string') {
        res.setHeader('WWW-Authenticate', 'Bearer realm="egov-approvals", error="invalid_token"');
        throw new AppError('unauthenticated', result);
      }
      req.user = result;
      return next();
    }
    const user = header ? await verify(header) : undefined;
    if (!user) {
      // a browser app with its own sign-in form asks not to trigger the browser's password dialog
      if (!req.headers['x-requested-with']) {
        res.setHeader('WWW-Authenticate', 'Basic realm="egov-approvals", charset="UTF-8"');
      }
      throw new AppError(
        'unauthenticated',
        header ? 'wrong username or password' : 'sign in: this API needs credentials',
      );
    }
    req.user = user;
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user?.roles.some((r) => roles.includes(r))) {
      throw new AppError('forbidden', `this needs one of the roles: ${roles.join(', ')}`);
    }
    next();
  };
}
