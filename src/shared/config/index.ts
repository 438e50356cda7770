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

  DATABASE_URL: [
    z.url().default('mysql://root@127.0.0.1:3306/egov_approvals'),
    'MySQL/MariaDB of the project registry (mysql://user:password@host:port/database)',
  ],
  DB_AUTOSTART: [
    bool.default(true),
    'when no server answers at DATABASE_URL and MariaDB/MySQL binaries are installed, start a private one',
  ],
  DB_PRIVATE_PORT: [port.default(3307), 'port of that private MariaDB/MySQL instance'],

  API_HOST: [z.string().default('127.0.0.1'), 'interface the express API listens on'],
  ADMIN_USERNAME: [z.string().min(1).default('admin'), 'initial administrator, created once if missing'],
  ADMIN_PASSWORD: [
    z.string().min(1).default('admin'),
    'its password: a local-only default; the API refuses to listen beyond 127.0.0.1 with it',
  ],
  API_PORT: [port.default(3000), 'port of the express API'],

  OIDC_ISSUER: [
    z.union([z.literal(''), z.url()]).default(''),
    'OpenID Connect issuer; when set, the API also accepts Bearer tokens it signed (production identity)',
  ],
  OIDC_JWKS_URL: [
    z.union([z.literal(''), z.url()]).default(''),
    "the issuer's JSON Web Key Set (required with OIDC_ISSUER)",
  ],
  OIDC_AUDIENCE: [z.string().default('egov-approvals-api'), 'audience the tokens must be issued for'],
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
  return Object.freeze(parsed.data) as Config;
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
