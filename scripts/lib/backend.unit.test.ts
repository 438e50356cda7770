/**
 * The stack's start when OpenSearch cannot be had: one message naming OpenSearch, what went wrong
 * and what to do; the broker, Tasklist and Operate never started; what did start (Keycloak, the
 * database) stopped by the caller's clean-up. The parts are stand-ins: small Node processes for
 * the services, recorded calls for the database and the broker.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/shared/config';
import { startBackend } from './backend';
import { startCamunda } from './camunda-runtime';
import { ensureDatabase } from './database';
import { Lifecycle } from './lifecycle';
import { freePort, isPortFree } from './ports';
import { fakeService, type FakeBehaviour } from './services/fake-service';
import { createKeycloak } from './services/keycloak';
import { createOpenSearch, OPENSEARCH_ADVICE } from './services/opensearch';
import { descendants, isAlive } from './services/service';
import { createWebapp } from './services/webapps';

jest.mock('./camunda-dist', () => ({
  ensureDistribution: jest.fn(async () => ({ version: '8.6.0', home: '/nowhere' })),
}));
jest.mock('./java', () => ({
  ...jest.requireActual('./java'),
  findJdk: () => ({ version: 21, home: '/nowhere' }),
}));
jest.mock('./database', () => ({ ensureDatabase: jest.fn() }));
jest.mock('./prepare-database', () => ({
  prepareDatabase: jest.fn(async () => ({ applied: [], adminCreated: false })),
}));
jest.mock('./camunda-runtime', () => ({
  ...jest.requireActual('./camunda-runtime'),
  startCamunda: jest.fn(),
}));
jest.mock('./services/opensearch', () => ({
  ...jest.requireActual('./services/opensearch'),
  createOpenSearch: jest.fn(),
}));
jest.mock('./services/keycloak', () => ({
  ...jest.requireActual('./services/keycloak'),
  createKeycloak: jest.fn(),
}));
jest.mock('./services/keycloak-realm', () => ({
  ...jest.requireActual('./services/keycloak-realm'),
  seedRealm: jest.fn(async () => ({ created: false, added: 0 })),
}));
jest.mock('./services/webapps', () => ({
  ...jest.requireActual('./services/webapps'),
  createWebapp: jest.fn(),
}));

/** Child processes of this test whose command line names `dir` and that still run. */
const runningIn = (dir: string) =>
  descendants(process.pid)
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .filter(isAlive);

describe('startBackend when OpenSearch cannot be had', () => {
  const config = loadConfig({ CAMUNDA_WEBAPPS: 'true' });
  let dir: string;
  let keycloakPort: number;
  let openSearchPort: number;
  const stopDatabase = jest.fn(async () => undefined);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backend-'));
    keycloakPort = await freePort();
    openSearchPort = await freePort();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest
      .mocked(ensureDatabase)
      .mockResolvedValue({ url: 'mysql://stand-in/db', stop: stopDatabase } as never);
    jest.mocked(createKeycloak).mockImplementation((_c, d) =>
      // a generous wait: a loaded machine may take seconds to start a Node process
      fakeService(d, keycloakPort, 'listen', { name: 'Keycloak', id: 'keycloak', startTimeoutMs: 60_000 }),
    );
  });
  afterEach(() => {
    jest.clearAllMocks();
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * OpenSearch as a stand-in that behaves as `behaviour`, with the real one's name, port name and
   * advice; a short wait unless the test needs the process to get as far as exiting (a loaded
   * machine, e.g. while the test stack starts beside the unit tests, takes seconds for that)
   */
  const openSearchThat = (behaviour: FakeBehaviour, startTimeoutMs = 1_500) =>
    jest.mocked(createOpenSearch).mockImplementation((_c, d) =>
      fakeService(d, openSearchPort, behaviour, {
        name: 'OpenSearch 2.19.6',
        id: 'opensearch',
        portName: 'OpenSearch HTTP',
        startTimeoutMs,
        advice: OPENSEARCH_ADVICE,
      }),
    );

  /** Starts the backend; returns its error and whether Keycloak was listening when it came. */
  async function start() {
    const lifecycle = new Lifecycle();
    const error = await startBackend(config, lifecycle, { profileDir: dir, freshDatabase: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    const keycloakWasUp = !(await isPortFree(keycloakPort));
    return { error, keycloakWasUp, lifecycle };
  }

  /** Nothing after OpenSearch started; what started is stopped by the clean-up. */
  async function expectNothingLeft(lifecycle: Lifecycle, keycloakWasUp: boolean) {
    expect(startCamunda).not.toHaveBeenCalled();
    expect(createWebapp).not.toHaveBeenCalled();
    // positive control: Keycloak had started (the failure waited for it), so there was something to stop
    expect(keycloakWasUp).toBe(true);
    await lifecycle.stop();
    expect(await isPortFree(keycloakPort)).toBe(true);
    expect(stopDatabase).toHaveBeenCalledTimes(1);
    expect(runningIn(dir)).toEqual([]);
  }

  it('given a node that exits while starting, then it names OpenSearch, the exit, what to do and its log', async () => {
    openSearchThat('exit', 60_000);
    const { error, keycloakWasUp, lifecycle } = await start();
    expect(error?.message).toMatch(
      /^OpenSearch 2\.19\.6: the process exited while starting.*\nWhat to do: .*OPENSEARCH_HEAP.*\n--- last lines of .*opensearch\.log ---\n[\s\S]*cannot start, disk full/,
    );
    await expectNothingLeft(lifecycle, keycloakWasUp);
  });

  it('given its port taken by another program, then it names the port and OpenSearch, and launches nothing there', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(openSearchPort, '127.0.0.1', r));
    try {
      openSearchThat('listen');
      const { error, keycloakWasUp, lifecycle } = await start();
      expect(error?.message).toMatch(
        new RegExp(
          `^Port\\(s\\) already in use: ${openSearchPort} \\(OpenSearch HTTP\\)\\.\\nStop whatever listens there`,
        ),
      );
      expect(fs.existsSync(path.join(dir, 'opensearch', 'opensearch.log'))).toBe(false);
      await expectNothingLeft(lifecycle, keycloakWasUp);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('given a node that never answers, then it names OpenSearch, the wait, the last check and what to do', async () => {
    openSearchThat('silent');
    const { error, keycloakWasUp, lifecycle } = await start();
    expect(error?.message).toMatch(
      /^OpenSearch 2\.19\.6: not ready after 2 s \(last check: not listening\)\nWhat to do: /,
    );
    await expectNothingLeft(lifecycle, keycloakWasUp);
  });
});
