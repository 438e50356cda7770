/**
 * The modeler's sign-in through the identity provider (the test stack's Keycloak), over HTTP as
 * a browser does it: the session cookie, CSRF, the claims, and each way in being refused — wrong
 * password, an expired or ended session, a person in no group, a disabled person, the provider's
 * brute-force lock-out, look-alike usernames.
 */
import type { DataSource } from 'typeorm';
import { testConfig, openDataSource } from '../testing';
import { serve } from '../testing/browser';
import { identityApp, keycloakAdmin, signInThroughProvider, type ProviderSignIn } from '../testing/identity';
import { WebSessionEntity } from './web-session.entity';

type SignedIn = Extract<ProviderSignIn, { outcome: 'signed-in' }>;
const DEMO = 'demo';

describe('signing in through the identity provider (web session)', () => {
  let ds: DataSource;
  let api: { url: string; stop: () => Promise<void> };
  let admin: Awaited<ReturnType<typeof keycloakAdmin>>;

  beforeAll(async () => {
    ds = await openDataSource();
    api = await serve(identityApp(ds), testConfig().API_PORT);
    admin = await keycloakAdmin();
  });
  afterAll(async () => {
    await api.stop();
    await ds.destroy();
  });

  const signIn = async (username: string, password = DEMO): Promise<SignedIn> => {
    const r = await signInThroughProvider(api.url, username, password);
    if (r.outcome !== 'signed-in')
      throw new Error(`${username} was not signed in: ${JSON.stringify(r).slice(0, 300)}`);
    return r;
  };
  const call = (s: { cookie: string; csrfToken?: string }, path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, {
      ...init,
      headers: {
        cookie: s.cookie,
        ...(s.csrfToken ? { 'x-csrf-token': s.csrfToken } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const proposal = () =>
    JSON.stringify({
      title: '统一身份认证测试项目',
      budgetEstimate: '1000000.00',
      category: 'application-system',
      quotaOverrideReason: '集成测试：同一部门的多个测试项目',
    });

  it('given a department applicant, when signed in, then the cookie is HttpOnly and SameSite, and roles and department come from the token', async () => {
    const s = await signIn('psb-applicant');
    expect(s.setCookie).toMatch(/; HttpOnly/);
    expect(s.setCookie).toMatch(/; SameSite=Lax/);
    expect(s.user).toMatchObject({
      username: 'psb-applicant',
      roles: ['department-applicant'],
      departmentCode: 'psb',
      agencyCode: null,
    });
    const officer = await signIn('cac-officer');
    expect(officer.user).toMatchObject({
      roles: ['agency-officer'],
      agencyCode: 'cac',
      departmentCode: null,
    });
    const list = await call(s, '/api/projects');
    expect(list.status).toBe(200);
  });

  it('given a session, when changing state without the CSRF token or from another origin, then 403; with it, the change is made as that person', async () => {
    const s = await signIn('psb-applicant');
    const post = (headers: Record<string, string>, csrf?: string) =>
      call({ cookie: s.cookie, csrfToken: csrf }, '/api/projects', {
        method: 'POST',
        body: proposal(),
        headers: {
          'idempotency-key': `sso-${Date.now()}-${Math.random().toString(36).slice(2)}`,
          ...headers,
        },
      });
    const noToken = await post({});
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { detail: string }).detail).toMatch(/X-CSRF-Token/);
    const wrongToken = await post({}, 'x'.repeat(43));
    expect(wrongToken.status).toBe(403);
    const foreign = await post({ origin: 'https://evil.example' }, s.csrfToken);
    expect(foreign.status).toBe(403);
    const ok = await post({ origin: api.url }, s.csrfToken);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ departmentCode: 'psb', submittedBy: 'psb-applicant' });
  });

  it('given a wrong password, then the provider shows its login page again and no session is made', async () => {
    const before = await ds.getRepository(WebSessionEntity).countBy({ kind: 'session' });
    const r = await signInThroughProvider(api.url, 'edu-applicant', 'not-the-password');
    expect(r.outcome).toBe('login-page');
    expect(r.outcome === 'login-page' && r.page).toMatch(/kc-form-login/);
    expect(await ds.getRepository(WebSessionEntity).countBy({ kind: 'session' })).toBe(before);
  });

  it('given no session cookie or an unknown one, then 401', async () => {
    expect((await fetch(`${api.url}/api/projects`)).status).toBe(401);
    const res = await call({ cookie: 'egov_session=forged' }, '/api/projects');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toMatch(/egov_session=;.*Max-Age=0/);
  });

  it('given a session past its expiry, then 401 and the session is deleted', async () => {
    const s = await signIn('health-applicant');
    expect((await call(s, '/api/projects')).status).toBe(200);
    const repo = ds.getRepository(WebSessionEntity);
    const rows = await repo.findBy({ kind: 'session', username: 'health-applicant' });
    for (const row of rows)
      await repo.update({ idHash: row.idHash }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await call(s, '/api/projects');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/expired/);
    expect(await repo.countBy({ kind: 'session', username: 'health-applicant' })).toBeLessThan(rows.length);
  });

  it('given the provider ended the session (signed out elsewhere), then the next request gets 401', async () => {
    const s = await signIn('chengguan-applicant');
    expect((await call(s, '/api/projects')).status).toBe(200);
    await admin.call('POST', `/users/${await admin.userId('chengguan-applicant')}/logout`);
    const res = await call(s, '/api/projects');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/identity provider ended this session/);
  });

  it('given a person in no group, then no session is made and the provider session is ended too', async () => {
    await admin.ensureUser('sso-nogroup', 'sso-nogroup-pw', []);
    const r = await signInThroughProvider(api.url, 'sso-nogroup', 'sso-nogroup-pw');
    expect(r).toEqual({ outcome: 'redirected', location: '/modeler/?signin=no-role' });
    expect(await admin.sessions('sso-nogroup')).toEqual([]);
  });

  it('given a person disabled by an administrator while signed in, then the very next request is refused', async () => {
    await admin.ensureUser('sso-disabled', 'sso-disabled-pw', ['edu']);
    const s = await signIn('sso-disabled', 'sso-disabled-pw');
    expect((await call(s, '/api/projects')).status).toBe(200);
    await admin.setEnabled('sso-disabled', false);
    const res = await call(s, '/api/projects');
    expect(res.status).toBe(401);
    const again = await signInThroughProvider(api.url, 'sso-disabled', 'sso-disabled-pw');
    expect(again.outcome).toBe('login-page');
  });

  it('given five wrong passwords, then the provider locks the account: even the right password is refused', async () => {
    await admin.ensureUser('sso-bruteforce', 'sso-bruteforce-pw', ['edu']);
    for (let i = 0; i < 5; i++) {
      expect((await signInThroughProvider(api.url, 'sso-bruteforce', `wrong-${i}`)).outcome).toBe(
        'login-page',
      );
    }
    // Keycloak locks at once when failures come faster than its quick-login check (1 s), so the
    // number it counts depends on the machine's speed; the lock is what matters
    const status = await admin.bruteForceStatus('sso-bruteforce');
    expect(status).toMatchObject({ disabled: true });
    const right = await signInThroughProvider(api.url, 'sso-bruteforce', 'sso-bruteforce-pw');
    expect(right.outcome).toBe('login-page');
  });

  it.each([
    ['a Cyrillic і', 'psb-appl\u0456cant'],
    ['full-width letters', 'ｐｓｂ-applicant'],
    ['a zero-width space', 'psb-app\u200Blicant'],
    ['an accent', 'psb-applicánt'],
  ])(
    'given the right password with %s in the username, then the provider refuses it',
    async (_what, name) => {
      expect((await signInThroughProvider(api.url, name, DEMO)).outcome).toBe('login-page');
    },
  );

  it('given the same letters in upper case, then it is the same account, never another one', async () => {
    const s = await signIn('PSB-Applicant');
    expect(s.user.username).toBe('psb-applicant');
  });

  it('given a look-alike of an existing username, then the provider refuses to create it', async () => {
    await expect(
      admin.call('POST', '/users', { username: 'psb-appl\u0456cant', enabled: true }),
    ).rejects.toThrow(/400|error/);
  });

  it('given a signed-in person, when logging out, then the session and the provider session end, and the browser is sent to end-session with id_token_hint', async () => {
    // (other tests sign edu-applicant in too: only this sign-in's provider sessions are followed)
    const before = new Set((await admin.sessions('edu-applicant')).map((x) => x.id));
    const s = await signIn('edu-applicant');
    const mine = (await admin.sessions('edu-applicant')).filter((x) => !before.has(x.id));
    expect(mine.length).toBeGreaterThan(0);
    const forged = await call({ cookie: s.cookie }, '/auth/logout', { method: 'POST' });
    expect(forged.status).toBe(403);
    const res = await call(s, '/auth/logout', { method: 'POST' });
    expect(res.status).toBe(200);
    const { logoutUrl } = (await res.json()) as { logoutUrl: string };
    expect(logoutUrl).toMatch(/\/protocol\/openid-connect\/logout\?.*id_token_hint=/);
    expect(res.headers.get('set-cookie')).toMatch(/egov_session=;.*Max-Age=0/);
    expect((await call(s, '/api/projects')).status).toBe(401);
    const left = new Set((await admin.sessions('edu-applicant')).map((x) => x.id));
    expect(mine.filter((x) => left.has(x.id))).toEqual([]);
  });
});
