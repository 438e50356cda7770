/**
 * Finds a JDK that can run Camunda: JAVA_HOME first, then the JVMs installed in the usual places.
 * Refuses with a message naming what to install when there is none.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MIN_JAVA = 21;

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

export function findJdk(env: NodeJS.ProcessEnv = process.env, roots: string[] = defaultJvmRoots()): Jdk {
  const seen: string[] = [];
  if (env.JAVA_HOME) {
    const jdk = probeJdk(env.JAVA_HOME);
    if (jdk && jdk.major >= MIN_JAVA) return jdk;
    seen.push(`JAVA_HOME=${env.JAVA_HOME} (${jdk ? `Java ${jdk.version}` : 'no bin/java'})`);
  }
  const found = roots
    .flatMap(candidatesUnder)
    .map(probeJdk)
    .filter((j): j is Jdk => j !== undefined);
  const best = found.filter((j) => j.major >= MIN_JAVA).sort((a, b) => b.major - a.major)[0];
  if (best) return best;
  seen.push(...found.map((j) => `${j.home} (Java ${j.version})`));
  throw new Error(
    [
      `No JDK ${MIN_JAVA} or newer found; Camunda needs one.`,
      seen.length ? `Looked at: ${seen.join(', ')}.` : `Looked in JAVA_HOME and ${roots.join(', ')}.`,
      `Install one, e.g. "apt-get install openjdk-${MIN_JAVA}-jdk-headless" or Eclipse Temurin 21/25,`,
      'then set JAVA_HOME to it if it is not under /usr/lib/jvm.',
    ].join('\n'),
  );
}
