import { loadConfig } from '../../../src/shared/config';
import { jvmOptions, opensearchSettings, opensearchTransportPort } from './opensearch';
import { asUser, unprivilegedUser } from './run-as';

const shipped = [
  '-Xms1g',
  '-Xmx1g',
  '11-:-XX:+UseG1GC',
  '-Djava.io.tmpdir=${OPENSEARCH_TMPDIR}',
  '-XX:+HeapDumpOnOutOfMemoryError',
  '-XX:HeapDumpPath=data',
  '-XX:ErrorFile=logs/hs_err_pid%p.log',
  '9-:-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m',
  '18-:-Djava.security.manager=allow',
].join('\n');

describe('jvmOptions', () => {
  it("bounds the heap and keeps the JVM's files in the instance folder", () => {
    // when the shipped options are adapted for an instance in /data/dev/opensearch
    const out = jvmOptions(shipped, '512m', '/data/dev/opensearch').split('\n');

    // then the heap is the setting, and nothing is written relative to the node's home
    expect(out).toContain('-Xms512m');
    expect(out).toContain('-Xmx512m');
    expect(out).not.toContain('-Xmx1g');
    expect(out).toContain('-XX:HeapDumpPath=/data/dev/opensearch/data');
    expect(out).toContain('-XX:ErrorFile=/data/dev/opensearch/logs/hs_err_pid%p.log');
    expect(out.find((l) => l.includes('-Xlog:gc'))).toContain('file=/data/dev/opensearch/logs/gc.log:');
    // and what OpenSearch needs is kept
    expect(out).toContain('18-:-Djava.security.manager=allow');
  });
});

describe('opensearchSettings', () => {
  it('is a single node on loopback with its own ports and folders', () => {
    const config = loadConfig({ OPENSEARCH_HTTP_PORT: '19200' });
    const yml = opensearchSettings(config, '/data/test/opensearch');
    expect(yml).toContain('network.host: 127.0.0.1');
    expect(yml).toContain('http.port: 19200');
    expect(yml).toContain('transport.port: 19300');
    expect(yml).toContain('discovery.type: single-node');
    expect(yml).toContain('path.data: "/data/test/opensearch/data"');
    expect(yml).toContain('path.logs: "/data/test/opensearch/logs"');
    expect(opensearchTransportPort(config)).toBe(19300);
  });

  it('recovers many indices at once after a restart (one per record type and broker day)', () => {
    const yml = opensearchSettings(loadConfig({}), '/data/test/opensearch');
    expect(yml).toContain('cluster.routing.allocation.node_initial_primaries_recoveries: 128');
  });
});

describe('running as an unprivileged user', () => {
  it('changes nothing when the scripts are not root', () => {
    expect(unprivilegedUser('nobody', 'OPENSEARCH_USER', 1000)).toBeUndefined();
  });

  it('refuses a user that does not exist, naming the setting and how to create one', () => {
    expect(() => unprivilegedUser('no-such-user-egov', 'OPENSEARCH_USER', 0)).toThrow(
      /OPENSEARCH_USER="no-such-user-egov", but no such user exists[\s\S]*useradd --system/,
    );
  });

  it('refuses root itself', () => {
    expect(() => unprivilegedUser('root', 'OPENSEARCH_USER', 0)).toThrow(
      /is root; choose an unprivileged user/,
    );
  });

  it('wraps the launch in setpriv with the user, its group and no supplementary groups', () => {
    const spec = { command: '/os/bin/opensearch', args: ['-q'], env: {}, cwd: '/d' };
    expect(asUser(spec, undefined)).toBe(spec);
    expect(asUser(spec, { user: 'nobody', uid: 65534, gid: 65534 })).toMatchObject({
      command: 'setpriv',
      args: ['--reuid=65534', '--regid=65534', '--clear-groups', '--', '/os/bin/opensearch', '-q'],
      cwd: '/d',
    });
  });
});
