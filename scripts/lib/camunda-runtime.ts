/**
 * Starts the Zeebe broker with its embedded gateway (`bin/broker` of the distribution) with the
 * repo's config, waits for readiness (actuator readiness + a healthy partition leader), and stops
 * it cleanly. On a failed start the log's tail is shown and the process is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { camundaHealth } from '../../src/shared/camunda/health';
import { camundaAddresses, paths, type Config } from '../../src/shared/config';
import type { Distribution } from './camunda-dist';
import type { Jdk } from './java';
import { assertPortsFree } from './ports';
import { terminate, waitFor } from './lifecycle';

export interface CamundaProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

export function camundaPorts(config: Config): Record<string, number> {
  return {
    'Zeebe gRPC': config.CAMUNDA_GRPC_PORT,
    'Camunda REST': config.CAMUNDA_REST_PORT,
    'Camunda management': config.CAMUNDA_MANAGEMENT_PORT,
    'broker command API': config.CAMUNDA_INTERNAL_PORT,
    'broker internal API': config.CAMUNDA_INTERNAL_PORT + 1,
  };
}

/** Index prefix of the records the broker exports; Operate and Tasklist import from it. */
export const ZEEBE_RECORD_PREFIX = 'zeebe-record';

/** Seconds the broker's exporter holds records before it sends them (its `bulk.delay`). */
export const EXPORTER_BULK_DELAY_S = 1;

/**
 * The broker's OpenSearch exporter (Operate and Tasklist read what it writes) as Spring
 * configuration: exact property names, unlike environment variables, which Spring lower-cases
 * inside the exporter's `args` map. One shard, no replica: a single node.
 */
export function opensearchExporterSettings(opensearchUrl: string): object {
  return {
    zeebe: {
      broker: {
        exporters: {
          opensearch: {
            className: 'io.camunda.zeebe.exporter.opensearch.OpensearchExporter',
            args: {
              url: opensearchUrl,
              index: { prefix: ZEEBE_RECORD_PREFIX, numberOfShards: 1, numberOfReplicas: 0 },
              // a record reaches Operate and Tasklist within about a second
              bulk: { delay: EXPORTER_BULK_DELAY_S, size: 1000 },
            },
          },
        },
      },
    },
    camunda: { database: { type: 'opensearch', url: opensearchUrl } },
  };
}

/**
 * The broker's environment. `opensearchUrl`: export to that OpenSearch (when the web apps run,
 * CAMUNDA_WEBAPPS); without it the broker exports nothing.
 */
export function camundaEnvironment(
  config: Config,
  jdk: Jdk,
  dataDir: string,
  opensearchUrl?: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(opensearchUrl
      ? { SPRING_APPLICATION_JSON: JSON.stringify(opensearchExporterSettings(opensearchUrl)) }
      : {}),
    JAVA_HOME: jdk.home,
    JAVA_OPTS: [
      '-Xms256m',
      `-Xmx${config.CAMUNDA_HEAP}`,
      `-Duser.timezone=${config.CAMUNDA_TIMEZONE}`,
      '-XX:+UseG1GC',
      '-XX:ActiveProcessorCount=2',
    ].join(' '),
    SPRING_CONFIG_ADDITIONAL_LOCATION: `file:${paths.camundaConfig}`,
    SERVER_PORT: String(config.CAMUNDA_REST_PORT),
    MANAGEMENT_SERVER_PORT: String(config.CAMUNDA_MANAGEMENT_PORT),
    ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(config.CAMUNDA_GRPC_PORT),
    ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(config.CAMUNDA_INTERNAL_PORT),
    ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(config.CAMUNDA_INTERNAL_PORT + 1),
    ZEEBE_BROKER_DATA_DIRECTORY: path.join(dataDir, 'data'),
    ZEEBE_CLOCK_CONTROLLED: String(config.CAMUNDA_CLOCK_CONTROLLED),
  };
}

function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return '(no log written)';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

async function isReady(config: Config): Promise<boolean> {
  const { management, rest } = camundaAddresses(config);
  try {
    const res = await fetch(`${management}/actuator/health/readiness`, {
      signal: AbortSignal.timeout(2_000),
    });
    if (!res.ok) return false;
  } catch {
    return false;
  }
  return (await camundaHealth(rest)).status === 'UP';
}

export async function startCamunda(opts: {
  config: Config;
  dist: Distribution;
  jdk: Jdk;
  /** Camunda's own folder: data/, camunda.log, camunda.pid */
  dataDir: string;
  /** keep running after this Node process exits (the `camunda start` command) */
  detached?: boolean;
  /** export records to this OpenSearch (for Operate and Tasklist) */
  opensearchUrl?: string;
}): Promise<CamundaProcess> {
  const { config, dist, jdk, dataDir } = opts;
  await assertPortsFree(camundaPorts(config));
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'camunda.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(path.join(dist.home, 'bin', 'broker'), [], {
    cwd: dist.home,
    env: camundaEnvironment(config, jdk, dataDir, opts.opensearchUrl),
    stdio: ['ignore', log, log],
    detached: opts.detached ?? false,
  });
  fs.closeSync(log);
  fs.writeFileSync(path.join(dataDir, 'camunda.pid'), String(child.pid));
  const stop = async () => {
    await terminate(child, 30_000);
    fs.rmSync(path.join(dataDir, 'camunda.pid'), { force: true });
  };
  try {
    await waitFor(
      `Camunda ${dist.version}`,
      () => isReady(config),
      config.CAMUNDA_START_TIMEOUT_S * 1000,
      () => child.exitCode === null && child.signalCode === null,
    );
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- last lines of ${logFile} ---\n${tail(logFile)}`, {
      cause: e,
    });
  }
  if (opts.detached) child.unref();
  return { child, logFile, stop };
}
