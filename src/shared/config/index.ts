/**
 * The one typed configuration module. Every setting is read from the environment, has a
 * documented default that works on a developer's machine, and is validated at start-up:
 * a bad value stops the process with a message naming the variable.
 *
 * The README's "Configuration" table is generated from `describeSettings()`.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** The Camunda version the workflows, lint rules and scripts target unless CAMUNDA_VERSION says otherwise. */
export const DEFAULT_CAMUNDA_VERSION = '8.6.0';

/** The initial administrator's shipped password: the API refuses to listen beyond loopback while an administrator still has it. */
export const DEFAULT_ADMIN_PASSWORD = 'admin';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);

/** Setting name → [schema with default, one-line description]. */
const settings = {
  LOG_LEVEL: [z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'), 'pino log level'],
  LOG_PRETTY: [bool.default(false), 'human-readable logs instead of JSON lines'],
  DATA_DIR: [
    z.string().default(path.join(repoRoot, '.data')),
    'git-ignored folder for Camunda data, the private database, logs and uploads',
  ],
  CACHE_DIR: [
    z
      .string()
      .default(path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'egov-approvals')),
    'where the Camunda distribution is unpacked (outside the repo, shared by clones)',
  ],

  CAMUNDA_VERSION: [
    z
      .string()
      .regex(/^\d+\.\d+\.\d+$/)
      .default(DEFAULT_CAMUNDA_VERSION),
    'io.camunda:camunda-zeebe version fetched from Maven Central (newest published there; see README)',
  ],
  CAMUNDA_HOST: [z.string().default('127.0.0.1'), 'host of the Zeebe gateway'],
  CAMUNDA_GRPC_PORT: [port.default(26500), 'Zeebe gateway gRPC port'],
  CAMUNDA_REST_PORT: [port.default(8080), 'Camunda REST API (/v2) port'],
  CAMUNDA_MANAGEMENT_PORT: [port.default(9600), 'actuator port: health, controlled clock'],
  CAMUNDA_INTERNAL_PORT: [
    port.default(26501),
    'first of two broker-internal ports (command API, then internal API = this + 1)',
  ],
  CAMUNDA_HEAP: [
    z
      .string()
      .regex(/^\d+[mg]$/)
      .default('1g'),
    'maximum JVM heap of the broker (RocksDB and direct memory come on top)',
  ],
  CAMUNDA_TIMEZONE: [
    z.string().default('Asia/Shanghai'),
    'JVM time zone: cron timer cycles are evaluated in it, and the city is UTC+8',
  ],
  CAMUNDA_CLOCK_CONTROLLED: [
    bool.default(false),
    'start the broker with the controlled clock (the test command always does)',
  ],
  CAMUNDA_START_TIMEOUT_S: [
    z.coerce.number().int().positive().default(180),
    'how long to wait for readiness',
  ],
  CAMUNDA_GRPC_MAX_RETRIES: [
    z.coerce.number().int().min(0).max(10).default(3),
    "retries of a gRPC call while the gateway is unreachable or busy (the SDK's own default: forever)",
  ],

  CAMUNDA_WEBAPPS: [
    bool.default(true),
    'run Operate and Tasklist: OpenSearch, Keycloak and the two web apps start with the stack, and the broker exports to OpenSearch',
  ],
  OPERATE_PORT: [
    port.max(65500).default(8081),
    'Operate HTTP port; its management, cluster and gateway ports are this + 10, + 20, + 30 (all on 127.0.0.1)',
  ],
  TASKLIST_PORT: [
    port.max(65500).default(8082),
    "Tasklist's public HTTP port (the Tasklist guard listens here); Tasklist's own HTTP, management, cluster and gateway ports are this + 40, + 10, + 20, + 30 (all on 127.0.0.1)",
  ],
  TASKLIST_GUARD_HOST: [
    z.string().default('127.0.0.1'),
    "interface the Tasklist guard (a proxy that refuses task actions by officers outside the task's groups) listens on, at TASKLIST_PORT",
  ],
  TASKLIST_GUARD_OPENSEARCH_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    'OpenSearch as Tasklist uses it, where the guard links tasks imported before their form; empty: http://127.0.0.1:OPENSEARCH_HTTP_PORT',
  ],
  TASKLIST_FORMS_RELINK_MS: [
    z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    'how often the Tasklist guard links tasks that Tasklist imported before their form (0: never)',
  ],
  TASKLIST_GUARD_UPSTREAM: [
    z.union([z.literal(''), z.url()]).default(''),
    "Tasklist's own address behind the guard; empty: http://127.0.0.1:(TASKLIST_PORT + 40)",
  ],
  WEBAPPS_HEAP: [
    z
      .string()
      .regex(/^\d+[mg]$/)
      .default('512m'),
    'maximum JVM heap of Operate and of Tasklist (each)',
  ],

  OPENSEARCH_VERSION: [
    z
      .string()
      .regex(/^2\.\d+\.\d+$/)
      .default('2.19.6'),
    'OpenSearch 2.x fetched from Maven Central for Operate and Tasklist (integ-test zip + module jars)',
  ],
  OPENSEARCH_HTTP_PORT: [
    port.max(65435).default(9200),
    'OpenSearch REST port; its transport port is this + 100 (both on 127.0.0.1 only)',
  ],
  OPENSEARCH_HEAP: [
    z
      .string()
      .regex(/^\d+[mg]$/)
      .default('512m'),
    'OpenSearch JVM heap (minimum = maximum)',
  ],
  OPENSEARCH_USER: [
    z.string().min(1).default('nobody'),
    'user OpenSearch runs as when the scripts run as root (it refuses to run as root)',
  ],
  KEYCLOAK_VERSION: [
    z
      .string()
      .regex(/^26\.\d+\.\d+$/)
      .default('26.7.3'),
    'Keycloak 26 (org.keycloak:keycloak-quarkus-dist) fetched from Maven Central: the local OIDC provider',
  ],
  KEYCLOAK_PORT: [
    port.max(65534).default(8180),
    'Keycloak HTTP port; its management port (health) is this + 1 (both on 127.0.0.1 only)',
  ],
  KEYCLOAK_ADMIN: [z.string().min(1).default('admin'), "Keycloak's bootstrap administrator (master realm)"],
  KEYCLOAK_ADMIN_PASSWORD: [
    z.string().min(1).default('admin'),
    'its password: a local-only default, like the dev-file store Keycloak runs on here',
  ],

  KEYCLOAK_REALM: [
    z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default('egov'),
    'realm seeded with the organisations, roles, clients and local demo users',
  ],
  KEYCLOAK_CLIENT_SECRET: [
    z.string().min(16).default('local-only-webapps-secret'),
    'secret of the confidential client Operate and Tasklist sign in with: a local-only default',
  ],
  TASKS_CLIENT_ID: [
    z.string().min(1).default('egov-approvals-tasks'),
    "the API's service-account client (client credentials) for Tasklist's API; the realm seed creates it",
  ],
  TASKS_CLIENT_SECRET: [
    z.string().min(16).default('local-only-tasks-secret'),
    'its secret: a local-only default',
  ],
  TASKS_TOKEN_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    "token endpoint for that client; empty: the local Keycloak's (KEYCLOAK_PORT, KEYCLOAK_REALM)",
  ],
  TASKLIST_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    "Tasklist's base URL for the API's tasks component; empty: http://127.0.0.1:TASKLIST_PORT",
  ],
  TASKLIST_TIMEOUT_MS: [
    z.coerce.number().int().min(100).max(120_000).default(30_000),
    'longest wait for one call to Tasklist or the token endpoint (then 503)',
  ],
  NOTIFICATIONS_POLL_MS: [
    z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    'how often the workers process looks in Tasklist for created, assigned and overdue tasks (0: never)',
  ],

  DATABASE_URL: [
    z.url().default('mysql://root@127.0.0.1:3306/egov_approvals'),
    'MySQL/MariaDB of the project registry (mysql://user:password@host:port/database)',
  ],
  DB_AUTOSTART: [
    bool.default(true),
    'when no server answers at DATABASE_URL and MariaDB/MySQL binaries are installed, start a private one',
  ],
  DB_PRIVATE_PORT: [port.default(3307), 'port of that private MariaDB/MySQL instance'],
  TEST_STACK_SLOT: [
    z.coerce.number().int().min(0).max(9).default(0),
    "`npm test`'s stack: slot N adds N×1000 to each of its ports and `_N` to its database name, so several checkouts can test at once",
  ],

  API_HOST: [z.string().default('127.0.0.1'), 'interface the express API listens on'],
  ADMIN_USERNAME: [z.string().min(1).default('admin'), 'initial administrator, created once if missing'],
  ADMIN_PASSWORD: [
    z.string().min(1).default(DEFAULT_ADMIN_PASSWORD),
    'its password, local-only: the API refuses to listen beyond loopback while an administrator has it (or their username) as stored password',
  ],
  API_PORT: [port.default(3000), 'port of the express API'],
  AUTH_ACCOUNT_FAILURES: [
    z.coerce.number().int().min(1).max(1000).default(5),
    'failed sign-ins of one username before it is locked (429 with Retry-After)',
  ],
  AUTH_ADDRESS_FAILURES: [
    z.coerce.number().int().min(1).max(100_000).default(20),
    'failed sign-ins from one client address (IPv6: its /64) before it is locked',
  ],
  AUTH_LOCKOUT_S: [
    z.coerce.number().int().min(1).default(30),
    'first lock (seconds); each further failure after a lock locks again for twice as long',
  ],
  AUTH_LOCKOUT_MAX_S: [z.coerce.number().int().min(1).default(900), 'longest lock (seconds)'],
  AUTH_FAILURE_WINDOW_S: [
    z.coerce.number().int().min(1).default(900),
    'failed sign-ins are forgotten this long (seconds) after the last failure or lock',
  ],
  API_HEADERS_TIMEOUT_MS: [
    z.coerce.number().int().min(100).default(10_000),
    'time a client has to send its request headers; a slower one (slow loris) gets 408 and is disconnected',
  ],
  API_REQUEST_TIMEOUT_MS: [
    z.coerce.number().int().min(100).default(120_000),
    'time a client has to send a whole request, body included (a 50 MB document then needs about 3.5 Mbit/s)',
  ],
  API_KEEPALIVE_TIMEOUT_MS: [
    z.coerce.number().int().min(100).default(5_000),
    "how long an idle keep-alive connection stays open (long enough for a page's burst of requests)",
  ],

  OIDC_ISSUER: [
    z.union([z.literal(''), z.url()]).default(''),
    'OpenID Connect issuer; when set, the API also accepts Bearer tokens it signed (production identity)',
  ],
  OIDC_ISSUER_BACKEND_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    "the issuer's URL as the API reaches it when browsers reach it elsewhere (a container network): discovery, token and JWKS calls go there; empty: OIDC_ISSUER",
  ],
  OIDC_JWKS_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    "the issuer's JSON Web Key Set (required with OIDC_ISSUER)",
  ],
  OIDC_AUDIENCE: [z.string().default('egov-approvals-api'), 'audience the tokens must be issued for'],
  OIDC_CLIENT_ID: [
    z.string().min(1).default('egov-approvals-web'),
    "the API's confidential client: the modeler signs in through it (authorization code + PKCE)",
  ],
  OIDC_CLIENT_SECRET: [
    z.string().min(16).default('local-only-api-client-secret'),
    'secret of that client: a local-only default (set it in production)',
  ],
  API_PUBLIC_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    'URL browsers reach the API at (empty: http://127.0.0.1:API_PORT); sign-in callback, cookie Secure when https',
  ],
  WEB_SESSION_IDLE_S: [
    z.coerce.number().int().min(60).default(1800),
    'a browser session unused this long (seconds) ends',
  ],
  WEB_SESSION_MAX_S: [
    z.coerce.number().int().min(60).default(36_000),
    'a browser session ends this long (seconds) after sign-in, used or not',
  ],
  API_BASIC_AUTH: [
    bool.default(false),
    'also accept HTTP Basic for app_user accounts (break-glass when the identity provider is down; the test harness)',
  ],
  DOCUMENT_MAX_BYTES: [
    z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 ** 3)
      .default(50 * 1024 * 1024),
    'largest project document accepted (bytes)',
  ],
  MODELER_MAX_BYTES: [
    z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(5 * 1024 * 1024),
    'largest BPMN, DMN or form the web modeler saves or deploys (bytes; the column holds 16 MiB)',
  ],
  MODELER_MAX_ELEMENTS: [
    z.coerce.number().int().min(100).max(1_000_000).default(10_000),
    'most XML elements in a BPMN or DMN the API reads or lints (a larger one: 413 before parsing)',
  ],
  MODELER_LINT_TIMEOUT_MS: [
    z.coerce.number().int().min(100).max(600_000).default(10_000),
    'longest one model check (parse + lint) may run in its worker thread before it is stopped (413)',
  ],
  MODELER_LINT_QUEUE: [
    z.coerce.number().int().min(0).max(100).default(4),
    'model checks that may wait behind the running one; one more is refused with 503 + Retry-After',
  ],
  CHROMIUM_PATH: [
    z.string().default('/usr/bin/chromium'),
    "browser for end-to-end tests (Debian's chromium package; never a downloaded build)",
  ],
  WORKER_MODE: [
    z.enum(['stream', 'poll']).default('stream'),
    'gRPC job streaming (push, with a backfill poll) or long polling; see README for the measurement',
  ],
  WORKER_MAX_JOBS: [z.coerce.number().int().min(1).max(1000).default(32), 'jobs a worker handles at once'],
  WORKER_JOB_TIMEOUT_MS: [
    z.coerce.number().int().min(1000).default(60_000),
    'lock time of an activated job before Zeebe hands it to another worker',
  ],
  WORKER_GATEWAY_CHECK_MS: [
    z.coerce.number().int().min(500).max(60_000).default(5_000),
    'how often stream workers ask whether the gateway answers, to reopen their job streams after a broker restart',
  ],
  OUTBOX_INTERVAL_MS: [
    z.coerce.number().int().min(100).max(60_000).default(2_000),
    'how often the API sends due outbox messages to Camunda; also the first retry delay',
  ],
  OUTBOX_SEND_TIMEOUT_MS: [
    z.coerce.number().int().min(100).max(120_000).default(10_000),
    'longest wait for Camunda to accept one outbox message; then the attempt counts as failed',
  ],
  OUTBOX_MAX_DELAY_MS: [
    z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
    'cap of the exponential back-off between attempts to send an outbox message',
  ],
  OUTBOX_MAX_ATTEMPTS: [
    z.coerce.number().int().min(1).max(1_000).default(30),
    'failed sends after which an outbox message is marked failed for an administrator to retry',
  ],
} as const satisfies Record<string, readonly [z.ZodType, string]>;

type Settings = typeof settings;
export type Config = { readonly [K in keyof Settings]: z.output<Settings[K][0]> };

/** Reads and validates every setting from `env`. Throws one error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const shape = Object.fromEntries(Object.entries(settings).map(([k, [schema]]) => [k, schema]));
  const input = Object.fromEntries(Object.keys(settings).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.OIDC_ISSUER && !parsed.data.OIDC_JWKS_URL) {
    throw new Error('Invalid configuration:\n  OIDC_JWKS_URL: required when OIDC_ISSUER is set');
  }
  const loaded = Object.freeze(parsed.data) as Config;
  if (loaded.API_HEADERS_TIMEOUT_MS > loaded.API_REQUEST_TIMEOUT_MS) {
    throw new Error(
      'Invalid configuration:\n  API_HEADERS_TIMEOUT_MS: must not exceed API_REQUEST_TIMEOUT_MS (the headers are part of the request)',
    );
  }
  return loaded;
}

/** Name, default and description of every setting, for the README and `--help`. */
export function describeSettings(): { name: string; default: string; description: string }[] {
  return Object.entries(settings).map(([name, [schema, description]]) => {
    const def = (schema as z.ZodType).safeParse(undefined);
    return { name, default: def.success ? String(def.data) : '(required)', description };
  });
}

/** Addresses derived from the settings, so that every client agrees on them. */
export function camundaAddresses(config: Config) {
  return {
    grpc: `${config.CAMUNDA_HOST}:${config.CAMUNDA_GRPC_PORT}`,
    rest: `http://${config.CAMUNDA_HOST}:${config.CAMUNDA_REST_PORT}`,
    management: `http://${config.CAMUNDA_HOST}:${config.CAMUNDA_MANAGEMENT_PORT}`,
  };
}

/** Where the Tasklist guard forwards to: Tasklist's own HTTP port (README: TASKLIST_GUARD_UPSTREAM). */
export function tasklistUpstream(config: Config): string {
  return (config.TASKLIST_GUARD_UPSTREAM || `http://127.0.0.1:${config.TASKLIST_PORT + 40}`).replace(
    /\/$/,
    '',
  );
}

/** The OpenSearch the Tasklist guard repairs Tasklist's data in (README: TASKLIST_GUARD_OPENSEARCH_URL). */
export function tasklistGuardOpenSearch(config: Config): string {
  return (config.TASKLIST_GUARD_OPENSEARCH_URL || `http://127.0.0.1:${config.OPENSEARCH_HTTP_PORT}`).replace(
    /\/$/,
    '',
  );
}

/** Where the tasks component finds Tasklist and its token endpoint. */
export function tasklistAddresses(config: Config) {
  return {
    tasklist: (config.TASKLIST_URL || `http://127.0.0.1:${config.TASKLIST_PORT}`).replace(/\/$/, ''),
    token:
      config.TASKS_TOKEN_URL ||
      `http://127.0.0.1:${config.KEYCLOAK_PORT}/realms/${config.KEYCLOAK_REALM}/protocol/openid-connect/token`,
  };
}

export const paths = {
  repoRoot,
  workflows: path.join(repoRoot, 'workflows'),
  webModelerDist: path.join(repoRoot, 'web-modeler', 'dist'),
  camundaConfig: path.join(repoRoot, 'scripts', 'camunda', 'application.yaml'),
};

let cached: Config | undefined;
/** The process-wide configuration, loaded once from `process.env`. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
