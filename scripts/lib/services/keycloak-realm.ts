/**
 * The local identity realm, generated from the project's organisation data and seeded through
 * Keycloak's admin REST API, idempotently: a missing realm is created whole; an existing one gets
 * its settings again and whatever of the document it lacks (partial import, existing entries kept).
 *
 * Shape (what Operate and Tasklist 8.6 in the `identity-auth` profile read from the token): one
 * group per agency and per department, named by its code, which is also the candidate group of
 * user tasks (claim `groups`, names not paths); the web apps' permissions as roles of the
 * bearer-only clients `tasklist-api` / `operate-api` (claim `permissions.<client>`), carried by the
 * groups; the API's roles as realm roles.
 */
import { agencies, departments } from '../../../db/seeds/organisations';
import { Role } from '../../../src/users';

/** Roles of the web apps' API clients: both apps let a user in with `read:*`. */
export const WEBAPP_PERMISSIONS = ['read:*', 'write:*'] as const;
export const TASKLIST_AUDIENCE = 'tasklist-api';
export const OPERATE_AUDIENCE = 'operate-api';
/** The confidential client Operate and Tasklist sign users in with. */
export const WEBAPPS_CLIENT_ID = 'camunda-webapps';
/** Audience of the project's API (OIDC_AUDIENCE's default). */
export const API_AUDIENCE = 'egov-approvals-api';

/** Local-only password of every demo user. */
export const DEMO_PASSWORD = 'demo';
export const ADMINISTRATORS_GROUP = 'administrators';
export const PROCESS_OWNERS_GROUP = 'process-owners';

export interface DemoUser {
  username: string;
  firstName: string;
  lastName: string;
  group: string;
}

/** One officer per agency, an applicant in a few departments, a process owner and an administrator. */
export function demoUsers(): DemoUser[] {
  return [
    ...agencies.map((a) => ({
      username: `${a.code}-officer`,
      firstName: a.name,
      lastName: '办事员',
      group: a.code,
    })),
    ...['psb', 'edu', 'health', 'chengguan'].map((code) => ({
      username: `${code}-applicant`,
      firstName: departments.find((d) => d.code === code)!.name,
      lastName: '申报员',
      group: code,
    })),
    { username: 'process-owner', firstName: '流程', lastName: '管理员', group: PROCESS_OWNERS_GROUP },
    { username: 'administrator', firstName: '系统', lastName: '管理员', group: ADMINISTRATORS_GROUP },
  ];
}

export interface RealmOptions {
  realm: string;
  clientSecret: string;
  /** base URLs of Operate and Tasklist, for the client's redirect URIs */
  webappUrls: string[];
}

type Json = Record<string, unknown>;

const mapper = (name: string, protocolMapper: string, config: Record<string, string>): Json => ({
  name,
  protocol: 'openid-connect',
  protocolMapper,
  config: {
    'access.token.claim': 'true',
    'id.token.claim': 'true',
    'userinfo.token.claim': 'true',
    ...config,
  },
});

const audience = (client: string) =>
  mapper(`audience ${client}`, 'oidc-audience-mapper', { 'included.client.audience': client });

const permissions = (tasklist: readonly string[], operate: readonly string[]) => ({
  [TASKLIST_AUDIENCE]: [...tasklist],
  [OPERATE_AUDIENCE]: [...operate],
});

/** The realm as Keycloak's RealmRepresentation (the body of POST /admin/realms). */
export function realmDocument(opts: RealmOptions): Json {
  const group = (
    name: string,
    kind: string,
    label: string,
    realmRoles: string[],
    clientRoles: Json,
  ): Json => ({
    name,
    attributes: { kind: [kind], name: [label] },
    realmRoles,
    clientRoles,
  });
  // officers and applicants work in Tasklist; only administrators act in Operate, process owners read it
  const groups = [
    ...agencies.map((a) =>
      group(a.code, 'agency', a.name, [Role.AgencyOfficer], permissions(WEBAPP_PERMISSIONS, [])),
    ),
    ...departments.map((d) =>
      group(d.code, 'department', d.name, [Role.DepartmentApplicant], permissions(WEBAPP_PERMISSIONS, [])),
    ),
    group(
      PROCESS_OWNERS_GROUP,
      'role',
      '流程管理员',
      [Role.ProcessOwner],
      permissions(['read:*'], ['read:*']),
    ),
    group(
      ADMINISTRATORS_GROUP,
      'role',
      '系统管理员',
      [Role.Administrator, Role.CalendarAdmin],
      permissions(WEBAPP_PERMISSIONS, WEBAPP_PERMISSIONS),
    ),
  ];
  const apiClient = (clientId: string): Json => ({
    clientId,
    name: clientId,
    enabled: true,
    bearerOnly: true,
    protocol: 'openid-connect',
  });
  const redirects = opts.webappUrls.flatMap((u) => [`${u}/*`, `${u.replace('127.0.0.1', 'localhost')}/*`]);
  return {
    realm: opts.realm,
    displayName: '政务信息化项目审批',
    enabled: true,
    // a disabled user loses access within this (seconds)
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 5,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    maxDeltaTimeSeconds: 43200,
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    roles: {
      realm: Object.values(Role).map((name) => ({ name, description: `API role ${name}` })),
      client: Object.fromEntries(
        [TASKLIST_AUDIENCE, OPERATE_AUDIENCE].map((c) => [c, WEBAPP_PERMISSIONS.map((name) => ({ name }))]),
      ),
    },
    clients: [
      apiClient(TASKLIST_AUDIENCE),
      apiClient(OPERATE_AUDIENCE),
      apiClient(API_AUDIENCE),
      {
        clientId: WEBAPPS_CLIENT_ID,
        name: 'Camunda Operate and Tasklist',
        enabled: true,
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        secret: opts.clientSecret,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        redirectUris: redirects,
        webOrigins: ['+'],
        attributes: { 'post.logout.redirect.uris': redirects.join('##') },
        protocol: 'openid-connect',
        protocolMappers: [
          mapper('groups', 'oidc-group-membership-mapper', { 'claim.name': 'groups', 'full.path': 'false' }),
          mapper('permissions', 'oidc-usermodel-client-role-mapper', {
            'claim.name': 'permissions.${client_id}',
            multivalued: 'true',
            'jsonType.label': 'String',
          }),
          mapper('roles', 'oidc-usermodel-realm-role-mapper', {
            'claim.name': 'roles',
            multivalued: 'true',
            'jsonType.label': 'String',
          }),
          audience(TASKLIST_AUDIENCE),
          audience(OPERATE_AUDIENCE),
          audience(API_AUDIENCE),
        ],
      },
    ],
    groups,
    users: demoUsers().map((u) => ({
      username: u.username,
      enabled: true,
      email: `${u.username}@example.invalid`,
      emailVerified: true,
      firstName: u.firstName,
      lastName: u.lastName,
      groups: [`/${u.group}`],
      credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
      requiredActions: [],
    })),
  };
}

/** The realm-level settings that are applied again on every seed (PUT /admin/realms/<realm>). */
const SETTINGS = [
  'displayName',
  'enabled',
  'accessTokenLifespan',
  'ssoSessionIdleTimeout',
  'bruteForceProtected',
  'permanentLockout',
  'failureFactor',
  'waitIncrementSeconds',
  'maxFailureWaitSeconds',
  'maxDeltaTimeSeconds',
  'internationalizationEnabled',
  'supportedLocales',
  'defaultLocale',
] as const;

export interface SeedResult {
  created: boolean;
  /** entries added by the partial import of an existing realm (0 when nothing was missing) */
  added: number;
}

/** A token of the master realm's administrator (admin-cli, password grant). */
export async function adminToken(baseUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: 'admin-cli', grant_type: 'password', username: user, password }),
  });
  if (!res.ok)
    throw new Error(
      `Keycloak refused its administrator "${user}" (${res.status}): check KEYCLOAK_ADMIN_PASSWORD`,
    );
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Creates or completes the realm. Running it twice leaves the same realm. */
export async function seedRealm(
  baseUrl: string,
  admin: { user: string; password: string },
  opts: RealmOptions,
): Promise<SeedResult> {
  const token = await adminToken(baseUrl, admin.user, admin.password);
  const realm = `/${encodeURIComponent(opts.realm)}`;
  /** an admin call; undefined for 404 */
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<T | undefined> => {
    const res = await fetch(`${baseUrl}/admin/realms${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw new Error(`Keycloak ${method} /admin/realms${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  };
  const doc = realmDocument(opts);
  if ((await call('GET', realm)) === undefined) {
    await call('POST', '', doc);
    return { created: true, added: 0 };
  }

  // an existing realm: its settings again, then each missing entry by name (existing ones are kept)
  await call('PUT', realm, Object.fromEntries(SETTINGS.map((k) => [k, doc[k]])));
  let added = 0;
  const roles = doc.roles as { realm: { name: string }[]; client: Record<string, { name: string }[]> };
  for (const role of roles.realm) {
    if ((await call('GET', `${realm}/roles/${encodeURIComponent(role.name)}`)) === undefined) {
      await call('POST', `${realm}/roles`, role);
      added++;
    }
  }
  const clientUuid = async (clientId: string) =>
    (await call<{ id: string }[]>('GET', `${realm}/clients?clientId=${encodeURIComponent(clientId)}`))?.[0]
      ?.id;
  for (const client of doc.clients as { clientId: string }[]) {
    if ((await clientUuid(client.clientId)) === undefined) {
      await call('POST', `${realm}/clients`, client);
      added++;
    }
  }
  for (const [clientId, clientRoles] of Object.entries(roles.client)) {
    const id = await clientUuid(clientId);
    for (const role of clientRoles) {
      if (
        (await call('GET', `${realm}/clients/${id}/roles/${encodeURIComponent(role.name)}`)) === undefined
      ) {
        await call('POST', `${realm}/clients/${id}/roles`, role);
        added++;
      }
    }
  }
  for (const group of doc.groups as {
    name: string;
    realmRoles: string[];
    clientRoles: Record<string, string[]>;
  }[]) {
    const found = (
      await call<{ id: string; name: string }[]>(
        'GET',
        `${realm}/groups?search=${encodeURIComponent(group.name)}&exact=true`,
      )
    )?.find((g) => g.name === group.name);
    if (found) continue;
    const { realmRoles, clientRoles, ...rep } = group;
    await call('POST', `${realm}/groups`, rep);
    added++;
    const created = (await call<{ id: string; name: string }[]>(
      'GET',
      `${realm}/groups?search=${encodeURIComponent(group.name)}&exact=true`,
    ))!.find((g) => g.name === group.name)!;
    const realmReps = await Promise.all(
      realmRoles.map((r) => call('GET', `${realm}/roles/${encodeURIComponent(r)}`)),
    );
    await call('POST', `${realm}/groups/${created.id}/role-mappings/realm`, realmReps);
    for (const [clientId, names] of Object.entries(clientRoles)) {
      if (names.length === 0) continue;
      const id = await clientUuid(clientId);
      const reps = await Promise.all(
        names.map((r) => call('GET', `${realm}/clients/${id}/roles/${encodeURIComponent(r)}`)),
      );
      await call('POST', `${realm}/groups/${created.id}/role-mappings/clients/${id}`, reps);
    }
  }
  for (const user of doc.users as { username: string }[]) {
    const found = await call<unknown[]>(
      'GET',
      `${realm}/users?username=${encodeURIComponent(user.username)}&exact=true`,
    );
    if (found && found.length > 0) continue;
    await call('POST', `${realm}/users`, user);
    added++;
  }
  return { created: false, added };
}
