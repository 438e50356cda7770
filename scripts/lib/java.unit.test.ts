import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findJdk, parseJavaVersion } from './java';

/** A folder that looks like a JDK whose `java -version` prints `version`. */
function fakeJdk(root: string, name: string, version: string): string {
  const home = path.join(root, name);
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  const java = path.join(home, 'bin', 'java');
  fs.writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-01-01' >&2\n`);
  fs.chmodSync(java, 0o755);
  return home;
}

describe('parseJavaVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25.0.3" 2026-04-21 LTS', 25],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
  ])('%s → %d', (out, major) => expect(parseJavaVersion(out)?.major).toBe(major));

  it('returns undefined for output without a version', () => {
    expect(parseJavaVersion('command not found')).toBeUndefined();
  });
});

describe('findJdk', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'jvms-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prefers JAVA_HOME when it is 21 or newer', () => {
    const home = fakeJdk(root, 'custom-21', '21.0.5');
    fakeJdk(root, 'temurin-25', '25.0.1');
    expect(findJdk({ JAVA_HOME: home }, [root]).home).toBe(home);
  });

  it('skips a too-old JAVA_HOME and picks the newest installed JDK', () => {
    const old = fakeJdk(root, 'java-17', '17.0.15');
    fakeJdk(root, 'temurin-21', '21.0.5');
    const newest = fakeJdk(root, 'temurin-25', '25.0.3');
    const jdk = findJdk({ JAVA_HOME: old }, [root]);
    expect(jdk.home).toBe(newest);
    expect(jdk.major).toBe(25);
  });

  it('refuses with a message naming what it saw and what to install', () => {
    fakeJdk(root, 'java-17', '17.0.15');
    expect(() => findJdk({}, [root])).toThrow(
      /No JDK 21 or newer[\s\S]*java-17 \(Java 17\.0\.15\)[\s\S]*apt-get install openjdk-21/,
    );
  });
});
