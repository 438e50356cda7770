/**
 * Keycloak 26, the local OIDC provider (the city's unified identity authentication in
 * production is any OIDC provider): `org.keycloak:keycloak-quarkus-dist:<v>:tar.gz` from Maven
 * Central, SHA-1 verified, unpacked once into CACHE_DIR, run with `start-dev` on 127.0.0.1 with
 * its dev-file (H2) store in the instance's folder. The first start builds Keycloak's optimised
 * image inside its home (about a minute); later starts skip that.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../src/shared/config';
import { defaultJvmRoots, findJdk, type JdkRequirement } from '../java';
import { resolveVerified, type Coordinates } from './maven';
import type { LaunchSpec, ServiceStatus, StackService } from './service';

export const KEYCLOAK_JDK: JdkRequirement = {
  service: 'Keycloak 26',
  min: 21,
  homeVariables: ['KEYCLOAK_JAVA_HOME', 'JAVA_HOME'],
  install: 'Eclipse Temurin 25 or "apt-get install openjdk-21-jdk-headless"',
};

/** Heap bound: Keycloak's default is 70 % of the machine's memory. */
const HEAP = '-Xms64m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30';

export function keycloakHome(cacheDir: string, version: string): string {
  return path.join(cacheDir, `keycloak-${version}`);
}

export function keycloakUrl(config: Config): string {
  return `http://127.0.0.1:${config.KEYCLOAK_PORT}`;
}

const managementPort = (config: Config) => config.KEYCLOAK_PORT + 1;

/** Returns Keycloak's home in the cache, fetching, verifying and unpacking it when missing. */
export async function ensureKeycloak(cacheDir: string, version: string): Promise<string> {
  const home = keycloakHome(cacheDir, version);
  const marker = path.join(home, '.verified');
  if (fs.existsSync(marker) && fs.existsSync(path.join(home, 'bin', 'kc.sh'))) return home;

  const started = Date.now();
  console.log(`Fetching Keycloak ${version} from Maven Central (once, ~200 MB)…`);
  const dist: Coordinates = {
    groupId: 'org.keycloak',
    artifactId: 'keycloak-quarkus-dist',
    version,
    type: 'tar.gz',
    // the archive is self-contained; its pom's dependencies are not needed
    exclusions: ['*:*'],
  };
  const resolved = await resolveVerified(
    { distribution: dist },
    { what: `Keycloak ${version}`, large: [dist] },
  );
  const archive = resolved.distribution?.find((a) => a.type === 'tar.gz');
  if (!archive) throw new Error(`Maven resolved no keycloak-quarkus-dist-${version}.tar.gz`);

  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, '.unpack-'));
  try {
    const tar = spawnSync('tar', ['-xzf', archive.file, '-C', staging], { encoding: 'utf8' });
    const unpacked = path.join(staging, `keycloak-${version}`);
    if (tar.status !== 0 || !fs.existsSync(path.join(unpacked, 'bin', 'kc.sh'))) {
      fs.rmSync(path.dirname(archive.file), { recursive: true, force: true });
      throw new Error(`could not unpack ${archive.file} (deleted; run again): ${tar.stderr.trim()}`);
    }
    fs.writeFileSync(path.join(unpacked, '.verified'), `sha1 verified ${new Date().toISOString()}\n`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(unpacked, home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  console.log(`Keycloak ${version} unpacked in ${home} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return home;
}

/** `kc.sh` arguments of one instance: development mode, loopback only, its own ports and store. */
export function keycloakArgs(config: Config, dir: string): string[] {
  return [
    'start-dev',
    '--http-host=127.0.0.1',
    `--http-port=${config.KEYCLOAK_PORT}`,
    '--health-enabled=true',
    `--http-management-port=${managementPort(config)}`,
    '--db=dev-file',
    `--db-url=jdbc:h2:file:${path.join(dir, 'h2', 'keycloakdb')};NON_KEYWORDS=VALUE`,
  ];
}

/** One Keycloak instance with its folder `dir` (h2/, tmp/, keycloak.log). */
export function createKeycloak(
  config: Config,
  dir: string,
  opts: { env?: NodeJS.ProcessEnv; jvmRoots?: string[] } = {},
): StackService {
  const version = config.KEYCLOAK_VERSION;
  const env = opts.env ?? process.env;
  const health = `http://127.0.0.1:${managementPort(config)}/health/ready`;
  return {
    name: `Keycloak ${version}`,
    id: 'keycloak',
    dir,
    // the first start builds the optimised image: minutes on a busy machine
    startTimeoutMs: 400_000,
    stopTimeoutMs: 30_000,
    ports: () => ({ 'Keycloak HTTP': config.KEYCLOAK_PORT, 'Keycloak management': managementPort(config) }),
    ensure: async () => {
      await ensureKeycloak(config.CACHE_DIR, version);
    },
    async prepare(): Promise<LaunchSpec> {
      const jdk = findJdk(env, opts.jvmRoots ?? defaultJvmRoots(), KEYCLOAK_JDK);
      const home = await ensureKeycloak(config.CACHE_DIR, version);
      for (const sub of ['h2', 'tmp', 'transaction-logs'])
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
      console.log(`  Keycloak on Java ${jdk.version} (${jdk.home})`);
      return {
        command: path.join(home, 'bin', 'kc.sh'),
        args: keycloakArgs(config, dir),
        cwd: dir,
        env: {
          ...env,
          JAVA_HOME: jdk.home,
          JAVA_OPTS_KC_HEAP: HEAP,
          // temporary files and the transaction log in the instance's folder, not the shared home
          JAVA_OPTS_APPEND: [
            `-Djava.io.tmpdir=${path.join(dir, 'tmp')}`,
            `-Dquarkus.transaction-manager.object-store.directory=${path.join(dir, 'transaction-logs')}`,
          ].join(' '),
          KC_BOOTSTRAP_ADMIN_USERNAME: config.KEYCLOAK_ADMIN,
          KC_BOOTSTRAP_ADMIN_PASSWORD: config.KEYCLOAK_ADMIN_PASSWORD,
        },
      };
    },
    async probe(): Promise<ServiceStatus> {
      try {
        const res = await fetch(health, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json()) as { status?: string };
        return {
          ready: res.ok && body.status === 'UP',
          detail: `${keycloakUrl(config)}: ${body.status ?? res.status}`,
        };
      } catch {
        return { ready: false, detail: `no answer at ${health}` };
      }
    },
  };
}
