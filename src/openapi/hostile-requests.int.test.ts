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
import { openDataSource, signedIn } from '../shared/testing';
import {
  differences,
  documentedOperations,
  generate,
  report,
  runHostile,
  snapshot,
  startApi,
  type ApiProcess,
  type HostileContext,
  type RunResult,
  type Snapshot,
} from '../shared/testing/hostile';
import { Role } from '../users';

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
    headers: Record<string, string> = {},
  ) =>
    fetch(`http://127.0.0.1:${api.port}${target}`, {
      method,
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  const proposal = (title: string) => ({
    title,
    budgetEstimate: '1200000.00',
    category: 'application-system',
    participatingDepartments: ['emergency'],
    quotaOverrideReason: '集成测试：恶意请求测试的对照项目',
  });

  beforeAll(async () => {
    // given: users of every role, an account whose look-alikes are tried, and a project to aim at
    ds = await openDataSource();
    const roles: HostileContext['roles'] = {
      admin: [Role.Administrator],
      applicant: [Role.DepartmentApplicant],
      participant: [Role.DepartmentApplicant],
      officer: [Role.AgencyOfficer],
      processOwner: [Role.ProcessOwner],
      calendarAdmin: [Role.CalendarAdmin],
    };
    const auth: HostileContext['auth'] = {
      admin: await signedIn(ds, 'hostile-admin', roles.admin as Role[]),
      applicant: await signedIn(ds, 'hostile-applicant', roles.applicant as Role[], {
        departmentCode: 'culture',
      }),
      participant: await signedIn(ds, 'hostile-participant', roles.participant as Role[], {
        departmentCode: 'emergency',
      }),
      officer: await signedIn(ds, 'hostile-officer', roles.officer as Role[], { agencyCode: 'eib' }),
      processOwner: await signedIn(ds, 'hostile-owner', roles.processOwner as Role[]),
      calendarAdmin: await signedIn(ds, 'hostile-calendar', roles.calendarAdmin as Role[]),
    };
    await signedIn(ds, 'hostile-victim', [Role.DepartmentApplicant], { departmentCode: 'culture' });
    api = await startApi(env);
    const created = await call('POST', '/api/projects', auth.applicant, proposal('恶意请求测试的目标项目'), {
      'idempotency-key': `hostile-target-${seed}`,
    });
    expect(created.status).toBe(201);
    const projectCode = ((await created.json()) as { code: string }).code;
    ctx = {
      auth,
      roles,
      victim: { username: 'hostile-victim', password: 'hostile-victim-secret' },
      projectCode,
      documentMaxBytes: DOCUMENT_MAX_BYTES,
    };
    before = await snapshot(ds, documentsDir());

    // when: every operation of the OpenAPI document gets its share of hostile requests
    const operations = documentedOperations().length;
    const requests = generate(ctx, seed, Math.ceil(runs / operations));
    sent = requests.length;
    process.stdout.write(
      `hostile requests: seed ${seed} (replay with HOSTILE_SEED=${seed}), ${requests.length} requests over ${operations} operations\n`,
    );
    result = await runHostile(requests, () => api, {
      restart: async () => {
        api = await startApi(env, api.dataDir);
      },
    });
    process.stdout.write(
      `answers: ${JSON.stringify(result.tally)}; per operation: ${JSON.stringify(result.perOperation)}\n`,
    );
    after = await snapshot(ds, documentsDir());
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
    const res = await call('POST', '/api/projects', ctx.auth.applicant, proposal('恶意请求测试的对照提交'), {
      'idempotency-key': `hostile-control-${seed}`,
    });
    expect(res.status).toBe(201);
    const changed = differences(after, await snapshot(ds, documentsDir()));
    expect(changed).toEqual(expect.arrayContaining([expect.stringMatching(/^table project: /)]));
  });
});
