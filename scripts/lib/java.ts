/**
 * Finds a JDK that can run a Java service (Camunda by default): the service's home variables
 * first (JAVA_HOME), then the JVMs installed in the usual places. Refuses with a message naming
 * what to install when there is none.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MIN_JAVA = 21;

/** Which Java versions a service runs on, and what to tell the operator when none is installed. */
export interface JdkRequirement {
  /** the service, as named in the message */
  service: string;
  min: number;
  /** newest usable major version (OpenSearch 2.x needs the SecurityManager, gone in Java 24) */
  max?: number;
  /** environment variables naming a JDK, most specific first */
  homeVariables: string[];
  /** what to install, e.g. an apt-get command */
  install: string;
}

export const CAMUNDA_JDK: JdkRequirement = {
  service: 'Camunda',
  min: MIN_JAVA,
  homeVariables: ['JAVA_HOME'],
  install: `"apt-get install openjdk-${MIN_JAVA}-jdk-headless" or Eclipse Temurin 21/25`,
};

export interface Jdk {
  home: string;
  major: number;
  version: string;
}

/** Major version from `java -version` output: "17.0.15", "21", "25.0.1", "1.8.0_392" → 8. */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
  const m = output.match(/version "([^"]+)"/);
  if (!m?.[1]) return undefined;
  const version = m[1];
  const parts = version.split(/[.+-]/);
  const major = parts[0] === '1' ? Number(parts[1]) : Number(parts[0]);
  return Number.isFinite(major) ? { major, version } : undefined;
}

export function probeJdk(home: string): Jdk | undefined {
  const java = path.join(home, 'bin', 'java');
  if (!fs.existsSync(java)) return undefined;
  // `java -version` writes to stderr
  const r = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const v = parseJavaVersion(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  return v && { home, ...v };
}

/** Where JDKs are installed on Debian/Ubuntu, Fedora, macOS, SDKMAN and the Temurin tarballs. */
export function defaultJvmRoots(): string[] {
  return [
    '/usr/lib/jvm',
    '/usr/java',
    '/opt/java',
    '/opt',
    path.join(os.homedir(), '.sdkman', 'candidates', 'java'),
    path.join(os.homedir(), '.jdks'),
    '/Library/Java/JavaVirtualMachines',
  ];
}

function candidatesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() || d.isSymbolicLink())
    .flatMap((d) => [path.join(root, d.name), path.join(root, d.name, 'Contents', 'Home')]);
}

function fits(jdk: Jdk, need: JdkRequirement): boolean {
  return jdk.major >= need.min && (need.max === undefined || jdk.major <= need.max);
}

function describeRange(need: JdkRequirement): string {
  return need.max === undefined ? `${need.min} or newer` : `${need.min}–${need.max}`;
}

export function findJdk(
  env: NodeJS.ProcessEnv = process.env,
  roots: string[] = defaultJvmRoots(),
  need: JdkRequirement = CAMUNDA_JDK,
): Jdk {
  const seen: string[] = [];
  for (const variable of need.homeVariables) {
    const home = env[variable];
    if (!home) continue;
    const jdk = probeJdk(home);
    if (jdk && fits(jdk, need)) return jdk;
    seen.push(`${variable}=${home} (${jdk ? `Java ${jdk.version}` : 'no bin/java'})`);
  }
  const found = roots
    .flatMap(candidatesUnder)
    .map(probeJdk)
    .filter((j): j is Jdk => j !== undefined);
  const best = found.filter((j) => fits(j, need)).sort((a, b) => b.major - a.major)[0];
  if (best) return best;
  seen.push(...found.map((j) => `${j.home} (Java ${j.version})`));
  const variables = need.homeVariables.join(' or ');
  throw new Error(
    [
      `No JDK ${describeRange(need)} found; ${need.service} needs one.`,
      seen.length ? `Looked at: ${seen.join(', ')}.` : `Looked in ${variables} and ${roots.join(', ')}.`,
      `Install one, e.g. ${need.install},`,
      `then set ${need.homeVariables[0]} to it if it is not under /usr/lib/jvm.`,
    ].join('\n'),
  );
}
