/**
 * The modeler's sign-in, done by the API as a backend-for-frontend: the authorization-code flow
 * with PKCE against the identity provider, through the API's confidential client. The browser
 * holds only an HttpOnly, SameSite=Lax cookie with a random id (Secure, `__Host-` prefixed, when
 * the API is served over https); the provider's tokens stay on the server, in `web_session`.
 *
 * - Every request made with the cookie is checked with the provider: the access token is renewed
 *   with the refresh token, which the provider refuses once the person signed out anywhere, was
 *   disabled or lost their session — the request then gets 401 at once. Roles and organisation are
 *   read again from each new token. Parallel requests of one session share one renewal.
 * - State-changing requests (anything but GET/HEAD/OPTIONS) made with the cookie need the
 *   session's CSRF token in `X-CSRF-Token` (given to the page by `GET /auth/session`), and an
 *   `Origin`, when sent, equal to the API's own.
 * - Logout deletes the session, ends the provider's session through its back channel (so Operate
 *   and Tasklist, which renew their tokens there, lose it too) and sends the browser through the
 *   provider's end-session endpoint (with `id_token_hint`) to clear its cookies there.
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { LessThan, type DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import type { AuthUser } from '../../users';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { BearerVerifier } from './oidc';
import type { WebSignInSettings } from './settings';
import { WebSessionEntity, type WebSessionRow } from './web-session.entity';

/** How long a sign-in may take at the provider (its login cookie and the pending row). */
const LOGIN_TTL_MS = 10 * 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEFAULT_RETURN = '/modeler/';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
  jwks_uri: string;
}

/**
 * An endpoint the API itself calls (token, JWKS, back-channel logout), at the address the API
 * reaches the provider by: in a container network the discovery names the browser's address
 * (`issuer`), which the API may not reach; endpoints elsewhere are kept.
 */
export function backchannelUrl(url: string, issuer: string, backendIssuer: string): string {
  return backendIssuer !== issuer && url.startsWith(`${issuer}/`)
    ? `${backendIssuer}${url.slice(issuer.length)}`
    : url;
}

interface TokenSet {
  access_token: string;
  refresh_token: string;
  id_token?: string;
}

interface LoginData {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
}

interface SessionData {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  user: AuthUser;
}

/** A value for the JSON column (typeorm's partial-entity type does not accept a plain record). */
const jsonColumn = (value: object) => value as never;
const random = () => crypto.randomBytes(32).toString('base64url');
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();
const hashId = (id: string) => sha256(id).toString('hex');

/** Only a path of this server: never `//host` or an absolute URL (no open redirect). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 512
    ? value
    : DEFAULT_RETURN;
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class WebSessions {
  private discovery?: Promise<Discovery>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;
  /** renewals under way, by session id hash: a page's burst of requests shares one */
  private renewing = new Map<string, Promise<WebSessionRow>>();
  private readonly secure: boolean;
  readonly sessionCookie: string;
  private readonly loginCookie: string;

  constructor(
    private readonly ds: DataSource,
    private readonly settings: WebSignInSettings,
    private readonly verifyAccessToken: BearerVerifier,
    private readonly log: Logger,
  ) {
    this.secure = settings.publicUrl.startsWith('https:');
    this.sessionCookie = this.secure ? '__Host-egov_session' : 'egov_session';
    this.loginCookie = this.secure ? '__Secure-egov_login' : 'egov_login';
  }

  private get repo() {
    return this.ds.getRepository(WebSessionEntity);
  }

  private cookie(res: Response, name: string, value: string, path: string, maxAgeS: number): void {
    res.append(
      'Set-Cookie',
      `${name}=${value}; Path=${path}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`,
    );
  }

  /** The provider's discovery document, its back-channel endpoints at the API's address for it. */
  private provider(): Promise<Discovery> {
    const { issuer, backendIssuer } = this.settings;
    this.discovery ??= fetch(`${backendIssuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const d = (await res.json()) as Discovery;
        const back = (url: string) => backchannelUrl(url, issuer, backendIssuer);
        return { ...d, token_endpoint: back(d.token_endpoint), jwks_uri: back(d.jwks_uri) };
      })
      .catch((e: unknown) => {
        this.discovery = undefined; // ask again next time
        throw new AppError(
          'unavailable',
          `the identity provider does not answer (${backendIssuer}): ${(e as Error).message}`,
        );
      });
    return this.discovery;
  }

  /** A call of the provider's token (or logout) endpoint with the client's credentials. */
  private async tokenCall(
    endpoint: string,
    params: Record<string, string>,
  ): Promise<{ ok: true; tokens: TokenSet } | { ok: false; error: string }> {
    let res: globalThis.Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        body: new URLSearchParams({
          ...params,
          client_id: this.settings.clientId,
          client_secret: this.settings.clientSecret,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new AppError('unavailable', `the identity provider does not answer: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (res.status >= 500) throw new AppError('unavailable', `the identity provider failed (${res.status})`);
    if (!res.ok) {
      const body = (text ? JSON.parse(text) : {}) as { error?: string; error_description?: string };
      return { ok: false, error: body.error_description ?? body.error ?? `HTTP ${res.status}` };
    }
    return { ok: true, tokens: (text ? JSON.parse(text) : {}) as TokenSet };
  }

  /** Ends the provider's session through its back channel (no browser needed). */
  private async endProviderSession(refreshToken: string): Promise<void> {
    try {
      const { end_session_endpoint } = await this.provider();
      const { issuer, backendIssuer } = this.settings;
      await this.tokenCall(backchannelUrl(end_session_endpoint, issuer, backendIssuer), {
        refresh_token: refreshToken,
      });
    } catch (err) {
      this.log.warn({ err }, 'could not end the identity provider session');
    }
  }

  private async expire(row: WebSessionRow): Promise<void> {
    await this.repo.delete({ idHash: row.idHash });
  }

  /** The session named by the request's cookie, checked with the provider; undefined without a cookie. */
  async authenticate(
    req: Request,
    res: Response,
  ): Promise<{ user: AuthUser; csrfToken: string } | undefined> {
    const id = readCookie(req, this.sessionCookie);
    if (!id) return undefined;
    const ended = (reason: string): never => {
      this.cookie(res, this.sessionCookie, '', '/', 0);
      throw new AppError('unauthenticated', reason);
    };
    const row = await this.repo.findOneBy({ idHash: hashId(id), kind: 'session' });
    const now = new Date();
    if (!row) return ended('no such session (signed out, or it ended): sign in again');
    if (row.expiresAt <= now) {
      await this.expire(row);
      return ended('the session has expired: sign in again');
    }
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      const expected = Buffer.from(row.csrfToken ?? '');
      if (
        typeof sent !== 'string' ||
        sent.length !== expected.length ||
        !crypto.timingSafeEqual(Buffer.from(sent), expected)
      )
        throw new AppError('forbidden', 'missing or wrong X-CSRF-Token header for this session');
      const origin = req.headers.origin;
      if (origin && origin !== new URL(this.settings.publicUrl).origin)
        throw new AppError('forbidden', `requests from ${origin} may not use this session`);
    }
    let renewal = this.renewing.get(row.idHash);
    if (!renewal) {
      renewal = this.renew(row).finally(() => this.renewing.delete(row.idHash));
      this.renewing.set(row.idHash, renewal);
    }
    const renewed = await renewal.catch((e: unknown) => {
      if (e instanceof AppError && e.kind === 'unauthenticated') ended(e.message);
      throw e;
    });
    return { user: (renewed.data as unknown as SessionData).user, csrfToken: renewed.csrfToken! };
  }

  /** Renews the session's tokens with the provider: refused for a disabled or signed-out person. */
  private async renew(row: WebSessionRow): Promise<WebSessionRow> {
    const data = row.data as unknown as SessionData;
    const { token_endpoint } = await this.provider();
    const result = await this.tokenCall(token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: data.refreshToken,
    });
    if (!result.ok) {
      await this.expire(row);
      throw new AppError(
        'unauthenticated',
        `the identity provider ended this session (${result.error}): sign in again`,
      );
    }
    const user = await this.verifyAccessToken(result.tokens.access_token);
    if (typeof user === 'string') {
      await this.expire(row);
      throw new AppError('unauthenticated', `the identity provider's token was refused: ${user}`);
    }
    const now = new Date();
    const updated: WebSessionRow = {
      ...row,
      username: user.username,
      data: {
        accessToken: result.tokens.access_token,
        refreshToken: result.tokens.refresh_token ?? data.refreshToken,
        idToken: result.tokens.id_token ?? data.idToken,
        user,
      } satisfies SessionData,
      lastUsedAt: now,
      expiresAt: this.expiry(row.createdAt, now),
    };
    await this.repo.update(
      { idHash: row.idHash },
      {
        username: updated.username,
        data: jsonColumn(updated.data),
        lastUsedAt: now,
        expiresAt: updated.expiresAt,
      },
    );
    return updated;
  }

  private expiry(createdAt: Date, now: Date): Date {
    return new Date(
      Math.min(now.getTime() + this.settings.idleMs, createdAt.getTime() + this.settings.maxMs),
    );
  }

  /** Routes under /auth: login, callback, session, logout. */
  router(): Router {
    const router = Router();

    router.get('/login', async (req, res) => {
      const id = random();
      const login: LoginData = {
        state: random(),
        verifier: random(),
        nonce: random(),
        returnTo: safeReturnPath(req.query.returnTo),
      };
      const { authorization_endpoint } = await this.provider();
      const now = new Date();
      // pending sign-ins and sessions past their time go here, so the table does not grow
      await this.repo.delete({ expiresAt: LessThan(now) });
      await this.repo.insert({
        idHash: hashId(id),
        kind: 'login',
        username: null,
        data: jsonColumn(login),
        csrfToken: null,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + LOGIN_TTL_MS),
      });
      this.cookie(res, this.loginCookie, id, '/auth', LOGIN_TTL_MS / 1000);
      const url = new URL(authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: this.settings.clientId,
        redirect_uri: `${this.settings.publicUrl}/auth/callback`,
        scope: 'openid',
        state: login.state,
        nonce: login.nonce,
        code_challenge: sha256(login.verifier).toString('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      res.redirect(302, url.toString());
    });

    router.get('/callback', async (req, res) => {
      const id = readCookie(req, this.loginCookie);
      this.cookie(res, this.loginCookie, '', '/auth', 0);
      const row = id ? await this.repo.findOneBy({ idHash: hashId(id), kind: 'login' }) : null;
      if (row) await this.expire(row);
      if (!row || row.expiresAt <= new Date())
        throw new AppError(
          'bad-request',
          'no sign-in under way in this browser (cookies blocked, or it took over 10 minutes): start again at /auth/login',
        );
      const login = row.data as unknown as LoginData;
      if (req.query.state !== login.state)
        throw new AppError('bad-request', 'the state parameter does not match this sign-in');
      if (typeof req.query.error === 'string') {
        return res.redirect(302, `/modeler/?signin=${encodeURIComponent(req.query.error)}`);
      }
      if (typeof req.query.code !== 'string' || !req.query.code)
        throw new AppError('bad-request', 'the identity provider sent no code');
      const provider = await this.provider();
      const exchanged = await this.tokenCall(provider.token_endpoint, {
        grant_type: 'authorization_code',
        code: req.query.code,
        redirect_uri: `${this.settings.publicUrl}/auth/callback`,
        code_verifier: login.verifier,
      });
      if (!exchanged.ok)
        throw new AppError('bad-request', `the identity provider refused the code: ${exchanged.error}`);
      const tokens = exchanged.tokens;
      this.jwks ??= createRemoteJWKSet(new URL(provider.jwks_uri));
      const { payload } = await jwtVerify(tokens.id_token ?? '', this.jwks, {
        issuer: provider.issuer,
        audience: this.settings.clientId,
      }).catch(() => {
        throw new AppError(
          'bad-request',
          'the identity provider sent an ID token that could not be verified',
        );
      });
      if (payload.nonce !== login.nonce)
        throw new AppError('bad-request', 'the ID token was not issued for this sign-in (nonce)');
      const user = await this.verifyAccessToken(tokens.access_token);
      if (typeof user === 'string')
        throw new AppError('bad-request', `the identity provider's access token was refused: ${user}`);
      if (user.roles.length === 0) {
        // a person in no group has no business here: end the provider's session too
        await this.endProviderSession(tokens.refresh_token);
        await this.audit(user.username, 'auth.sign-in-refused', { reason: 'no role (in no group)' });
        return res.redirect(302, '/modeler/?signin=no-role');
      }
      const sessionId = random();
      const now = new Date();
      const csrfToken = random();
      await this.repo.insert({
        idHash: hashId(sessionId),
        kind: 'session',
        username: user.username,
        data: jsonColumn({
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token,
          idToken: tokens.id_token!,
          user,
        } satisfies SessionData),
        csrfToken,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: this.expiry(now, now),
      });
      this.cookie(res, this.sessionCookie, sessionId, '/', Math.floor(this.settings.maxMs / 1000));
      await this.audit(user.username, 'auth.signed-in', { roles: user.roles });
      res.redirect(302, login.returnTo);
    });

    /** the signed-in person and the CSRF token for writes; 401 when the session has ended */
    router.get('/session', async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      // not signed in is an answer, not an error: the page then sends the browser to sign in
      const session = await this.authenticate(req, res);
      res.json(session ?? { user: null, csrfToken: null });
    });

    router.post('/logout', async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      // authenticates with the CSRF check, so another site cannot sign a person out
      const session = await this.authenticate(req, res);
      if (!session) throw new AppError('unauthenticated', 'not signed in');
      const id = readCookie(req, this.sessionCookie)!;
      const row = await this.repo.findOneBy({ idHash: hashId(id) });
      await this.repo.delete({ idHash: hashId(id) });
      this.cookie(res, this.sessionCookie, '', '/', 0);
      const data = row?.data as unknown as SessionData | undefined;
      if (data) await this.endProviderSession(data.refreshToken);
      await this.audit(session.user.username, 'auth.signed-out', {});
      const url = new URL((await this.provider()).end_session_endpoint);
      url.search = new URLSearchParams({
        client_id: this.settings.clientId,
        post_logout_redirect_uri: `${this.settings.publicUrl}/modeler/?signin=signed-out`,
        ...(data?.idToken ? { id_token_hint: data.idToken } : {}),
      }).toString();
      res.json({ logoutUrl: url.toString() });
    });

    return router;
  }

  private async audit(username: string, action: string, afterState: Record<string, unknown>): Promise<void> {
    try {
      await appendAudit(this.ds.manager, {
        actor: username,
        action,
        entityType: 'user',
        entityId: username,
        beforeState: null,
        afterState,
      });
    } catch (err) {
      this.log.error({ err }, 'could not audit a sign-in');
    }
  }
}
