/** Shared by the benchmarks: a broker and database of their own on the test ports, and statistics. */
import http from 'node:http';
import type { DataSource } from 'typeorm';
import { modelerDeps } from '../src/modeler';
import { createApp } from '../src/app';
import { CalendarService } from '../src/calendar';
import { LocalFileStorage } from '../src/documents';
import { signInThrottleSettings } from '../src/shared/auth';
import { logger } from '../src/shared/logger';
import path from 'node:path';
import { loadConfig, type Config } from '../src/shared/config';
import { startBackend, type Backend } from '../scripts/lib/backend';
import { Lifecycle } from '../scripts/lib/lifecycle';
import { testOverrides } from '../scripts/lib/test-profile';
import { ensureDatabase } from '../scripts/lib/database';
import { createDataSource, migrate } from '../src/shared/db';
import { ensureUser, type NewUser } from '../src/users';

/**
 * The test profile's stack for a benchmark: the broker and the database by default; pass
 * `CAMUNDA_WEBAPPS: 'true'` in `extra` for OpenSearch, Keycloak, Tasklist and Operate as well.
 */
export async function benchBackend(
  extra: Record<string, string> = {},
  /**
   * `lifecycle`: the caller's, which stops on signals (default: a new one that does);
   * `whenBrokerReady`: as startBackend's, with the settings for that database
   */
  opts: {
    freshDatabase?: boolean;
    lifecycle?: Lifecycle;
    whenBrokerReady?: (settings: BenchSettings) => Promise<void>;
  } = {},
): Promise<BenchSettings & { backend: Backend; lifecycle: Lifecycle }> {
  const base = loadConfig();
  const config = loadConfig({
    ...process.env,
    ...testOverrides(base),
    CAMUNDA_CLOCK_CONTROLLED: 'false',
    CAMUNDA_WEBAPPS: 'false',
    ...extra,
  });
  let lifecycle = opts.lifecycle;
  if (!lifecycle) {
    lifecycle = new Lifecycle();
    lifecycle.stopOnSignals(130);
  }
  const settings = (databaseUrl: string): BenchSettings => {
    const env = { ...testOverrides(base), CAMUNDA_WEBAPPS: 'false', ...extra, DATABASE_URL: databaseUrl };
    return { config: loadConfig({ ...process.env, ...env }), env };
  };
  const { whenBrokerReady } = opts;
  const backend = await startBackend(config, lifecycle, {
    profileDir: benchProfileDir(config),
    freshDatabase: opts.freshDatabase ?? true,
    whenBrokerReady: whenBrokerReady && ((url) => whenBrokerReady(settings(url))),
  });
  return { ...settings(backend.databaseUrl), backend, lifecycle };
}

export interface BenchSettings {
  config: Config;
  /** the settings that differ from this process's environment, for child processes */
  env: Record<string, string>;
}

/** The benchmarks' data folder (the broker's, OpenSearch's… each in a folder of its own inside). */
export function benchProfileDir(config: Config): string {
  return path.join(config.DATA_DIR, 'bench');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The API wired for benchmarks: real database, no cluster, silent logs. */
export function benchApp(ds: DataSource) {
  return createApp({
    dataSource: ds,
    camundaRestAddress: 'http://127.0.0.1:9',
    calendar: new CalendarService(ds),
    log: logger().child({}, { level: 'silent' }),
    documents: {
      storage: new LocalFileStorage(path.join(loadConfig().DATA_DIR, 'bench', 'documents')),
      maxBytes: 1024 * 1024,
    },
    modeler: modelerDeps(loadConfig()),
    signInThrottle: signInThrottleSettings(loadConfig()),
    // benchmark and drill clients sign in with Basic fixture accounts, like the tests
    basicAuth: true,
  });
}

/** A keep-alive HTTP client on loopback that times GET requests; anything but 200 is an error. */
export function loopbackClient(port: number, clients: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  return {
    get: (path: string, authorization: string) =>
      new Promise<number>((resolve, reject) => {
        const t = performance.now();
        http
          .get({ host: '127.0.0.1', port, agent, path, headers: { authorization } }, (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200
                ? resolve(performance.now() - t)
                : reject(new Error(`HTTP ${res.statusCode} for ${path}`)),
            );
          })
          .on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}

/**
 * `clients` closed-loop clients send requests for `seconds`, at most `maxRequests` in all (every
 * loop is bounded in time and count); returns the latencies, sorted.
 */
export async function closedLoop(
  clients: number,
  seconds: number,
  request: (i: number) => Promise<number>,
  maxRequests: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end && latencies.length < maxRequests) latencies.push(await request(i++));
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/** One line of figures: throughput, p50 and p99. */
export function latencyFigures(name: string, latencies: number[], clients: number, seconds: number): string {
  return (
    `${name}: ${(latencies.length / seconds).toFixed(0)} req/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
    `p99 ${percentile(latencies, 99).toFixed(1)} ms (${clients} clients, ${seconds} s, ${latencies.length} requests)`
  );
}

/** The benchmarks' own database (test profile, private MariaDB if none answers), migrated, with one user. */
export async function benchDatabase(user: Omit<NewUser, 'displayName'>) {
  const config = loadConfig({ ...process.env, ...testOverrides(loadConfig()) });
  const db = await ensureDatabase({
    url: config.DATABASE_URL,
    autostart: config.DB_AUTOSTART,
    privatePort: config.DB_PRIVATE_PORT,
    privateDir: path.join(config.DATA_DIR, 'bench', 'mariadb'),
  });
  await migrate(db.url);
  const ds = await createDataSource(db.url).initialize();
  await ensureUser(ds, { ...user, displayName: user.username });
  return {
    config,
    ds,
    async stop() {
      await ds.destroy();
      await db.stop();
    },
  };
}
