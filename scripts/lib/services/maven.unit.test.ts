import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDependencyList, requestPom, resolveVerified, type ResolvedArtifact } from './maven';

const sha1 = (s: string) => crypto.createHash('sha1').update(s).digest('hex');

describe('parseDependencyList', () => {
  it('reads coordinates and files of compile and runtime dependencies, with or without module notes', () => {
    // given the file dependency:list writes with absolute file names
    const text = [
      '',
      'The following files have been resolved:',
      '   org.opensearch.plugin:lang-painless:jar:2.19.6:compile:/m2/lang-painless-2.19.6.jar -- module lang.painless (auto)',
      '   org.ow2.asm:asm:jar:9.7:runtime:/m2/asm-9.7.jar',
      '   org.opensearch.distribution.integ-test-zip:opensearch:zip:2.19.6:compile:/m2/opensearch-2.19.6.zip',
      '   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.0:compile:/m2/epoll-linux.jar',
      '   junit:junit:jar:4.13:test:/m2/junit-4.13.jar',
    ].join('\n');

    // when parsed
    const list = parseDependencyList(text);

    // then every runtime artifact is there with its file, test scope is not
    expect(list.map((a) => `${a.artifactId}:${a.type}:${a.version}:${a.file}`)).toEqual([
      'lang-painless:jar:2.19.6:/m2/lang-painless-2.19.6.jar',
      'asm:jar:9.7:/m2/asm-9.7.jar',
      'opensearch:zip:2.19.6:/m2/opensearch-2.19.6.zip',
      'netty-transport-native-epoll:jar:4.1.0:/m2/epoll-linux.jar',
    ]);
  });
});

describe('requestPom', () => {
  it('depends on the one artifact and excludes the named subtrees', () => {
    const pom = requestPom('reindex', {
      groupId: 'org.opensearch.plugin',
      artifactId: 'reindex-client',
      version: '2.19.6',
      exclusions: ['org.opensearch:opensearch'],
    });
    expect(pom).toContain('<artifactId>reindex-client</artifactId>');
    expect(pom).toContain('<type>jar</type>');
    expect(pom).toContain(
      '<exclusion><groupId>org.opensearch</groupId><artifactId>opensearch</artifactId></exclusion>',
    );
  });
});

describe('resolveVerified', () => {
  let repo: string;
  let log: jest.SpyInstance;
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'm2-'));
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    fs.rmSync(repo, { recursive: true, force: true });
  });

  /** A stand-in for Maven that "downloads" a jar with the published digest of `published`. */
  function fakeMaven(contents: string[], published: string) {
    let call = 0;
    const resolve = jest.fn(async () => {
      const dir = path.join(repo, 'org', 'example', 'lib', '1.0');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'lib-1.0.jar');
      fs.writeFileSync(file, contents[Math.min(call++, contents.length - 1)]!);
      fs.writeFileSync(`${file}.sha1`, sha1(published));
      const a: ResolvedArtifact = {
        groupId: 'org.example',
        artifactId: 'lib',
        version: '1.0',
        type: 'jar',
        file,
      };
      return { lib: [a] };
    });
    return resolve;
  }
  const request = { lib: { groupId: 'org.example', artifactId: 'lib', version: '1.0' } };

  it('fetches a corrupt file once more and goes on when the second copy matches', async () => {
    // given a first download that is truncated, a second that is whole
    const resolve = fakeMaven(['jar byt', 'jar bytes'], 'jar bytes');

    // when resolved
    const result = await resolveVerified(request, { what: 'lib' }, resolve);

    // then Maven ran twice and the verified file is returned
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(fs.readFileSync(result.lib![0]!.file, 'utf8')).toBe('jar bytes');
  });

  it('stops with one message naming the file, and deletes it, when it stays corrupt', async () => {
    // given a download that never matches its published SHA-1
    const resolve = fakeMaven(['tampered'], 'jar bytes');

    // when resolved, then the error names the file and says what to do
    await expect(resolveVerified(request, { what: 'lib' }, resolve)).rejects.toThrow(
      /checksum mismatch for lib-1\.0\.jar[\s\S]*deleted; run the command again/,
    );
    // and nothing corrupt is left in the local repository
    expect(fs.existsSync(path.join(repo, 'org', 'example', 'lib', '1.0'))).toBe(false);
  });
});
