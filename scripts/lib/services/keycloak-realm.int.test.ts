/**
 * The realm seeded into a real Keycloak of its own (free ports, temporary folder): created once,
 * unchanged by a second seed; a demo officer's token carries what Tasklist and Operate read;
 * brute-force protection locks an account after repeated wrong passwords.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/shared/config';
import { freePortBlock, TEST_SERVICE_PORTS } from '../ports';
import { createKeycloak, keycloakUrl } from './keycloak';
import {
  adminToken,
  DEMO_PASSWORD,
  OPERATE_AUDIENCE,
  realmDocument,
  seedRealm,
  TASKLIST_AUDIENCE,
  WEBAPPS_CLIENT_ID,
  type RealmOptions,
} from './keycloak-realm';
import { startService, type RunningService } from './service';

describe('Keycloak realm seed', () => {
  let dir: string;
  let url: string;
  let keycloak: RunningService;
  const admin = { user: 'int-admin', password: 'int-secret' };
  const opts: RealmOptions = {
    realm: 'egov-int',
    clientSecret: 'int-webapps-secret-0123',
    webappUrls: ['http://127.0.0.1:1'],
  };
  const adminGet = async <T>(p: string): Promise<T> => {
    const token = await adminToken(url, admin.user, admin.password);
    const res = await fetch(`${url}/admin/realms/${opts.realm}${p}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  /** the seeded realm's state by name (ids differ between instances, names do not) */
  const state = async () => ({
    groups: (await adminGet<{ name: string }[]>('/groups?max=1000&briefRepresentation=false'))
      .map((g) => g.name)
      .sort(),
    clients: (await adminGet<{ clientId: string }[]>('/clients')).map((c) => c.clientId).sort(),
    users: (await adminGet<{ username: string }[]>('/users?max=1000')).map((u) => u.username).sort(),
    roles: (await adminGet<{ name: string }[]>('/roles')).map((r) => r.name).sort(),
  });
  /** a token for `username` through a test-only client with the web apps client's mappers */
  const passwordGrant = (username: string, password: string) =>
    fetch(`${url}/realms/${opts.realm}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'int-test', grant_type: 'password', username, password }),
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keycloak-realm-int-'));
    const port = await freePortBlock([1], TEST_SERVICE_PORTS);
    const config = loadConfig({
      ...process.env,
      KEYCLOAK_PORT: String(port),
      KEYCLOAK_ADMIN: admin.user,
      KEYCLOAK_ADMIN_PASSWORD: admin.password,
    });
    url = keycloakUrl(config);
    keycloak = await startService(createKeycloak(config, path.join(dir, 'keycloak')));
  }, 600_000);

  afterAll(async () => {
    await keycloak?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given no realm, when seeded twice, then the first creates it and the second changes nothing', async () => {
    const first = await seedRealm(url, admin, opts);
    expect(first).toEqual({ created: true, added: 0 });
    const before = await state();
    const second = await seedRealm(url, admin, opts);
    expect(second).toEqual({ created: false, added: 0 });
    expect(await state()).toEqual(before);
    expect(before.groups).toEqual(expect.arrayContaining(['cac', 'eib', 'psb', 'administrators']));
    expect(before.clients).toEqual(
      expect.arrayContaining([WEBAPPS_CLIENT_ID, TASKLIST_AUDIENCE, OPERATE_AUDIENCE]),
    );
    expect(before.users).toEqual(expect.arrayContaining(['cac-officer', 'administrator']));
  });

  it('given a group deleted, when seeded again, then only it is added back', async () => {
    const token = await adminToken(url, admin.user, admin.password);
    const [psb] = (await adminGet<{ id: string; name: string }[]>('/groups?search=psb&exact=true')).filter(
      (g) => g.name === 'psb',
    );
    const del = await fetch(`${url}/admin/realms/${opts.realm}/groups/${psb!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.status).toBe(204);
    const result = await seedRealm(url, admin, opts);
    expect(result).toEqual({ created: false, added: 1 });
    expect((await state()).groups).toContain('psb');
  });

  it('given a CAC officer, when a token is issued with the web apps mappers, then it carries the groups, permissions and audiences the web apps read', async () => {
    // a test-only client with direct grants and the same mappers as the web apps client
    const webapps = (realmDocument(opts).clients as { clientId: string; protocolMappers: unknown[] }[]).find(
      (c) => c.clientId === WEBAPPS_CLIENT_ID,
    )!;
    const token = await adminToken(url, admin.user, admin.password);
    const created = await fetch(`${url}/admin/realms/${opts.realm}/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'int-test',
        publicClient: true,
        directAccessGrantsEnabled: true,
        protocolMappers: webapps.protocolMappers,
      }),
    });
    expect(created.status).toBe(201);
    const res = await passwordGrant('cac-officer', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const jwt = ((await res.json()) as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
      groups: string[];
      permissions: Record<string, string[]>;
      aud: string[];
      roles: string[];
      email: string;
    };
    expect(claims.groups).toEqual(['cac']);
    expect(claims.permissions[TASKLIST_AUDIENCE]?.sort()).toEqual(['read:*', 'write:*']);
    expect(claims.permissions[OPERATE_AUDIENCE]).toBeUndefined();
    expect(claims.aud).toEqual(expect.arrayContaining([TASKLIST_AUDIENCE, OPERATE_AUDIENCE]));
    expect(claims.roles).toContain('agency-officer');
    expect(claims.email).toBe('cac-officer@example.invalid');
  });

  it('given five wrong passwords, when the right one is sent, then the account is locked (brute-force protection)', async () => {
    // positive control: the right password works before the lock
    expect((await passwordGrant('eib-officer', DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await passwordGrant('eib-officer', `wrong-${i}`)).ok).toBe(false);
    const locked = await passwordGrant('eib-officer', DEMO_PASSWORD);
    expect(locked.ok).toBe(false);
    expect(((await locked.json()) as { error: string }).error).toBe('invalid_grant');
    const status = await adminGet<{ disabled: boolean; numFailures: number }>(
      `/attack-detection/brute-force/users/${(await adminGet<{ id: string }[]>('/users?username=eib-officer&exact=true'))[0]!.id}`,
    );
    expect(status.disabled).toBe(true);
  });
});
