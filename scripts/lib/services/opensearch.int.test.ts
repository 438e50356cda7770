/**
 * A real OpenSearch node, assembled from Maven Central and started on its own free ports and a
 * temporary folder (never the dev or test instance): it has the modules Operate and Tasklist
 * need, and it stops leaving nothing behind.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/shared/config';
import { freePortBlock, isPortFree, TEST_SERVICE_PORTS } from '../ports';
import { createOpenSearch, opensearchUrl } from './opensearch';
import { startService, type RunningService } from './service';

/** Processes whose command line names `dir` (Linux). */
function processesNaming(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('OpenSearch service', () => {
  let dir: string;
  let url: string;
  let httpPort: number;
  let node: RunningService;

  async function call<T>(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  beforeAll(async () => {
    // given an instance of its own: free ports, a fresh folder
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensearch-int-'));
    // traversable by the unprivileged user the node runs as when the tests run as root
    fs.chmodSync(dir, 0o755);
    // an HTTP port whose transport neighbour (+ 100) is free too
    httpPort = await freePortBlock([100], TEST_SERVICE_PORTS);
    const config = loadConfig({ ...process.env, OPENSEARCH_HTTP_PORT: String(httpPort) });
    url = opensearchUrl(config);
    const service = createOpenSearch(config, path.join(dir, 'opensearch'));
    await service.ensure();

    // when it is started
    const t = Date.now();
    node = await startService(service);
    console.log(`OpenSearch: start to healthy in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }, 400_000);

  afterAll(async () => {
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the modules Operate and Tasklist need', async () => {
    const { json } = await call<{ nodes: Record<string, { modules: { name: string }[] }> }>(
      'GET',
      '/_nodes/plugins?filter_path=nodes.*.modules.name',
    );
    const modules = Object.values(json.nodes).flatMap((n) => n.modules.map((m) => m.name));
    expect(modules).toEqual(
      expect.arrayContaining(['lang-painless', 'reindex', 'analysis-common', 'parent-join', 'ingest-common']),
    );
  });

  it('runs a painless script', async () => {
    const { status, json } = await call<{ result: string }>('POST', '/_scripts/painless/_execute', {
      script: { source: 'params.a * params.b', params: { a: 6, b: 7 } },
    });
    expect(status).toBe(200);
    expect(json.result).toBe('42');
  });

  it('reindexes and deletes by query', async () => {
    // given an index with one document
    await call('PUT', '/source/_doc/1?refresh=true', { name: 'project' });

    // when reindexed into another, then that one holds it
    const reindex = await call<{ created: number }>('POST', '/_reindex?refresh=true', {
      source: { index: 'source' },
      dest: { index: 'copy' },
    });
    expect(reindex.json.created).toBe(1);

    // when deleted by query, then it is gone
    const deleted = await call<{ deleted: number }>('POST', '/copy/_delete_by_query?refresh=true', {
      query: { match_all: {} },
    });
    expect(deleted.json.deleted).toBe(1);
  });

  it('creates an index with a join field and a path_hierarchy tokenizer (the web apps schema needs both)', async () => {
    const created = await call<{ acknowledged: boolean }>('PUT', '/schema-check', {
      settings: {
        analysis: {
          tokenizer: { paths: { type: 'path_hierarchy' } },
          analyzer: { paths: { type: 'custom', tokenizer: 'paths' } },
          normalizer: { lower: { type: 'custom', filter: ['lowercase'] } },
        },
      },
      mappings: { properties: { joinRelation: { type: 'join', relations: { parent: 'child' } } } },
    });
    expect(created.status).toBe(200);
    expect(created.json.acknowledged).toBe(true);

    const analyzed = await call<{ tokens: { token: string }[] }>('POST', '/schema-check/_analyze', {
      analyzer: 'paths',
      text: '/a/b',
    });
    expect(analyzed.json.tokens.map((t) => t.token)).toEqual(['/a', '/a/b']);
  });

  it('stops cleanly: both ports free, no process left', async () => {
    await node.stop();
    expect(await isPortFree(httpPort)).toBe(true);
    expect(await isPortFree(httpPort + 100)).toBe(true);
    expect(processesNaming(dir)).toEqual([]);
  });
});

describe('OpenSearch that cannot start', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensearch-int-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Starts a node with these settings; returns the error it failed with. */
  async function failedStart(settings: Record<string, string>): Promise<Error | undefined> {
    const config = loadConfig({ ...process.env, ...settings });
    return startService(createOpenSearch(config, path.join(dir, 'opensearch'))).then(
      async (node) => {
        await node.stop();
        return undefined;
      },
      (e: Error) => e,
    );
  }

  it('given its transport port taken by another program, then one message names it and nothing is launched', async () => {
    // given a program listening where the node's transport port (HTTP + 100) would be
    const httpPort = await freePortBlock([100], TEST_SERVICE_PORTS);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(httpPort + 100, '127.0.0.1', r));
    try {
      // when the node is started, then it is refused before launch
      const error = await failedStart({ OPENSEARCH_HTTP_PORT: String(httpPort) });
      expect(error?.message).toMatch(
        new RegExp(
          `^Port\\(s\\) already in use: ${httpPort + 100} \\(OpenSearch transport\\)\\.\\nStop whatever listens there`,
        ),
      );
      expect(fs.existsSync(path.join(dir, 'opensearch', 'opensearch.log'))).toBe(false);
      expect(processesNaming(dir)).toEqual([]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('given a JVM that refuses to start (a heap too small), then it names OpenSearch, the exit, what to do and the JVM’s words', async () => {
    // when the node is started with a 1 MB heap
    const httpPort = await freePortBlock([100], TEST_SERVICE_PORTS);
    const error = await failedStart({ OPENSEARCH_HTTP_PORT: String(httpPort), OPENSEARCH_HEAP: '1m' });

    // then one message: which service, what happened, what to do, and the log's own reason
    expect(error?.message).toMatch(
      /^OpenSearch [\d.]+: the process exited while starting\nWhat to do: .*OPENSEARCH_HEAP[\s\S]*--- last lines of .*opensearch\.log ---\n[\s\S]*heap/i,
    );
    // and nothing is left running or listening
    expect(processesNaming(dir)).toEqual([]);
    expect(await isPortFree(httpPort)).toBe(true);
  }, 120_000);
});
