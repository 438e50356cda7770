import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/shared/config';
import { camundaEnvironment, startCamunda, ZEEBE_RECORD_PREFIX } from './camunda-runtime';
import { freePort, isPortFree } from './ports';

describe('startCamunda when the broker cannot start', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camunda-fail-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails with the log tail and leaves no process behind', async () => {
    // given a distribution whose broker dies at start-up
    const home = path.join(dir, 'dist');
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'bin', 'broker'),
      '#!/bin/sh\necho "starting broker"\necho "FATAL: RocksDB could not open the data folder" >&2\nexit 3\n',
    );
    fs.chmodSync(path.join(home, 'bin', 'broker'), 0o755);
    const [grpc, rest, mgmt, internal] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const config = loadConfig({
      CAMUNDA_GRPC_PORT: String(grpc),
      CAMUNDA_REST_PORT: String(rest),
      CAMUNDA_MANAGEMENT_PORT: String(mgmt),
      CAMUNDA_INTERNAL_PORT: String(internal),
      CAMUNDA_START_TIMEOUT_S: '20',
    });

    // when it is started
    const started = startCamunda({
      config,
      dist: { version: 'test', home },
      jdk: { home: '/nonexistent', major: 25, version: '25' },
      dataDir: path.join(dir, 'data'),
    });

    // then the error says it exited and shows what the broker logged; nothing listens and no pid file is left
    await expect(started).rejects.toThrow(
      /exited while starting[\s\S]*FATAL: RocksDB could not open the data folder/,
    );
    expect(await isPortFree(mgmt)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'data', 'camunda.pid'))).toBe(false);
  });
});

describe('camundaEnvironment', () => {
  const config = loadConfig({});
  const jdk = { home: '/jdk', major: 21, version: '21' };

  it('given an OpenSearch URL, when the environment is built, then the broker exports there with exact property names', () => {
    const env = camundaEnvironment(config, jdk, '/data', 'http://127.0.0.1:19200');
    const json = JSON.parse(env.SPRING_APPLICATION_JSON!) as {
      zeebe: { broker: { exporters: { opensearch: { className: string; args: Record<string, unknown> } } } };
      camunda: { database: { type: string; url: string } };
    };
    const exporter = json.zeebe.broker.exporters.opensearch;
    expect(exporter.className).toBe('io.camunda.zeebe.exporter.opensearch.OpensearchExporter');
    expect(exporter.args).toEqual({
      url: 'http://127.0.0.1:19200',
      index: { prefix: ZEEBE_RECORD_PREFIX, numberOfShards: 1, numberOfReplicas: 0 },
      bulk: { delay: 1, size: 1000 },
    });
    expect(json.camunda.database).toEqual({ type: 'opensearch', url: 'http://127.0.0.1:19200' });
  });

  it('given no OpenSearch URL, when the environment is built, then no exporter is configured', () => {
    const env = camundaEnvironment(config, jdk, '/data');
    expect(env.SPRING_APPLICATION_JSON).toBe(process.env.SPRING_APPLICATION_JSON);
    expect(env.ZEEBE_BROKER_DATA_DIRECTORY).toBe('/data/data');
  });
});
