import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findJdk, parseJavaVersion } from './java';
import { OPENSEARCH_JDK } from './services/opensearch';

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

describe('findJdk for OpenSearch 2.x (17–21)', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'jvms-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('picks the newest JDK in range and skips one without the SecurityManager', () => {
    // given 17, 21 and 25 installed and JAVA_HOME on 25 (as Camunda likes it)
    fakeJdk(root, 'java-17', '17.0.15');
    const jdk21 = fakeJdk(root, 'temurin-21', '21.0.5');
    const jdk25 = fakeJdk(root, 'temurin-25', '25.0.3');

    // when a JDK for OpenSearch is chosen, then it is 21
    expect(findJdk({ JAVA_HOME: jdk25 }, [root], OPENSEARCH_JDK).home).toBe(jdk21);
    // and Camunda's choice is unchanged
    expect(findJdk({ JAVA_HOME: jdk25 }, [root]).home).toBe(jdk25);
  });

  it('prefers OPENSEARCH_JAVA_HOME over JAVA_HOME', () => {
    const jdk17 = fakeJdk(root, 'java-17', '17.0.15');
    const jdk21 = fakeJdk(root, 'temurin-21', '21.0.5');
    expect(findJdk({ OPENSEARCH_JAVA_HOME: jdk17, JAVA_HOME: jdk21 }, [root], OPENSEARCH_JDK).home).toBe(
      jdk17,
    );
  });

  it('refuses when only a too-new JDK is installed, naming the range and what to install', () => {
    fakeJdk(root, 'temurin-25', '25.0.3');
    expect(() => findJdk({}, [root], OPENSEARCH_JDK)).toThrow(
      /No JDK 17–21 found; OpenSearch 2\.x needs one\.[\s\S]*temurin-25 \(Java 25\.0\.3\)[\s\S]*openjdk-21-jdk-headless[\s\S]*OPENSEARCH_JAVA_HOME/,
    );
  });
});
