import { agencies, departments } from '../../../db/seeds/organisations';
import { Role } from '../../../src/users';
import {
  ADMINISTRATORS_GROUP,
  demoUsers,
  OPERATE_AUDIENCE,
  realmDocument,
  TASKLIST_AUDIENCE,
  WEBAPPS_CLIENT_ID,
} from './keycloak-realm';

interface Group {
  name: string;
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
}
interface Mapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  directAccessGrantsEnabled?: boolean;
  attributes?: Record<string, string>;
  bearerOnly?: boolean;
  publicClient?: boolean;
  secret?: string;
  redirectUris?: string[];
  protocolMappers?: Mapper[];
}

describe('realmDocument', () => {
  const doc = realmDocument({
    realm: 'egov',
    clientSecret: 'a-secret-of-16-chars',
    webappUrls: ['http://127.0.0.1:8081', 'http://127.0.0.1:8082'],
    api: { url: 'http://127.0.0.1:3000', clientId: 'egov-approvals-web', clientSecret: 'an-api-secret-0123' },
  });
  const groups = doc.groups as Group[];
  const clients = doc.clients as Client[];
  const byName = (n: string) => groups.find((g) => g.name === n)!;

  it('given the organisations, then there is a group per agency and per department, named by its code (the candidate group)', () => {
    const names = groups.map((g) => g.name);
    for (const o of [...agencies, ...departments]) expect(names).toContain(o.code);
    expect(new Set(names).size).toBe(names.length);
    expect(byName('cac').realmRoles).toEqual([Role.AgencyOfficer]);
    expect(byName('psb').realmRoles).toEqual([Role.DepartmentApplicant]);
  });

  it('then only administrators may write in Operate, and officers reach Tasklist but not Operate', () => {
    expect(byName(ADMINISTRATORS_GROUP).clientRoles[OPERATE_AUDIENCE]).toEqual(['read:*', 'write:*']);
    expect(byName('cac').clientRoles[OPERATE_AUDIENCE]).toEqual([]);
    expect(byName('cac').clientRoles[TASKLIST_AUDIENCE]).toEqual(['read:*', 'write:*']);
    const writers = groups.filter((g) => g.clientRoles[OPERATE_AUDIENCE]!.includes('write:*'));
    expect(writers.map((g) => g.name)).toEqual([ADMINISTRATORS_GROUP]);
  });

  it('then the web apps client is confidential and maps groups by name, permissions per client and the audiences', () => {
    const webapps = clients.find((c) => c.clientId === WEBAPPS_CLIENT_ID)!;
    expect(webapps.publicClient).toBe(false);
    expect(webapps.secret).toBe('a-secret-of-16-chars');
    expect(webapps.redirectUris).toContain('http://127.0.0.1:8082/*');
    expect(webapps.redirectUris).toContain('http://localhost:8081/*');
    const mappers = webapps.protocolMappers!;
    const groupsMapper = mappers.find((m) => m.protocolMapper === 'oidc-group-membership-mapper')!;
    expect(groupsMapper.config).toMatchObject({ 'claim.name': 'groups', 'full.path': 'false' });
    const perms = mappers.find((m) => m.protocolMapper === 'oidc-usermodel-client-role-mapper')!;
    expect(perms.config['claim.name']).toBe('permissions.${client_id}');
    const audiences = mappers
      .filter((m) => m.protocolMapper === 'oidc-audience-mapper')
      .map((m) => m.config['included.client.audience']);
    expect(audiences).toEqual(expect.arrayContaining([TASKLIST_AUDIENCE, OPERATE_AUDIENCE]));
    for (const a of [TASKLIST_AUDIENCE, OPERATE_AUDIENCE])
      expect(clients.find((c) => c.clientId === a)!.bearerOnly).toBe(true);
  });

  it('then brute-force protection is on and access tokens are short-lived', () => {
    expect(doc.bruteForceProtected).toBe(true);
    expect(doc.accessTokenLifespan).toBeLessThanOrEqual(300);
  });

  it('then every demo user has names, an email and an existing group; one officer per agency', () => {
    const users = doc.users as { username: string; email: string; firstName: string; groups: string[] }[];
    for (const u of users) {
      expect(u.email).toMatch(/@/);
      expect(u.firstName.length).toBeGreaterThan(0);
      expect(groups.map((g) => `/${g.name}`)).toEqual(expect.arrayContaining(u.groups));
    }
    for (const a of agencies) expect(demoUsers().filter((u) => u.group === a.code)).toHaveLength(1);
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
  });

  it('then the API has its own confidential client for the modeler: code flow with PKCE, callback on the API only, organisation claims', () => {
    const web = clients.find((c) => c.clientId === 'egov-approvals-web')!;
    expect(web).toMatchObject({
      publicClient: false,
      secret: 'an-api-secret-0123',
      directAccessGrantsEnabled: false,
    });
    expect(web.redirectUris).toEqual([
      'http://127.0.0.1:3000/auth/callback',
      'http://localhost:3000/auth/callback',
    ]);
    expect(web.attributes!['pkce.code.challenge.method']).toBe('S256');
    const claims = web.protocolMappers!.map(
      (m) => m.config['claim.name'] ?? m.config['included.client.audience'],
    );
    expect(claims).toEqual(
      expect.arrayContaining(['groups', 'roles', 'department', 'agency', 'egov-approvals-api']),
    );
  });

  it('then agency and department groups carry their code as the claim attribute, and the web apps re-check the provider every minute', () => {
    expect((byName('psb') as Group & { attributes: Record<string, string[]> }).attributes.department).toEqual(
      ['psb'],
    );
    expect((byName('cac') as Group & { attributes: Record<string, string[]> }).attributes.agency).toEqual([
      'cac',
    ]);
    const webapps = clients.find((c) => c.clientId === WEBAPPS_CLIENT_ID)!;
    expect(Number(webapps.attributes!['access.token.lifespan'])).toBeLessThanOrEqual(60);
  });
});
