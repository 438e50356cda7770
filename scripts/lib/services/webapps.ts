/**
 * Camunda Operate and Tasklist 8.6 as two services of the stack, each its own JVM from the broker's
 * distribution (`bin/operate`, `bin/tasklist`): in one JVM Tasklist stops filtering tasks by group
 * (see the research note). Both read what the broker exports to OpenSearch, sign users in through
 * Keycloak (Spring profile `identity-auth`, no Camunda Identity service: groups and permissions
 * come from the token), listen on 127.0.0.1 only, and get their own cluster and gateway ports —
 * by default they bind 26502 (and 26500) on every interface, where the broker already is.
 */
import path from 'node:path';
import { camundaAddresses, tasklistUpstream, type Config } from '../../../src/shared/config';
import { ensureDistribution } from '../camunda-dist';
import { CAMUNDA_JDK, defaultJvmRoots, findJdk } from '../java';
import { ZEEBE_RECORD_PREFIX } from '../camunda-runtime';
import { keycloakUrl } from './keycloak';
import { OPERATE_AUDIENCE, TASKLIST_AUDIENCE, WEBAPPS_CLIENT_ID } from './keycloak-realm';
import { opensearchUrl } from './opensearch';
import type { LaunchSpec, ServiceStatus, StackService } from './service';

export type WebApp = 'operate' | 'tasklist';

/**
 * The public HTTP port and the ports derived from it (README: OPERATE_PORT, TASKLIST_PORT). Tasklist
 * itself listens on `http` behind the Tasklist guard (src/tasklist-guard), which has the public port.
 */
export function webappPorts(config: Config, app: WebApp) {
  const base = app === 'operate' ? config.OPERATE_PORT : config.TASKLIST_PORT;
  const http = app === 'operate' ? base : Number(new URL(tasklistUpstream(config)).port || 80);
  return { public: base, http, management: base + 10, cluster: base + 20, gateway: base + 30 };
}

/** Where people and clients reach the app (for Tasklist: through its guard). */
export function webappUrl(config: Config, app: WebApp): string {
  return `http://127.0.0.1:${webappPorts(config, app).public}`;
}

/** The app's Spring configuration (exact property names, from the distribution's templates). */
export function webappSettings(config: Config, app: WebApp): object {
  const ports = webappPorts(config, app);
  const search = opensearchUrl(config);
  const { grpc, rest } = camundaAddresses(config);
  const issuer = `${keycloakUrl(config)}/realms/${config.KEYCLOAK_REALM}`;
  const audience = app === 'operate' ? OPERATE_AUDIENCE : TASKLIST_AUDIENCE;
  const identity = {
    type: 'KEYCLOAK',
    issuer,
    issuerBackendUrl: issuer,
    clientId: WEBAPPS_CLIENT_ID,
    clientSecret: config.KEYCLOAK_CLIENT_SECRET,
    audience,
  };
  const common = {
    database: app === 'operate' ? 'opensearch' : undefined,
    zeebe: { gatewayAddress: grpc },
    identity: { ...identity, resourcePermissionsEnabled: false },
  };
  const own =
    app === 'operate'
      ? {
          operate: {
            ...common,
            opensearch: { url: search },
            zeebeOpensearch: { url: search, prefix: ZEEBE_RECORD_PREFIX },
          },
        }
      : {
          tasklist: {
            ...common,
            database: 'opensearch',
            openSearch: { url: search },
            zeebeOpenSearch: { url: search, prefix: ZEEBE_RECORD_PREFIX },
            zeebe: { gatewayAddress: grpc, restAddress: rest },
            // with the archiver on, Tasklist 8.6 fails on OpenSearch without the ISM plugin
            archiverEnabled: false,
            // sign-in redirects name the guard's (public) address, not Tasklist's own port
            identity: {
              ...common.identity,
              userAccessRestrictionsEnabled: true,
              redirectRootUrl: webappUrl(config, app),
            },
            multiTenancy: { enabled: false },
          },
        };
  return {
    server: { address: '127.0.0.1', port: ports.http },
    management: { server: { address: '127.0.0.1', port: ports.management } },
    camunda: { database: { type: 'opensearch', url: search }, identity, ...own },
    zeebe: {
      gateway: {
        network: { host: '127.0.0.1', port: ports.gateway },
        cluster: {
          host: '127.0.0.1',
          port: ports.cluster,
          initialContactPoints: [`127.0.0.1:${config.CAMUNDA_INTERNAL_PORT + 1}`],
        },
      },
    },
  };
}

/** Operate or Tasklist with its folder `dir` (`<app>.log`, tmp/). */
export function createWebapp(
  config: Config,
  app: WebApp,
  dir: string,
  opts: { env?: NodeJS.ProcessEnv; jvmRoots?: string[] } = {},
): StackService {
  const env = opts.env ?? process.env;
  const ports = webappPorts(config, app);
  const label = app === 'operate' ? 'Operate' : 'Tasklist';
  const readiness = `http://127.0.0.1:${ports.management}/actuator/health/readiness`;
  return {
    name: `${label} ${config.CAMUNDA_VERSION}`,
    id: app,
    dir,
    // Tasklist and Operate start side by side: on 2 busy cores each may need minutes
    startTimeoutMs: 420_000,
    stopTimeoutMs: 30_000,
    ports: () => ({
      [`${label} HTTP`]: ports.http,
      [`${label} management`]: ports.management,
      [`${label} cluster`]: ports.cluster,
      [`${label} gateway`]: ports.gateway,
    }),
    ensure: async () => {
      await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
    },
    async prepare(): Promise<LaunchSpec> {
      const jdk = findJdk(env, opts.jvmRoots ?? defaultJvmRoots(), CAMUNDA_JDK);
      const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
      return {
        command: path.join(dist.home, 'bin', app),
        args: [],
        cwd: dir,
        env: {
          ...env,
          JAVA_HOME: jdk.home,
          JAVA_OPTS: [
            '-Xms128m',
            `-Xmx${config.WEBAPPS_HEAP}`,
            '-XX:+UseG1GC',
            '-XX:ActiveProcessorCount=2',
            `-Duser.timezone=${config.CAMUNDA_TIMEZONE}`,
            `-Djava.io.tmpdir=${dir}`,
            // the launcher's command line names the folder, so a stale pid file is recognised
            `-Degov.instance=${dir}`,
          ].join(' '),
          SPRING_PROFILES_ACTIVE: 'identity-auth',
          SPRING_APPLICATION_JSON: JSON.stringify(webappSettings(config, app)),
        },
      };
    },
    async probe(): Promise<ServiceStatus> {
      try {
        const res = await fetch(readiness, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json()) as { status?: string };
        return {
          ready: res.ok && body.status === 'UP',
          detail: `${webappUrl(config, app)}: ${body.status ?? res.status}`,
        };
      } catch {
        return { ready: false, detail: `no answer at ${readiness}` };
      }
    },
  };
}
