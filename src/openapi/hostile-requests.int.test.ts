/**
 * Issue 9, "Done when": hostile requests generated from the OpenAPI document's operations and their
 * zod schemas (fast-check) plus the attack kinds of the issue, sent over raw TCP to the real API
 * process. No answer may be a 5xx, nothing may be written, and the process must stay alive.
 *
 *   HOSTILE_SEED=<n>   replay a run (the seed is printed)
 *   HOSTILE_RUNS=<n>   requests per run (at least 500)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../shared/testing';
import {
  callApi,
  differences,
  documentedOperations,
  hostileContext,
  hostileProposal,
  hostileRun,
  report,
  snapshot,
  startApi,
  type ApiProcess,
  type HostileContext,
  type RunResult,
  type Snapshot,
} from '../shared/testing/hostile';

const DOCUMENT_MAX_BYTES = 64 * 1024;
const env = { DOCUMENT_MAX_BYTES: String(DOCUMENT_MAX_BYTES), LOG_LEVEL: 'warn' };
const seed = Number(process.env.HOSTILE_SEED ?? crypto.randomInt(2 ** 31));
const runs = Math.max(500, Number(process.env.HOSTILE_RUNS ?? 600));

describe('hostile requests against the real API process', () => {
  let ds: DataSource;
  let api: ApiProcess;
  let ctx: HostileContext;
  let before: Snapshot;
  let after: Snapshot;
  let result: RunResult;
  let sent = 0;

  const documentsDir = () => path.join(api.dataDir, 'documents');
  const call = (
    method: string,
    target: string,
    auth: string,
    body?: object,
    headers?: Record<string, string>,
  ) => callApi(() => api, method, target, auth, body, headers);

  beforeAll(async () => {
    // given: users of every role, an account whose look-alikes are tried, and a project to aim at
    ds = await openDataSource();
    api = await startApi(env);
    ctx = await hostileContext(ds, () => api, seed, DOCUMENT_MAX_BYTES);
    // when: every operation of the OpenAPI document gets its share of hostile requests
    ({ before, after, result, sent } = await hostileRun(ds, ctx, {
      api: () => api,
      restart: async () => {
        api = await startApi(env, api.dataDir);
      },
      seed,
      runs,
      documentsDir,
      print: (line) => process.stdout.write(`${line}\n`),
    }));
  }, 900_000);

  afterAll(async () => {
    await api?.stop();
    if (api) fs.rmSync(api.dataDir, { recursive: true, force: true });
    await ds?.destroy();
  });

  it('sends at least 500 requests and reaches every operation of the OpenAPI document', () => {
    expect(result.sent).toBe(sent);
    expect(sent).toBeGreaterThanOrEqual(500);
    expect(Object.keys(result.perOperation).sort()).toEqual(
      documentedOperations()
        .map((o) => o.name)
        .sort(),
    );
  });

  it('then no request gets a 5xx, goes unanswered or stops the process', () => {
    if (result.findings.length > 0) {
      throw new Error(
        `${result.findings.length} of ${result.sent} hostile requests failed (seed ${seed}):\n${report(result.findings)}`,
      );
    }
  });

  it('then nothing was written: every table and the document store are unchanged', () => {
    expect(differences(before, after)).toEqual([]);
  });

  it('then the process still runs and serves', async () => {
    expect(api.exited()).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${api.port}/health`)).status).toBe(200);
    expect((await call('GET', '/api/projects', ctx.auth.admin)).status).toBe(200);
  });

  it('positive control: a valid proposal is a write the snapshot sees', async () => {
    const res = await call(
      'POST',
      '/api/projects',
      ctx.auth.applicant,
      hostileProposal('恶意请求测试的对照提交'),
      {
        'idempotency-key': `hostile-control-${seed}`,
      },
    );
    expect(res.status).toBe(201);
    const changed = differences(after, await snapshot(ds, documentsDir()));
    expect(changed).toEqual(expect.arrayContaining([expect.stringMatching(/^table project: /)]));
  });
});
