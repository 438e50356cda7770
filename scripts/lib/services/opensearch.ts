/**
 * OpenSearch 2.x for Operate and Tasklist, assembled from Maven Central: the integ-test
 * distribution (`org.opensearch.distribution.integ-test-zip:opensearch:<v>:zip`) plus the module
 * jars it lacks with their dependencies, every file checked against its published SHA-1, unpacked
 * once into CACHE_DIR. Each instance (dev, test) has its own folder with config, data and logs,
 * listens on 127.0.0.1 only, and runs on a JDK 17–21 as an unprivileged user when the scripts run
 * as root.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../../src/shared/config';
import { findJdk, defaultJvmRoots, type JdkRequirement } from '../java';
import { resolveVerified, type Coordinates } from './maven';
import {
  OPENSEARCH_MODULES,
  missingCodebases,
  moduleJars,
  pluginDescriptor,
  securityPolicy,
} from './opensearch-modules';
import { asUser, canRead, giveTo, unprivilegedUser, type RunAs } from './run-as';
import type { LaunchSpec, ServiceStatus, StackService } from './service';

export const OPENSEARCH_JDK: JdkRequirement = {
  service: 'OpenSearch 2.x',
  min: 17,
  // 22 and 23 still have the SecurityManager but OpenSearch 2.19 is built and tested on 21
  max: 21,
  homeVariables: ['OPENSEARCH_JAVA_HOME', 'JAVA_HOME'],
  install: '"apt-get install openjdk-21-jdk-headless" (or openjdk-17-jdk-headless, or Eclipse Temurin 21)',
};

const MARKER = '.assembled';

/** Shown when the node does not start: the usual causes and the way out. */
export const OPENSEARCH_ADVICE =
  'What to do: read the log lines below. Usual causes: too little free memory for OPENSEARCH_HEAP, ' +
  'a JDK outside 17–21 (set OPENSEARCH_JAVA_HOME), another OpenSearch on the same ports or data folder ' +
  '(`ss -ltnp`, `npm run opensearch -- stop`), a full disk. Operate and Tasklist need OpenSearch; ' +
  'CAMUNDA_WEBAPPS=false starts the stack without the three of them.';

export function distributionCoordinates(version: string): Coordinates {
  return {
    groupId: 'org.opensearch.distribution.integ-test-zip',
    artifactId: 'opensearch',
    version,
    type: 'zip',
  };
}

export function opensearchHome(cacheDir: string, version: string): string {
  return path.join(cacheDir, `opensearch-${version}`);
}

export function opensearchTransportPort(config: Config): number {
  return config.OPENSEARCH_HTTP_PORT + 100;
}

export function opensearchUrl(config: Config): string {
  return `http://127.0.0.1:${config.OPENSEARCH_HTTP_PORT}`;
}

/** Assembled, with every module of OPENSEARCH_MODULES (a module added later triggers a new assembly). */
function isAssembled(home: string, version: string): boolean {
  return (
    fs.existsSync(path.join(home, MARKER)) &&
    fs.existsSync(path.join(home, 'lib', `opensearch-${version}.jar`)) &&
    OPENSEARCH_MODULES.every((m) =>
      fs.existsSync(path.join(home, 'modules', m.name, 'plugin-descriptor.properties')),
    )
  );
}

/** Returns the node's home in the cache, fetching, verifying and assembling it when missing. */
export async function ensureOpenSearch(cacheDir: string, version: string): Promise<string> {
  const home = opensearchHome(cacheDir, version);
  if (isAssembled(home, version)) return home;

  const started = Date.now();
  console.log(`Fetching OpenSearch ${version} and its modules from Maven Central (once)…`);
  const dist = distributionCoordinates(version);
  const requests: Record<string, Coordinates> = { distribution: dist };
  for (const m of OPENSEARCH_MODULES) {
    // the server and everything it depends on are in the distribution's lib/ already
    requests[m.name] = {
      groupId: 'org.opensearch.plugin',
      artifactId: m.artifactId,
      version,
      exclusions: ['org.opensearch:opensearch'],
    };
  }
  const resolved = await resolveVerified(requests, { what: `OpenSearch ${version}`, large: [dist] });
  const zip = resolved.distribution?.find((a) => a.type === 'zip');
  if (!zip) throw new Error(`Maven resolved no ${dist.artifactId}-${version}.zip`);
  const count = Object.values(resolved).flat().length;
  console.log(
    `  ${count} files verified against their published SHA-1 (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );

  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, '.assemble-'));
  try {
    const unzip = spawnSync('unzip', ['-q', zip.file, '-d', staging], { encoding: 'utf8' });
    if (unzip.error) throw new Error('unzip is needed to unpack OpenSearch: apt-get install unzip');
    const node = path.join(staging, `opensearch-${version}`);
    if (unzip.status !== 0 || !fs.existsSync(path.join(node, 'bin', 'opensearch'))) {
      fs.rmSync(path.dirname(zip.file), { recursive: true, force: true });
      throw new Error(`could not unpack ${zip.file} (deleted; run again): ${unzip.stderr.trim()}`);
    }
    const lib = fs.readdirSync(path.join(node, 'lib'));
    const folders: Record<string, string[]> = {};
    for (const m of OPENSEARCH_MODULES) {
      const loaded = [...lib, ...m.extendedPlugins.flatMap((p) => folders[p] ?? [])];
      const jars = moduleJars(resolved[m.name] ?? [], loaded);
      const dir = path.join(node, 'modules', m.name);
      fs.mkdirSync(dir, { recursive: true });
      for (const jar of jars) fs.copyFileSync(jar.file, path.join(dir, path.basename(jar.file)));
      const names = jars.map((j) => path.basename(j.file));
      const missing = missingCodebases(m, names);
      if (missing.length > 0) {
        throw new Error(
          `module ${m.name}: its security policy names jars Maven did not resolve: ${missing.join(', ')}`,
        );
      }
      fs.writeFileSync(path.join(dir, 'plugin-descriptor.properties'), pluginDescriptor(m, version));
      const policy = securityPolicy(m);
      if (policy) fs.writeFileSync(path.join(dir, 'plugin-security.policy'), policy);
      folders[m.name] = names;
    }
    fs.writeFileSync(
      path.join(node, MARKER),
      `assembled ${new Date().toISOString()} from SHA-1-verified Maven Central artifacts\n` +
        Object.entries(folders)
          .map(([m, jars]) => `modules/${m}: ${jars.join(' ')}\n`)
          .join(''),
    );
    fs.chmodSync(node, 0o755);
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(node, home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  console.log(`OpenSearch ${version} assembled in ${home} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return home;
}

/**
 * The shipped jvm.options with the heap set to `heap` (minimum = maximum), and the GC log, error
 * file and heap dumps in the instance's folder (the launcher runs in the node's home, which the
 * node's user may not write).
 */
export function jvmOptions(shipped: string, heap: string, dir: string): string {
  return shipped
    .replace(/^-Xms\S+$/m, `-Xms${heap}`)
    .replace(/^-Xmx\S+$/m, `-Xmx${heap}`)
    .replace(/file=logs\//g, `file=${path.join(dir, 'logs')}/`)
    .replace(/-XX:ErrorFile=logs\//g, `-XX:ErrorFile=${path.join(dir, 'logs')}/`)
    .replace(/-XX:HeapDumpPath=data$/gm, `-XX:HeapDumpPath=${path.join(dir, 'data')}`);
}

/** `opensearch.yml` of one instance: single node, loopback only, its own ports and folders. */
export function opensearchSettings(config: Config, dir: string): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'cluster.name: egov-approvals',
    `node.name: ${q(path.basename(path.dirname(dir)) || 'node')}`,
    `path.data: ${q(path.join(dir, 'data'))}`,
    `path.logs: ${q(path.join(dir, 'logs'))}`,
    'network.host: 127.0.0.1',
    `http.port: ${config.OPENSEARCH_HTTP_PORT}`,
    `transport.port: ${opensearchTransportPort(config)}`,
    'discovery.type: single-node',
    // a nearly full disk on a developer's machine must not turn the indices read-only
    'cluster.routing.allocation.disk.threshold_enabled: false',
    // a restart recovers one shard per index (the exporter writes an index per record type and
    // broker day, hundreds in a test run) 4 at a time by default: 500 indices took 40–42 s here,
    // 28–29 s with 32 at a time, 24 s with 128
    'cluster.routing.allocation.node_initial_primaries_recoveries: 128',
    '',
  ].join('\n');
}

/**
 * When the scripts run as root, the unprivileged user must be able to read the node; a cache under
 * /root is not. Then a copy is used: under DATA_DIR when others can traverse it, else in a folder of
 * root's own under the system's temporary folder (a clone in a private folder, e.g. from mktemp).
 */
function readableHome(home: string, version: string, runAs: RunAs | undefined, dataDir: string): string {
  const probe = (h: string) => path.join(h, 'lib', `opensearch-${version}.jar`);
  if (!runAs || canRead(runAs, probe(home))) return home;
  const candidates = [path.join(dataDir, '.runtime'), sharedRuntimeDir()];
  for (const base of candidates) {
    const copy = path.join(base, path.basename(home));
    const same = () =>
      fs.existsSync(path.join(copy, MARKER)) &&
      fs.readFileSync(path.join(copy, MARKER), 'utf8') === fs.readFileSync(path.join(home, MARKER), 'utf8');
    if (!same()) {
      console.log(`  ${runAs.user} cannot read ${home}; copying the node to ${copy}`);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.cpSync(home, copy, { recursive: true, preserveTimestamps: true });
      fs.chmodSync(copy, 0o755);
    }
    if (canRead(runAs, probe(copy))) return copy;
  }
  throw new Error(
    `OpenSearch runs as ${runAs.user} (the scripts run as root), but ${runAs.user} can read neither ${home} nor a copy in ${candidates.join(' or ')}.\n` +
      'Point CACHE_DIR or DATA_DIR to a folder every user can traverse (e.g. /var/cache/egov-approvals).',
  );
}

/** A folder of this user's own in the system's temporary folder, readable by others; never one another user made. */
function sharedRuntimeDir(): string {
  const dir = path.join(os.tmpdir(), `egov-approvals-runtime-${process.getuid?.() ?? 0}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== (process.getuid?.() ?? st.uid)) {
    throw new Error(
      `${dir} belongs to another user or is a link: remove it, or set DATA_DIR to a folder others can traverse`,
    );
  }
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** where `dir` records the folder the node runs in when that is not `dir` itself */
const nodeFolderFile = (dir: string) => path.join(dir, 'node-folder.txt');

/**
 * The folder the node runs in (config/, data/, logs/, tmp/): the service's own `dir`, unless the
 * unprivileged user cannot reach it (a clone in a private folder, as `mktemp -d` makes): then a
 * folder for that `dir` in this user's runtime folder (sharedRuntimeDir), emptied whenever `dir`
 * itself was (a fresh test stack removes `dir`).
 */
function nodeDir(dir: string, runAs: RunAs | undefined): string {
  const fresh = !fs.existsSync(path.join(dir, 'data'));
  const layout = (d: string) => {
    for (const sub of ['data', 'logs', 'tmp', 'config']) fs.mkdirSync(path.join(d, sub), { recursive: true });
  };
  layout(dir);
  if (!runAs) return dir;
  const probe = path.join(dir, 'config', '.reachable');
  fs.writeFileSync(probe, '');
  giveTo(runAs, dir);
  if (canRead(runAs, probe)) return dir;
  const key = crypto.createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const node = path.join(sharedRuntimeDir(), 'opensearch', key);
  if (fresh) fs.rmSync(node, { recursive: true, force: true });
  layout(node);
  fs.writeFileSync(nodeFolderFile(dir), `${node}\n`);
  console.log(`  ${runAs.user} cannot reach ${dir}; the node's data and settings are in ${node}`);
  return node;
}

/**
 * One OpenSearch instance with its folder `dir` (config/, data/, logs/, opensearch.log).
 * `jvmRoots`/`env`: where to look for a JDK (tests).
 */
export function createOpenSearch(
  config: Config,
  dir: string,
  opts: { env?: NodeJS.ProcessEnv; jvmRoots?: string[] } = {},
): StackService {
  const version = config.OPENSEARCH_VERSION;
  const url = opensearchUrl(config);
  const env = opts.env ?? process.env;
  return {
    name: `OpenSearch ${version}`,
    id: 'opensearch',
    dir,
    // a restart recovers every index of Operate and Tasklist first: minutes on a busy machine
    startTimeoutMs: 300_000,
    stopTimeoutMs: 30_000,
    advice: OPENSEARCH_ADVICE,
    runsIn: () =>
      fs.existsSync(nodeFolderFile(dir)) ? [fs.readFileSync(nodeFolderFile(dir), 'utf8').trim()] : [],
    ports: () => ({
      'OpenSearch HTTP': config.OPENSEARCH_HTTP_PORT,
      'OpenSearch transport': opensearchTransportPort(config),
    }),
    ensure: async () => {
      await ensureOpenSearch(config.CACHE_DIR, version);
    },
    async prepare(): Promise<LaunchSpec> {
      const jdk = findJdk(env, opts.jvmRoots ?? defaultJvmRoots(), OPENSEARCH_JDK);
      const runAs = unprivilegedUser(config.OPENSEARCH_USER, 'OPENSEARCH_USER');
      const home = readableHome(
        await ensureOpenSearch(config.CACHE_DIR, version),
        version,
        runAs,
        config.DATA_DIR,
      );
      const node = nodeDir(dir, runAs);
      const conf = path.join(node, 'config');
      fs.cpSync(path.join(home, 'config'), conf, { recursive: true });
      const shipped = fs.readFileSync(path.join(home, 'config', 'jvm.options'), 'utf8');
      fs.writeFileSync(path.join(conf, 'jvm.options'), jvmOptions(shipped, config.OPENSEARCH_HEAP, node));
      fs.writeFileSync(path.join(conf, 'opensearch.yml'), opensearchSettings(config, node));
      if (runAs) {
        giveTo(runAs, node);
        if (!canRead(runAs, path.join(conf, 'opensearch.yml'))) {
          throw new Error(
            `OpenSearch runs as ${runAs.user} (the scripts run as root), but ${runAs.user} cannot reach ${node}.\n` +
              'Point DATA_DIR to a folder every user can traverse.',
          );
        }
      }
      console.log(`  OpenSearch on Java ${jdk.version} (${jdk.home})${runAs ? ` as ${runAs.user}` : ''}`);
      return asUser(
        {
          command: path.join(home, 'bin', 'opensearch'),
          args: [],
          cwd: node,
          env: {
            ...env,
            OPENSEARCH_JAVA_HOME: jdk.home,
            OPENSEARCH_PATH_CONF: conf,
            OPENSEARCH_TMPDIR: path.join(node, 'tmp'),
            OPENSEARCH_JAVA_OPTS: '',
            HOME: node,
          },
        },
        runAs,
      );
    },
    async probe(): Promise<ServiceStatus> {
      try {
        const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json()) as { status?: string };
        const ready = res.ok && (body.status === 'green' || body.status === 'yellow');
        return { ready, detail: `${url}: cluster health ${body.status ?? res.status}` };
      } catch {
        return { ready: false, detail: `no answer at ${url}` };
      }
    },
  };
}
