/**
 * Fetches the Camunda distribution `io.camunda:camunda-zeebe:<version>:tar.gz` from Maven Central
 * with Maven, verifies it against the SHA-1 published beside it, and unpacks it into the cache
 * (outside the repo's tracked files). A corrupt or partial download is deleted with a message.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GROUP = 'io.camunda';
const ARTIFACT = 'camunda-zeebe';

export interface Distribution {
  version: string;
  home: string;
}

export function m2Repository(): string {
  return process.env.MAVEN_REPO_LOCAL ?? path.join(os.homedir(), '.m2', 'repository');
}

function artifactDir(version: string): string {
  return path.join(m2Repository(), ...GROUP.split('.'), ARTIFACT, version);
}

export function distributionHome(cacheDir: string, version: string): string {
  return path.join(cacheDir, `${ARTIFACT}-${version}`);
}

export function sha1Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha1');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Compares a file with the hex digest in `<file>.sha1` (Maven Central's format: digest, maybe a name). */
export async function verifySha1(file: string): Promise<void> {
  const sumFile = `${file}.sha1`;
  if (!fs.existsSync(sumFile)) throw new Error(`no published checksum ${sumFile}`);
  const expected = fs.readFileSync(sumFile, 'utf8').trim().split(/\s+/)[0]?.toLowerCase();
  const actual = await sha1Of(file);
  if (!expected || expected !== actual) {
    throw new Error(
      `checksum mismatch for ${path.basename(file)}: published ${expected}, downloaded ${actual}`,
    );
  }
}

function requireMaven(): void {
  const probe = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Apache Maven (mvn) is needed once to fetch the Camunda distribution from Maven Central.\n' +
        'Install it ("apt-get install maven"), or unpack camunda-zeebe-<version>.tar.gz into CACHE_DIR yourself.',
    );
  }
}

/** Prints how much of the archive has arrived while Maven downloads it (Maven's batch mode shows none). */
function watchProgress(version: string): () => void {
  const dir = artifactDir(version);
  const prefix = `${ARTIFACT}-${version}.tar.gz`;
  let last = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    if (!fs.existsSync(dir)) return;
    const sizes = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && !f.endsWith('.sha1'))
      .map((f) => fs.statSync(path.join(dir, f)).size);
    const bytes = Math.max(0, ...sizes);
    if (bytes !== last) {
      last = bytes;
      const mb = bytes / 1048576;
      const rate = mb / ((Date.now() - started) / 1000);
      process.stdout.write(
        `  downloading ${prefix}: ${mb.toFixed(0)} MB (${rate.toFixed(1)} MB/s, ~300–420 MB in all)\n`,
      );
    }
  }, 3_000);
  return () => clearInterval(timer);
}

function mavenCopy(version: string): Promise<void> {
  requireMaven();
  const args = [
    '-B',
    '-q',
    `-Dmaven.repo.local=${m2Repository()}`,
    '-C', // fail on a checksum mismatch instead of warning
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get',
    `-Dartifact=${GROUP}:${ARTIFACT}:${version}:tar.gz`,
    '-Dtransitive=false',
  ];
  return new Promise((resolve, reject) => {
    const stopWatching = watchProgress(version);
    const out: string[] = [];
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => out.push(d.toString()));
    child.once('error', (e) => {
      stopWatching();
      reject(e);
    });
    child.once('exit', (code) => {
      stopWatching();
      if (code === 0) return resolve();
      const log = out
        .join('')
        .split('\n')
        .filter((l) => l.includes('ERROR'))
        .slice(0, 3)
        .join('\n');
      reject(
        new Error(
          `Maven could not fetch ${GROUP}:${ARTIFACT}:${version}:tar.gz.\n${log}\n` +
            'Check the version against `npm run camunda -- versions` (the versions Maven Central publishes).',
        ),
      );
    });
  });
}

function removeDownload(version: string): void {
  fs.rmSync(artifactDir(version), { recursive: true, force: true });
}

/** Versions of the distribution published on Maven Central, read from its maven-metadata.xml via Maven. */
export function publishedVersions(): string[] {
  requireMaven();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'camunda-versions-'));
  try {
    // A range that matches nothing makes Maven download the metadata and stop.
    fs.writeFileSync(
      path.join(tmp, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>versions</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>${GROUP}</groupId><artifactId>${ARTIFACT}</artifactId>
<version>[9999,)</version><type>pom</type></dependency></dependencies></project>`,
    );
    const repo = `-Dmaven.repo.local=${m2Repository()}`;
    spawnSync(
      'mvn',
      ['-B', '-q', '-U', repo, 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:resolve'],
      {
        cwd: tmp,
        stdio: 'ignore',
      },
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const metaDir = path.dirname(artifactDir('x'));
  const files = fs.existsSync(metaDir)
    ? fs.readdirSync(metaDir).filter((f) => /^maven-metadata.*\.xml$/.test(f))
    : [];
  const versions = new Set<string>();
  for (const f of files) {
    for (const m of fs.readFileSync(path.join(metaDir, f), 'utf8').matchAll(/<version>([^<]+)<\/version>/g)) {
      if (m[1]) versions.add(m[1]);
    }
  }
  return [...versions].sort(compareVersions);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return 1; // 8.6.0 > 8.6.0-alpha1
    if (y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Returns the unpacked distribution, fetching, verifying and unpacking it when missing. */
export async function ensureDistribution(cacheDir: string, version: string): Promise<Distribution> {
  const home = distributionHome(cacheDir, version);
  const marker = path.join(home, '.verified');
  if (fs.existsSync(marker) && fs.existsSync(path.join(home, 'bin', 'broker'))) return { version, home };

  const archive = path.join(artifactDir(version), `${ARTIFACT}-${version}.tar.gz`);
  if (!fs.existsSync(archive)) {
    console.log(`Fetching Camunda ${version} from Maven Central (once; cached in ${m2Repository()})…`);
    await mavenCopy(version);
  }
  try {
    await verifySha1(archive);
  } catch (e) {
    removeDownload(version);
    throw new Error(
      `${(e as Error).message}\nThe corrupt download was deleted; run the command again to fetch it anew.`,
      {
        cause: e,
      },
    );
  }

  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, '.unpack-'));
  try {
    const tar = spawnSync('tar', ['-xzf', archive, '-C', staging], { encoding: 'utf8' });
    if (tar.status !== 0) {
      removeDownload(version);
      throw new Error(`could not unpack ${archive} (deleted; run again): ${tar.stderr.trim()}`);
    }
    const unpacked = path.join(staging, `${ARTIFACT}-${version}`);
    if (!fs.existsSync(path.join(unpacked, 'bin', 'broker'))) {
      throw new Error(`${archive} does not contain ${ARTIFACT}-${version}/bin/broker`);
    }
    fs.writeFileSync(path.join(unpacked, '.verified'), `sha1 verified ${new Date().toISOString()}\n`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(unpacked, home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { version, home };
}
