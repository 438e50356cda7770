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
/**
 * What the API's service account (client credentials) may do: find, assign and complete tasks in
 * Tasklist on a user's behalf (the API checks the user's groups itself). Nothing in Operate.
 */
export const TASKS_CLIENT_PERMISSIONS = {
  [TASKLIST_AUDIENCE]: ['read:*', 'write:*'],
} as const;
/**
 * Lifetime (s) of the web apps' access tokens: Operate and Tasklist check the provider only when
 * theirs expires (they refresh it, which fails once the person signed out or was disabled), and
 * have no back-channel logout, so this bounds how long they stay open after a logout elsewhere.
 */
export const WEBAPPS_TOKEN_LIFESPAN_S = 60;

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
  /** the API's own confidential client (OIDC_CLIENT_ID): the modeler signs in through the API */
  api?: { url: string; clientId: string; clientSecret: string };
  /** the API's confidential service-account client for Tasklist and Operate (TASKS_CLIENT_ID/SECRET) */
  tasksClient?: { clientId: string; secret: string };
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

/** A claim from a user attribute; users inherit their groups' attributes (`department`, `agency`). */
const attributeClaim = (name: string) =>
  mapper(name, 'oidc-usermodel-attribute-mapper', {
    'user.attribute': name,
    'claim.name': name,
    'jsonType.label': 'String',
    multivalued: 'false',
    'aggregate.attrs': 'false',
  });

const groupsClaim = () =>
  mapper('groups', 'oidc-group-membership-mapper', { 'claim.name': 'groups', 'full.path': 'false' });
const rolesClaim = () =>
  mapper('roles', 'oidc-usermodel-realm-role-mapper', {
    'claim.name': 'roles',
    multivalued: 'true',
    'jsonType.label': 'String',
  });

const permissions = (tasklist: readonly string[], operate: readonly string[]) => ({
  [TASKLIST_AUDIENCE]: [...tasklist],
  [OPERATE_AUDIENCE]: [...operate],
});

export interface RealmGroup {
  name: string;
  attributes: Record<string, string[]>;
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
}

const group = (
  name: string,
  kind: string,
  label: string,
  realmRoles: string[],
  clientRoles: Record<string, string[]>,
): RealmGroup => ({
  name,
  // members inherit `agency` / `department` = the code: the API's organisation claims
  attributes: {
    kind: [kind],
    name: [label],
    ...(kind === 'agency' || kind === 'department' ? { [kind]: [name] } : {}),
  },
  realmRoles,
  clientRoles,
});

/** The group of an agency (its officers) or a department (its applicants), named by its code. */
export function organisationGroup(kind: 'agency' | 'department', code: string, name: string): RealmGroup {
  // officers and applicants work in Tasklist, not in Operate
  return group(
    code,
    kind,
    name,
    [kind === 'agency' ? Role.AgencyOfficer : Role.DepartmentApplicant],
    permissions(WEBAPP_PERMISSIONS, []),
  );
}

/** The API's service-account client: client credentials only, its roles in `permissions.<client>`. */
function tasksClient(c: { clientId: string; secret: string }): Json {
  return serviceAccountClient(c, 'API: tasks on behalf of users', TASKLIST_AUDIENCE);
}

/**
 * A confidential client with only a service account (client credentials), its client roles in
 * `permissions.<client>` and `audience` in its tokens: what Tasklist and Operate accept as a caller.
 */
export function serviceAccountClient(
  c: { clientId: string; secret: string },
  name: string,
  audienceClient: string,
): Json {
  return {
    clientId: c.clientId,
    name,
    enabled: true,
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    secret: c.secret,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
    protocol: 'openid-connect',
    protocolMappers: [
      mapper('permissions', 'oidc-usermodel-client-role-mapper', {
        'claim.name': 'permissions.${client_id}',
        multivalued: 'true',
        'jsonType.label': 'String',
      }),
      audience(audienceClient),
    ],
  };
}

/** The realm as Keycloak's RealmRepresentation (the body of POST /admin/realms). */
export function realmDocument(opts: RealmOptions): Json {
  // officers and applicants work in Tasklist; only administrators act in Operate, process owners read it
  const groups = [
    ...agencies.map((a) => organisationGroup('agency', a.code, a.name)),
    ...departments.map((d) => organisationGroup('department', d.code, d.name)),
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
  const withLocalhost = (urls: string[]) => urls.flatMap((u) => [u, u.replace('127.0.0.1', 'localhost')]);
  const redirects = withLocalhost(opts.webappUrls.map((u) => `${u}/*`));
  // the API signs the modeler in as a backend-for-frontend: code flow with PKCE, a secret, no direct grants
  const webClient = opts.api
    ? [
        {
          clientId: opts.api.clientId,
          name: 'Web modeler (signed in by the API)',
          enabled: true,
          publicClient: false,
          clientAuthenticatorType: 'client-secret',
          secret: opts.api.clientSecret,
          standardFlowEnabled: true,
          implicitFlowEnabled: false,
          directAccessGrantsEnabled: false,
          serviceAccountsEnabled: false,
          redirectUris: withLocalhost([`${opts.api.url}/auth/callback`]),
          webOrigins: [],
          attributes: {
            'pkce.code.challenge.method': 'S256',
            'post.logout.redirect.uris': withLocalhost([`${opts.api.url}/modeler/*`]).join('##'),
          },
          protocol: 'openid-connect',
          protocolMappers: [
            groupsClaim(),
            rolesClaim(),
            attributeClaim('department'),
            attributeClaim('agency'),
            audience(API_AUDIENCE),
          ],
        },
      ]
    : [];
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
        attributes: {
          'post.logout.redirect.uris': redirects.join('##'),
          'access.token.lifespan': String(WEBAPPS_TOKEN_LIFESPAN_S),
        },
        protocol: 'openid-connect',
        protocolMappers: [
          groupsClaim(),
          mapper('permissions', 'oidc-usermodel-client-role-mapper', {
            'claim.name': 'permissions.${client_id}',
            multivalued: 'true',
            'jsonType.label': 'String',
          }),
          rolesClaim(),
          attributeClaim('department'),
          attributeClaim('agency'),
          audience(TASKLIST_AUDIENCE),
          audience(OPERATE_AUDIENCE),
          audience(API_AUDIENCE),
        ],
      },
      ...webClient,
      ...(opts.tasksClient ? [tasksClient(opts.tasksClient)] : []),
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

interface ClientDoc {
  clientId: string;
  redirectUris?: string[];
  secret?: string;
  attributes?: Record<string, string>;
  protocolMappers?: { name: string }[];
}

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

/** Admin REST calls on one realm, as the master realm's administrator. */
export async function realmAdmin(
  baseUrl: string,
  admin: { user: string; password: string },
  realmName: string,
) {
  let token = await adminToken(baseUrl, admin.user, admin.password);
  const realm = `/${encodeURIComponent(realmName)}`;
  /** an admin call; undefined for 404 */
  const call = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    retried = false,
  ): Promise<T | undefined> => {
    const res = await fetch(`${baseUrl}/admin/realms${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // the admin token lives 60 s: a seed on a loaded machine outlives it
    if (res.status === 401 && !retried) {
      token = await adminToken(baseUrl, admin.user, admin.password);
      return call<T>(method, path, body, true);
    }
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw new Error(`Keycloak ${method} /admin/realms${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  };
  const clientUuid = async (clientId: string) =>
    (await call<{ id: string }[]>('GET', `${realm}/clients?clientId=${encodeURIComponent(clientId)}`))?.[0]
      ?.id;
  const findGroup = async (name: string) =>
    (
      await call<{ id: string; name: string }[]>(
        'GET',
        `${realm}/groups?search=${encodeURIComponent(name)}&exact=true`,
      )
    )?.find((g) => g.name === name);
  return { call, clientUuid, findGroup, realm };
}
export type RealmAdmin = Awaited<ReturnType<typeof realmAdmin>>;

/**
 * Creates the group with its roles when missing; an existing one gets its attributes again (the
 * organisation claims come from them), its members and roles kept.
 */
export async function ensureGroup(
  admin: RealmAdmin,
  group: RealmGroup,
): Promise<'created' | 'updated' | 'unchanged'> {
  const { call, clientUuid, findGroup, realm } = admin;
  const found = await findGroup(group.name);
  if (found) {
    const current = (await call<{ attributes?: Record<string, string[]> }>(
      'GET',
      `${realm}/groups/${found.id}`,
    ))!;
    const attributes = { ...current.attributes, ...group.attributes };
    if (JSON.stringify(attributes) === JSON.stringify(current.attributes)) return 'unchanged';
    await call('PUT', `${realm}/groups/${found.id}`, { ...current, attributes });
    return 'updated';
  }
  const { realmRoles, clientRoles, ...rep } = group;
  await call('POST', `${realm}/groups`, rep);
  const created = (await findGroup(group.name))!;
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
  return 'created';
}

/** Creates or completes the realm. Running it twice leaves the same realm. */
export async function seedRealm(
  baseUrl: string,
  admin: { user: string; password: string },
  opts: RealmOptions,
): Promise<SeedResult> {
  const realmApi = await realmAdmin(baseUrl, admin, opts.realm);
  const { call, clientUuid, realm } = realmApi;
  const doc = realmDocument(opts);
  /** the roles the service account lacks, granted; how many */
  const grantServiceAccountRoles = async (): Promise<number> => {
    if (!opts.tasksClient) return 0;
    const id = await clientUuid(opts.tasksClient.clientId);
    const account = await call<{ id: string }>('GET', `${realm}/clients/${id}/service-account-user`);
    if (!account) throw new Error(`Keycloak: client ${opts.tasksClient.clientId} has no service account`);
    let granted = 0;
    for (const [target, names] of Object.entries(TASKS_CLIENT_PERMISSIONS)) {
      const targetId = await clientUuid(target);
      const path = `${realm}/users/${account.id}/role-mappings/clients/${targetId}`;
      const has = new Set(((await call<{ name: string }[]>('GET', path)) ?? []).map((r) => r.name));
      const missing = names.filter((n) => !has.has(n));
      if (missing.length === 0) continue;
      const reps = await Promise.all(
        missing.map((r) => call('GET', `${realm}/clients/${targetId}/roles/${encodeURIComponent(r)}`)),
      );
      await call('POST', path, reps);
      granted += missing.length;
    }
    return granted;
  };
  if ((await call('GET', realm)) === undefined) {
    await call('POST', '', doc);
    await grantServiceAccountRoles();
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
  for (const client of doc.clients as ClientDoc[]) {
    const id = await clientUuid(client.clientId);
    if (id === undefined) {
      await call('POST', `${realm}/clients`, client);
      added++;
      continue;
    }
    // an existing client: its URLs, secret and attributes again (ports may have changed), and missing mappers
    const current = (await call<ClientDoc>('GET', `${realm}/clients/${id}`))!;
    await call('PUT', `${realm}/clients/${id}`, {
      ...current,
      ...(client.redirectUris ? { redirectUris: client.redirectUris } : {}),
      ...(client.secret ? { secret: client.secret } : {}),
      attributes: { ...current.attributes, ...client.attributes },
    });
    const mappers = (await call<{ name: string }[]>(
      'GET',
      `${realm}/clients/${id}/protocol-mappers/models`,
    ))!;
    for (const m of client.protocolMappers ?? []) {
      if (mappers.some((existing) => existing.name === m.name)) continue;
      await call('POST', `${realm}/clients/${id}/protocol-mappers/models`, m);
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
  for (const group of doc.groups as RealmGroup[]) {
    if ((await ensureGroup(realmApi, group)) === 'created') added++;
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
  added += await grantServiceAccountRoles();
  return { created: false, added };
}
