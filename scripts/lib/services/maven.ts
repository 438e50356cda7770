/**
 * Fetching artifacts with their dependencies from Maven Central through Maven itself: one run
 * resolves every requested artifact (a generated multi-module project, one module per request),
 * shows what it downloads, and lists where each resolved file lies in the local repository. Every
 * file is then checked against the SHA-1 that Maven Central publishes beside it (`resolveVerified`).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { m2Repository, verifySha1 } from '../camunda-dist';

const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface Coordinates {
  groupId: string;
  artifactId: string;
  version: string;
  /** jar unless said otherwise */
  type?: string;
  /** group:artifact pairs whose whole subtree is left out (e.g. what the runtime already ships) */
  exclusions?: string[];
}

export interface ResolvedArtifact {
  groupId: string;
  artifactId: string;
  version: string;
  type: string;
  file: string;
}

export function requireMaven(what: string): void {
  const probe = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `Apache Maven (mvn) is needed once to fetch ${what} from Maven Central.\n` +
        'Install it ("apt-get install maven") and run the command again.',
    );
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The pom of one request: a project depending on the artifact alone. */
export function requestPom(name: string, c: Coordinates): string {
  const exclusions = (c.exclusions ?? [])
    .map((ga) => {
      const [g, a] = ga.split(':');
      return `<exclusion><groupId>${xml(g ?? '')}</groupId><artifactId>${xml(a ?? '')}</artifactId></exclusion>`;
    })
    .join('');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.fetch</groupId><artifactId>${xml(name)}</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>${xml(c.groupId)}</groupId><artifactId>${xml(c.artifactId)}</artifactId>
<version>${xml(c.version)}</version><type>${xml(c.type ?? 'jar')}</type>
<exclusions>${exclusions}</exclusions></dependency></dependencies></project>
`;
}

/**
 * Reads the file `dependency:list -DoutputAbsoluteArtifactFilename` writes, lines such as
 * `   org.ow2.asm:asm:jar:9.7:compile:/root/.m2/…/asm-9.7.jar -- module org.objectweb.asm`.
 * Only what the runtime needs (compile and runtime scope) is kept.
 */
export function parseDependencyList(text: string): ResolvedArtifact[] {
  const out: ResolvedArtifact[] = [];
  for (const line of text.split('\n')) {
    const m = line.match(
      /^\s*([^:\s]+):([^:\s]+):([^:\s]+)(?::[^:\s]+)?:([^:\s]+):(compile|runtime):(\S.*?)(?: -- .*)?$/,
    );
    if (!m) continue;
    const [, groupId, artifactId, type, version, , file] = m;
    out.push({
      groupId: groupId!,
      artifactId: artifactId!,
      type: type!,
      version: version!,
      file: file!.trim(),
    });
  }
  return out;
}

/** Prints Maven's "[INFO] Downloaded from central: …" lines briefly (file name and size); poms are skipped. */
function progressLine(line: string): string | undefined {
  const m = line.match(/^(?:\[INFO\] )?Downloaded from [^:]+: \S*\/([^/\s]+) \(([^)]+)\)/);
  if (!m || m[1]!.endsWith('.pom') || m[1]!.endsWith('.sha1') || m[1]!.endsWith('.xml')) return undefined;
  return `  fetched ${m[1]} (${m[2]})`;
}

/** Reports the size of a large file while it arrives (Maven's batch mode shows no progress). */
function watchGrowing(files: string[], label: string): () => void {
  const started = Date.now();
  const size = () =>
    Math.max(
      0,
      ...files.flatMap((f) => {
        const dir = path.dirname(f);
        if (!fs.existsSync(dir)) return [];
        const base = path.basename(f);
        return fs
          .readdirSync(dir)
          .filter((n) => n.startsWith(base) && !n.endsWith('.sha1'))
          .map((n) => fs.statSync(path.join(dir, n)).size);
      }),
    );
  // a file already there is not reported
  let last = size();
  const timer = setInterval(() => {
    const bytes = size();
    if (bytes > last) {
      last = bytes;
      const mb = bytes / 1048576;
      process.stdout.write(
        `  downloading ${label}: ${mb.toFixed(0)} MB (${(mb / ((Date.now() - started) / 1000)).toFixed(1)} MB/s)\n`,
      );
    }
  }, 3_000);
  return () => clearInterval(timer);
}

/** Where Maven keeps an artifact in the local repository. */
export function localFile(c: Coordinates): string {
  const ext = c.type ?? 'jar';
  return path.join(
    m2Repository(),
    ...c.groupId.split('.'),
    c.artifactId,
    c.version,
    `${c.artifactId}-${c.version}.${ext}`,
  );
}

/**
 * Resolves every request with its runtime dependencies in one Maven run and returns, per request
 * name, the files in the local repository (the requested artifact first). `large` names files
 * whose download progress is worth showing.
 */
export async function resolveWithMaven(
  requests: Record<string, Coordinates>,
  opts: { what: string; large?: Coordinates[] } = { what: 'artifacts' },
): Promise<Record<string, ResolvedArtifact[]>> {
  requireMaven(opts.what);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maven-fetch-'));
  try {
    const names = Object.keys(requests);
    for (const name of names) {
      fs.mkdirSync(path.join(tmp, name));
      fs.writeFileSync(path.join(tmp, name, 'pom.xml'), requestPom(name, requests[name]!));
    }
    fs.writeFileSync(
      path.join(tmp, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.fetch</groupId><artifactId>all</artifactId><version>1</version><packaging>pom</packaging>
<modules>${names.map((n) => `<module>${xml(n)}</module>`).join('')}</modules></project>
`,
    );
    const args = [
      '-B',
      `-Dmaven.repo.local=${m2Repository()}`,
      '-C', // fail on a checksum mismatch instead of warning
      `${DEPENDENCY_PLUGIN}:list`,
      '-DoutputAbsoluteArtifactFilename=true',
      '-DincludeScope=runtime',
      '-DoutputFile=resolved.txt',
    ];
    const output: string[] = [];
    const stopWatching = watchGrowing(
      (opts.large ?? []).map(localFile),
      (opts.large ?? []).map((c) => c.artifactId).join(', '),
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('mvn', args, { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
      let pending = '';
      const onData = (d: Buffer) => {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          const p = progressLine(line);
          if (p) console.log(p);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', reject);
      child.once('exit', resolve);
    }).finally(stopWatching);
    if (code !== 0) {
      const errors = output.filter((l) => l.includes('ERROR')).slice(0, 5);
      throw new Error(`Maven could not fetch ${opts.what} from Maven Central:\n${errors.join('\n')}`);
    }
    return Object.fromEntries(
      names.map((name) => [
        name,
        parseDependencyList(fs.readFileSync(path.join(tmp, name, 'resolved.txt'), 'utf8')),
      ]),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The files that fail their published SHA-1 (corrupt, partial, or no checksum beside them), with the reason. */
export async function unverified(files: string[]): Promise<{ file: string; problem: string }[]> {
  const bad: { file: string; problem: string }[] = [];
  for (const file of new Set(files)) {
    try {
      await verifySha1(file);
    } catch (e) {
      bad.push({ file, problem: (e as Error).message });
    }
  }
  return bad;
}

/** Deletes the artifacts' folders from the local repository, so Maven fetches them anew. */
function dropFromRepository(files: string[]): void {
  for (const f of files) fs.rmSync(path.dirname(f), { recursive: true, force: true });
}

const allFiles = (r: Record<string, ResolvedArtifact[]>) =>
  Object.values(r).flatMap((list) => list.map((a) => a.file));

/**
 * `resolveWithMaven`, then every file checked against its published SHA-1. A file that fails (a
 * corrupt download, or one put into the local repository without its checksum) is deleted and
 * fetched once more; if it fails again it is deleted and one message names each such file.
 */
export async function resolveVerified(
  requests: Record<string, Coordinates>,
  opts: { what: string; large?: Coordinates[] },
  resolve: typeof resolveWithMaven = resolveWithMaven,
): Promise<Record<string, ResolvedArtifact[]>> {
  let resolved = await resolve(requests, opts);
  let bad = await unverified(allFiles(resolved));
  if (bad.length > 0) {
    for (const b of bad) console.log(`  ${b.problem}; fetching it again`);
    dropFromRepository(bad.map((b) => b.file));
    resolved = await resolve(requests, opts);
    bad = await unverified(allFiles(resolved));
  }
  if (bad.length > 0) {
    dropFromRepository(bad.map((b) => b.file));
    throw new Error(
      `${bad.map((b) => b.problem).join('\n')}\n` +
        'The corrupt download was deleted; run the command again to fetch it anew (a proxy or mirror may be altering files).',
    );
  }
  return resolved;
}
