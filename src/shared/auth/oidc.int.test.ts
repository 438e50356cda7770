import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, testApp } from '../testing';

const AUDIENCE = 'egov-approvals-api';

describe('Bearer tokens from an OpenID Connect provider', () => {
  let ds: DataSource;
  let jwksServer: http.Server;
  let issuer: string;
  let key: KeyLike;
  let otherKey: KeyLike;
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    ds = await openDataSource();
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const publicKey = pair.publicKey;
    ({ privateKey: otherKey } = await generateKeyPair('RS256'));
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    // the provider's JWKS endpoint, on loopback
    jwksServer = http.createServer((_req, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
    issuer = `${base}/realms/egov`;
    app = testApp(ds, { oidc: { issuer, jwksUrl: `${base}/certs`, audience: AUDIENCE } });
  });
  afterAll(async () => {
    jwksServer.close();
    await ds.destroy();
  });

  const token = (
    claims: Record<string, unknown>,
    opts: { key?: KeyLike; audience?: string; expires?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience(opts.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.expires ?? '5m')
      .sign(opts.key ?? key);
  const bearer = async (...args: Parameters<typeof token>) => `Bearer ${await token(...args)}`;

  it('accepts a valid token and maps Keycloak realm roles and the department claim', async () => {
    // given a department applicant of the police department, as the provider issues it
    const psb = await bearer({
      preferred_username: 'zhang.san',
      department: 'psb',
      realm_access: { roles: ['department-applicant', 'offline_access'] },
    });

    // when they submit and list
    const submitted = await request(app)
      .post('/api/projects')
      .set('authorization', psb)
      .set('idempotency-key', `oidc-${Date.now()}`)
      .send({
        title: '出入境智能服务平台',
        budgetEstimate: '2000000.00',
        category: 'application-system',
        quotaOverrideReason: '集成测试：同一部门的多个测试项目',
      });
    const foreign = await request(app)
      .get(`/api/projects/${submitted.body.code}`)
      .set(
        'authorization',
        await bearer({ sub: 'li.si', department: 'edu', roles: ['department-applicant'] }),
      );

    // then the project is theirs, and another department's token does not see it
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ departmentCode: 'psb', submittedBy: 'zhang.san' });
    expect(foreign.status).toBe(404);
  });

  it.each([
    [
      'an expired token',
      () => bearer({ sub: 'a', roles: ['agency-officer'] }, { expires: '1s ago' }),
      /the token has expired/,
    ],
    [
      'a token for another audience',
      () => bearer({ sub: 'a', roles: ['agency-officer'] }, { audience: 'camunda-operate' }),
      /the token is not for this API/,
    ],
    [
      'a token signed with another key',
      () => bearer({ sub: 'a', roles: ['agency-officer'] }, { key: otherKey }),
      /could not be verified/,
    ],
    [
      'an unsigned token',
      async () =>
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"a"}').toString('base64url')}.`,
      /could not be verified/,
    ],
  ])('refuses %s with 401 and the reason', async (_what, header, reason) => {
    const res = await request(app)
      .get('/api/projects')
      .set('authorization', await header());
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(res.body.detail).toMatch(reason);
  });

  it('says so when bearer tokens are not enabled', async () => {
    const res = await request(testApp(ds))
      .get('/api/projects')
      .set('authorization', await bearer({ sub: 'a' }));
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('bearer tokens are not enabled on this server (OIDC_ISSUER is not set)');
  });
});
