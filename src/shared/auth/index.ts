/**
 * Authentication and role checks for every /api route. People are known from the OpenID Connect
 * provider only: a Bearer token it signed, or the browser session the API keeps for the modeler
 * (`web-session.ts`). HTTP Basic against the app_user table is accepted only when switched on
 * (API_BASIC_AUTH: break-glass while the provider is down, and the test harness). 401 without
 * valid credentials, always with a WWW-Authenticate challenge; 429 with Retry-After while an
 * account or client address is locked after failed Basic sign-ins (each failure is audited,
 * without the password); 403 for a person with no role (in no group) and without the role.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { authenticate, USERNAME_MAX_LENGTH, type AuthUser, type Role, type SignInFailure } from '../../users';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { bearerVerifier, type OidcSettings } from './oidc';
import { addressKey, SignInThrottle, type SignInThrottleSettings } from './throttle';
import type { WebSessions } from './web-session';

export type { OidcSettings } from './oidc';
export { bearerVerifier } from './oidc';
export { WebSessions, safeReturnPath } from './web-session';
export {
  identitySettings,
  apiPublicUrl,
  localIssuer,
  type IdentitySettings,
  type WebSignInSettings,
} from './settings';
export { signInThrottleSettings, type SignInThrottleSettings } from './throttle';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

/**
 * Verified credentials are kept for a minute, keyed by a SHA-256 of the header (never the
 * password itself), so scrypt runs once per client and minute instead of on every request. The
 * throttle is consulted first, so a locked account or address is refused even with cached credentials.
 */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 1_000;
const REALM = 'realm="egov-approvals"';

export interface AuthenticationOptions {
  dataSource: DataSource;
  throttle: SignInThrottleSettings;
  log: Logger;
  /** Bearer tokens from this OpenID Connect provider are accepted */
  oidc?: OidcSettings;
  /** the modeler's browser sessions (cookie) */
  sessions?: WebSessions;
  /** HTTP Basic for app_user accounts */
  basic: boolean;
}

/** Username and password of a Basic Authorization header, or undefined when it is not one. */
function basicCredentials(header: string): { username: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function requireAuthentication(options: AuthenticationOptions): RequestHandler {
  const { dataSource: ds, oidc, log, sessions, basic } = options;
  const cache = new Map<string, { user: AuthUser; expires: number }>();
  const verifyBearer = oidc ? bearerVerifier(oidc) : undefined;
  const throttle = new SignInThrottle(options.throttle);
  /** verifications under way, by the same key as the cache */
  const verifying = new Map<string, Promise<AuthUser | undefined>>();

  /** Every 401 names the schemes this server accepts. */
  const refuse = (req: Request, res: Response, reason: string, invalidToken = false): never => {
    const basicChallenge = req.headers['x-requested-with']
      ? `FormBasic ${REALM}` // the browser app has its own sign-in form: a scheme that opens no dialog
      : `Basic ${REALM}, charset="UTF-8"`;
    const bearerChallenge = `Bearer ${REALM}${invalidToken ? ', error="invalid_token"' : ''}`;
    // the scheme the client tried comes first
    const challenges = [
      ...(verifyBearer && invalidToken ? [bearerChallenge] : []),
      ...(basic || !verifyBearer ? [basicChallenge] : []),
      ...(verifyBearer && !invalidToken ? [bearerChallenge] : []),
    ];
    res.setHeader('WWW-Authenticate', challenges.join(', '));
    throw new AppError('unauthenticated', reason);
  };

  const audit = async (username: string, address: string, failure: SignInFailure, lockMs: number) => {
    try {
      await appendAudit(ds.manager, {
        actor: 'anonymous',
        action: 'auth.sign-in-failed',
        entityType: 'user',
        // an unknown name may be a password typed into the wrong field: only its hash is kept
        entityId:
          failure === 'unknown-user'
            ? `unknown:${crypto.createHash('sha256').update(username).digest('hex').slice(0, 16)}`
            : username,
        beforeState: null,
        afterState: { address, reason: failure, ...(lockMs ? { lockedForSeconds: lockMs / 1000 } : {}) },
      });
    } catch (err) {
      log.error({ err }, 'could not audit a failed sign-in');
    }
  };

  const verifyBasic = async (req: Request, res: Response, header: string): Promise<AuthUser> => {
    const credentials = basicCredentials(header);
    // no account has a longer name: such names share one throttling key, so they cannot fill memory
    const username =
      (credentials?.username.length ?? 0) > USERNAME_MAX_LENGTH
        ? '(too long)'
        : (credentials?.username ?? '');
    const address = addressKey(req.socket.remoteAddress);
    const wait = throttle.waitMs(username, address);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      res.setHeader('Retry-After', String(seconds));
      throw new AppError('too-many-requests', `too many failed sign-ins: try again in ${seconds} s`);
    }
    const key = crypto.createHash('sha256').update(header).digest('base64');
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.user;
    // parallel requests with the same credentials (a page's burst) share one verification, so
    // they count as one attempt and none of them is refused as a parallel guess
    let verification = verifying.get(key);
    if (!verification) {
      verification = (async (): Promise<AuthUser | undefined> => {
        throttle.begin(username, address);
        const result = credentials
          ? await authenticate(ds, credentials.username, credentials.password).catch((e: unknown) => {
              throttle.abandoned(username, address); // not the client's failure
              throw e;
            })
          : ({ failure: 'unknown-user' } as const);
        if ('user' in result) {
          throttle.succeeded(username, address);
          if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
          cache.set(key, { user: result.user, expires: Date.now() + CACHE_TTL_MS });
          return result.user;
        }
        const lockMs = throttle.failed(username, address);
        if (credentials) await audit(username, address, result.failure, lockMs);
        return undefined;
      })().finally(() => verifying.delete(key));
      verifying.set(key, verification);
    }
    const user = await verification;
    if (user) return user;
    return refuse(
      req,
      res,
      credentials ? 'wrong username or password' : 'send Basic credentials or a Bearer token',
    );
  };

  /** a person the provider knows but who has no role here (in no group) may do nothing */
  const withRole = (user: AuthUser): AuthUser => {
    if (user.roles.length === 0)
      throw new AppError(
        'forbidden',
        `${user.username} has no role in this system (the account is in no group): ask an administrator`,
      );
    return user;
  };

  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    if (!header) {
      const session = await sessions?.authenticate(req, res);
      if (!session) return refuse(req, res, 'sign in: this API needs credentials');
      req.user = withRole(session.user);
      return next();
    }
    if (/^Bearer /i.test(header)) {
      if (!verifyBearer)
        return refuse(req, res, 'bearer tokens are not enabled on this server (OIDC_ISSUER is not set)');
      const result = await verifyBearer(header.slice('Bearer '.length));
      if (typeof result === 'string') return refuse(req, res, result, true);
      req.user = withRole(result);
      return next();
    }
    if (!basic)
      return refuse(
        req,
        res,
        'HTTP Basic is off (API_BASIC_AUTH): people sign in through the identity provider',
      );
    req.user = await verifyBasic(req, res, header);
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
