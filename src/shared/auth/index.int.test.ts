import crypto from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../audit/data-access/audit-entry.entity';
import { Role } from '../../users';
import { basic, openDataSource, signedIn, testApp } from '../testing';
import type { SignInThrottleSettings } from '.';

/** Limits high enough that a test about something else is never throttled. */
const generous: SignInThrottleSettings = {
  maxFailuresPerAccount: 1000,
  maxFailuresPerAddress: 1000,
  lockoutMs: 1000,
  maxLockoutMs: 1000,
  windowMs: 60_000,
};
const READ = '/api/calendar/days/2025-10-01';

describe('authentication', () => {
  let ds: DataSource;
  let ALICE: string;

  beforeAll(async () => {
    ds = await openDataSource();
    ALICE = await signedIn(ds, 'auth-alice', [Role.AgencyOfficer], { agencyCode: 'eib' });
  });
  afterAll(() => ds.destroy());

  const app = (throttle: Partial<SignInThrottleSettings> = {}) =>
    testApp(ds, { signInThrottle: { ...generous, ...throttle } });

  describe('usernames are compared exactly', () => {
    const api = () => app();
    let server: ReturnType<typeof app>;
    beforeAll(() => {
      server = api();
    });

    it('given the exact username and password, signs in (positive control)', async () => {
      const res = await request(server)
        .get(READ)
        .set('authorization', basic('auth-alice', 'auth-alice-secret'));
      expect(res.status).toBe(200);
    });

    it.each([
      ['upper case', 'AUTH-ALICE'],
      ['mixed case', 'Auth-Alice'],
      ['a trailing space', 'auth-alice '],
      ['an accent', 'auth-álice'],
      ['a combining accent', 'auth-a\u0301lice'],
      ['full-width letters', 'ａｕｔｈ－ａｌｉｃｅ'],
      ['a zero-width space', 'auth-al\u200Bice'],
      ['a trailing zero-width joiner', 'auth-alice\u200D'],
      ['a trailing NUL byte', 'auth-alice\u0000'],
      ['a leading NUL byte', '\u0000auth-alice'],
    ])('given the right password with %s in the username, when signing in, then 401', async (_what, name) => {
      const res = await request(server).get(READ).set('authorization', basic(name, 'auth-alice-secret'));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="egov-approvals"/);
    });
  });

  describe('failed sign-ins are throttled', () => {
    const wrong = (server: ReturnType<typeof app>, user = 'auth-bob', password = 'guess') =>
      request(server).get(READ).set('authorization', basic(user, password));

    it('locks an account with 429 and Retry-After; its right password, even cached, is refused until the lock ends', async () => {
      // given bob signed in once (his credentials are cached) and a throttle of 3 failures, 1 s lock
      const BOB = await signedIn(ds, 'auth-bob', [Role.ProcessOwner]);
      const server = app({ maxFailuresPerAccount: 3, lockoutMs: 1000 });
      expect((await request(server).get(READ).set('authorization', BOB)).status).toBe(200);

      // when someone tries three wrong passwords
      const failures = [await wrong(server), await wrong(server), await wrong(server)];

      // then they are 401, and the next attempt, right or wrong, cached or not, is 429 with Retry-After
      expect(failures.map((r) => r.status)).toEqual([401, 401, 401]);
      const locked = await wrong(server);
      expect(locked.status).toBe(429);
      expect(locked.headers['retry-after']).toBe('1');
      expect(locked.body.detail).toMatch(/too many failed sign-ins/);
      const cached = await request(server).get(READ).set('authorization', BOB);
      expect(cached.status).toBe(429);
      const uncached = await request(server).get(READ).set('authorization', BOB.replace('Basic', 'basic'));
      expect(uncached.status).toBe(429);
      // and another account from the same address is not locked
      expect((await request(server).get(READ).set('authorization', ALICE)).status).toBe(200);

      // when the lock has ended, the right password signs in again
      await new Promise((r) => setTimeout(r, 1100));
      expect((await request(server).get(READ).set('authorization', BOB)).status).toBe(200);
    });

    it('lets through only the allowed failures of 100 parallel wrong passwords, with the defaults', async () => {
      // given the default settings (5 failures per account)
      const server = testApp(ds);
      // when 100 wrong passwords arrive at once
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => wrong(server, 'auth-alice', `guess-${i}`)),
      );
      // then at most 5 were verified and answered 401, every other one is 429 with Retry-After
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(95);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(
        results.filter((r) => r.status === 429).every((r) => Number(r.headers['retry-after']) >= 1),
      ).toBe(true);
    });

    it('answers 20 parallel requests with the same right credentials, none refused as a guess, with the defaults', async () => {
      // given the default settings and credentials not yet verified by this server
      const server = testApp(ds);
      // when a client sends 20 requests at once (a page's burst)
      const results = await Promise.all(
        Array.from({ length: 20 }, () => request(server).get(READ).set('authorization', ALICE)),
      );
      // then every one is answered
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    });

    it('locks a client address that tries many usernames', async () => {
      // given a throttle of 4 failures per address
      const server = app({ maxFailuresPerAddress: 4 });
      // when four unknown usernames fail from one address
      for (let i = 0; i < 4; i++) expect((await wrong(server, `auth-nobody-${i}`)).status).toBe(401);
      // then even a right password from that address waits
      const res = await request(server).get(READ).set('authorization', ALICE);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('audits each failed sign-in with the address and reason, never the password', async () => {
      // given carol and an unknown user, whose name may be a password typed into the wrong field
      await signedIn(ds, 'auth-carol', [Role.ProcessOwner]);
      const server = app();
      const secret = `pw-${crypto.randomUUID()}`;
      const before = await ds
        .getRepository(AuditEntryEntity)
        .count({ where: { action: 'auth.sign-in-failed' } });

      // when both fail
      expect((await wrong(server, 'auth-carol', secret)).status).toBe(401);
      expect((await wrong(server, secret, secret)).status).toBe(401);

      // then two entries are written: carol's names her; the unknown one keeps only a hash of the name
      const entries = await ds
        .getRepository(AuditEntryEntity)
        .find({ where: { action: 'auth.sign-in-failed' }, order: { id: 'DESC' }, take: 2 });
      expect(
        await ds.getRepository(AuditEntryEntity).count({ where: { action: 'auth.sign-in-failed' } }),
      ).toBe(before + 2);
      const [unknown, carol] = entries;
      expect(carol).toMatchObject({ entityType: 'user', entityId: 'auth-carol' });
      expect(carol!.afterState).toMatchObject({ reason: 'wrong-password', address: expect.any(String) });
      expect(unknown!.entityId).toMatch(/^unknown:[0-9a-f]{16}$/);
      expect(unknown!.afterState).toMatchObject({ reason: 'unknown-user' });
      expect(JSON.stringify(entries)).not.toContain(secret);
    });
  });

  describe('every 401 carries a challenge', () => {
    it.each([
      ['no credentials', {}, /^Basic realm="egov-approvals"/],
      ['a wrong password', { authorization: basic('auth-alice', 'nope') }, /^Basic realm="egov-approvals"/],
      ['a malformed Basic header', { authorization: 'Basic !!!' }, /^Basic realm="egov-approvals"/],
      ['Basic without a colon', { authorization: `Basic ${Buffer.from('x').toString('base64')}` }, /^Basic /],
      ['an unknown scheme', { authorization: 'Digest username="a"' }, /^Basic realm="egov-approvals"/],
      ['a Bearer token while tokens are not enabled', { authorization: 'Bearer abc.def.ghi' }, /^Basic /],
      [
        'wrong credentials from the browser app, which has its own sign-in form',
        { authorization: basic('auth-alice', 'nope'), 'x-requested-with': 'egov-modeler' },
        /^FormBasic realm="egov-approvals"/,
      ],
    ])('given %s, then 401 with a challenge', async (_what, headers, challenge) => {
      const res = await request(app()).get(READ).set(headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(challenge);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  it('given tokens are enabled and no credentials, then the challenge names both schemes', async () => {
    const oidc = {
      issuer: 'http://127.0.0.1:9/realms/egov',
      jwksUrl: 'http://127.0.0.1:9/certs',
      audience: 'x',
    };
    const res = await request(testApp(ds, { oidc })).get(READ);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(
      /^Basic realm="egov-approvals".*, Bearer realm="egov-approvals"$/,
    );
  });

  describe('authentication comes before reading the body', () => {
    const huge = `{"title":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    it.each([
      ['a 3 MB JSON body', huge, 'application/json'],
      ['malformed JSON', '{"title": ', 'application/json'],
      ['an unsupported charset', '{}', 'application/json; charset=ebcdic'],
      [
        'a multipart body without its end',
        '--B\r\nContent-Disposition: form-data; name="file"',
        'multipart/form-data; boundary=B',
      ],
    ])('given %s without valid credentials, then 401', async (_what, body, type) => {
      const server = app();
      const anonymous = await request(server).post('/api/projects').set('content-type', type).send(body);
      const wrongPassword = await request(server)
        .post('/api/projects/LS-2026-0001/documents')
        .set('authorization', basic('auth-alice', 'nope'))
        .set('content-type', type)
        .send(body);
      expect([anonymous.status, wrongPassword.status]).toEqual([401, 401]);
    });

    it('still parses the body once signed in (positive control)', async () => {
      const res = await request(app())
        .post('/api/projects')
        .set('authorization', ALICE)
        .set('content-type', 'application/json')
        .send('{"title": ');
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('the request body is not valid JSON');
    });
  });
});
