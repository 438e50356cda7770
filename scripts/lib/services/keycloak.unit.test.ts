import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/shared/config';
import { findJdk } from '../java';
import { KEYCLOAK_JDK, createKeycloak, keycloakArgs } from './keycloak';

describe('keycloakArgs', () => {
  it('runs development mode on loopback with its own ports and its store in the instance folder', () => {
    // given the test profile's port
    const config = loadConfig({ KEYCLOAK_PORT: '18180' });

    // when the launch arguments are made for an instance in /data/test/keycloak
    const args = keycloakArgs(config, '/data/test/keycloak');

    // then nothing listens beyond 127.0.0.1 and the H2 file lies in that folder
    expect(args[0]).toBe('start-dev');
    expect(args).toEqual(
      expect.arrayContaining([
        '--http-host=127.0.0.1',
        '--http-port=18180',
        '--http-management-port=18181',
        '--health-enabled=true',
        '--db=dev-file',
        '--db-url=jdbc:h2:file:/data/test/keycloak/h2/keycloakdb;NON_KEYWORDS=VALUE',
      ]),
    );
    expect(createKeycloak(config, '/data/test/keycloak').ports()).toEqual({
      'Keycloak HTTP': 18180,
      'Keycloak management': 18181,
    });
  });
});

describe('findJdk for Keycloak 26', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'jvms-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function fakeJdk(name: string, version: string): string {
    const home = path.join(root, name);
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(home, 'bin', 'java'), `#!/bin/sh\necho 'openjdk version "${version}"' >&2\n`);
    fs.chmodSync(path.join(home, 'bin', 'java'), 0o755);
    return home;
  }

  it('takes the newest JDK 21 or later, and refuses 17 alone naming what to install', () => {
    fakeJdk('java-17', '17.0.15');
    const jdk25 = fakeJdk('temurin-25', '25.0.3');
    expect(findJdk({}, [root], KEYCLOAK_JDK).home).toBe(jdk25);

    fs.rmSync(jdk25, { recursive: true });
    expect(() => findJdk({}, [root], KEYCLOAK_JDK)).toThrow(
      /No JDK 21 or newer found; Keycloak 26 needs one\.[\s\S]*Temurin 25[\s\S]*KEYCLOAK_JAVA_HOME/,
    );
  });
});
