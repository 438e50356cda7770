/**
 * The test stack's identity provider (Keycloak, realm seeded by `npm test`) for tests: the API
 * wired to it, a sign-in through its real login form over plain HTTP (as a browser would, without
 * one), and the admin calls tests need (create, disable, lock-out status of a user).
 */
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import type { AppDeps } from '../../app';
import { identitySettings } from '../auth';
import { testApp, testConfig } from '.';

/** The API's identity settings in the test stack: the local Keycloak, callback on API_PORT. */
export function identityDeps(): Pick<AppDeps, 'oidc' | 'webSignIn'> {
  const identity = identitySettings(testConfig());
  if (!identity.web) throw new Error('the test stack runs Keycloak (CAMUNDA_WEBAPPS=true)');
  return { oidc: identity.oidc, webSignIn: identity.web };
}

/**
 * The app as people reach it: signed in through the provider, Basic off. Served on API_PORT,
 * the URL the realm's client redirects to.
 */
export function identityApp(ds: DataSource) {
  return testApp(ds, { ...identityDeps(), basicAuth: false });
}

export const keycloakBase = () => `http://127.0.0.1:${testConfig().KEYCLOAK_PORT}`;

/** Cookies of one origin, as a browser keeps them (name → value; an empty value deletes). */
class CookieJar {
  private cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0\b/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export type ProviderSignIn =
  | {
      outcome: 'signed-in';
      cookie: string;
      /** the API's Set-Cookie of the session cookie, with its attributes */
      setCookie: string;
      csrfToken: string;
      user: { username: string; roles: string[]; departmentCode: string | null; agencyCode: string | null };
    }
  /** the provider's login page answered again (wrong password, locked, unknown user), with its text */
  | { outcome: 'login-page'; page: string }
  /** the API redirected elsewhere than the return path (e.g. `/modeler/?signin=no-role`) */
  | { outcome: 'redirected'; location: string };

/** Signs in at `apiUrl` through the provider's login form, over HTTP. */
export async function signInThroughProvider(
  apiUrl: string,
  username: string,
  password: string,
): Promise<ProviderSignIn> {
  const api = new CookieJar();
  const idp = new CookieJar();
  const get = async (url: string, jar: CookieJar) => {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    return res;
  };
  const start = await get(`${apiUrl}/auth/login?returnTo=/modeler/`, api);
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}`);
  const form = await get(start.headers.get('location')!, idp);
  const html = await form.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form at the provider (${form.status})`);
  const posted = await fetch(action.replaceAll('&amp;', '&'), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: idp.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  });
  idp.take(posted);
  if (posted.status !== 302) return { outcome: 'login-page', page: await posted.text() };
  const callback = await get(posted.headers.get('location')!, api);
  const location = callback.headers.get('location') ?? '';
  if (callback.status !== 302 || location !== '/modeler/') {
    return { outcome: 'redirected', location: location || `${callback.status} ${await callback.text()}` };
  }
  const setCookie = callback.headers.getSetCookie().find((c) => /^(__Host-)?egov_session=./.test(c)) ?? '';
  const session = await fetch(`${apiUrl}/auth/session`, { headers: { cookie: api.header() } });
  if (session.status !== 200) throw new Error(`/auth/session answered ${session.status}`);
  const body = (await session.json()) as Omit<Extract<ProviderSignIn, { outcome: 'signed-in' }>, 'outcome'>;
  return {
    outcome: 'signed-in',
    cookie: api.header(),
    setCookie,
    csrfToken: body.csrfToken,
    user: body.user,
  };
}

/** Keycloak's admin REST API on the test realm, as the bootstrap administrator. */
export async function keycloakAdmin() {
  const c = testConfig();
  const tokenRes = await fetch(`${keycloakBase()}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: 'admin-cli',
      grant_type: 'password',
      username: c.KEYCLOAK_ADMIN,
      password: c.KEYCLOAK_ADMIN_PASSWORD,
    }),
  });
  if (!tokenRes.ok) throw new Error(`Keycloak admin token: ${tokenRes.status}`);
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${keycloakBase()}/admin/realms/${c.KEYCLOAK_REALM}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Keycloak ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const userId = async (username: string) => {
    const found = await call<{ id: string; username: string }[]>(
      'GET',
      `/users?username=${encodeURIComponent(username)}&exact=true`,
    );
    const id = found.find((u) => u.username === username)?.id;
    if (!id) throw new Error(`no Keycloak user ${username}`);
    return id;
  };
  return {
    call,
    userId,
    /** creates (or resets) a user with a password, in the given groups (none: no group) */
    async ensureUser(username: string, password: string, groups: string[]): Promise<string> {
      const existing = await call<{ id: string; username: string }[]>(
        'GET',
        `/users?username=${encodeURIComponent(username)}&exact=true`,
      );
      if (!existing.some((u) => u.username === username)) {
        await call('POST', '/users', {
          username,
          enabled: true,
          email: `${username}@example.invalid`,
          emailVerified: true,
          firstName: username,
          lastName: '测试',
          groups: groups.map((g) => `/${g}`),
          credentials: [{ type: 'password', value: password, temporary: false }],
          requiredActions: [],
        });
      }
      const id = await userId(username);
      await call('PUT', `/users/${id}`, { enabled: true });
      await call('DELETE', `/attack-detection/brute-force/users/${id}`);
      return id;
    },
    setEnabled: async (username: string, enabled: boolean) =>
      call('PUT', `/users/${await userId(username)}`, { enabled }),
    bruteForceStatus: async (username: string) =>
      call<{ disabled: boolean; numFailures: number }>(
        'GET',
        `/attack-detection/brute-force/users/${await userId(username)}`,
      ),
    sessions: async (username: string) =>
      call<{ id: string }[]>('GET', `/users/${await userId(username)}/sessions`),
  };
}

/** Fills the provider's login form the browser was sent to (Keycloak's page: #username, #password). */
export async function fillProviderLogin(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.waitForSelector('#kc-form-login');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#kc-login');
}
