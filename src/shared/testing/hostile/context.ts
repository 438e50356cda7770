/**
 * The people and the project a hostile run aims at: a signed-in user of every role, an account whose
 * look-alike names are tried, and a real project of the applicant's department, created through the
 * API. Shared by the API's integration test and the full-stack drill.
 */
import type { DataSource } from 'typeorm';
import { Role } from '../../../users';
import { signedIn } from '../index';
import type { ApiProcess } from './api-process';
import { documentedOperations, type HostileContext } from './requests';
import { generate, runHostile, type RunResult } from './runner';
import { snapshot, type Snapshot } from './snapshot';

/** A proposal the applicant's department may submit (the participating department is the participant's). */
export const hostileProposal = (title: string) => ({
  title,
  budgetEstimate: '1200000.00',
  category: 'application-system',
  participatingDepartments: ['emergency'],
  quotaOverrideReason: '集成测试：恶意请求测试的对照项目',
});

/** Sends one request as `auth` to the API process. */
export function callApi(
  api: () => ApiProcess,
  method: string,
  target: string,
  auth: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`http://127.0.0.1:${api().port}${target}`, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
}

export async function hostileContext(
  ds: DataSource,
  api: () => ApiProcess,
  seed: number,
  documentMaxBytes: number,
): Promise<HostileContext> {
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
  const created = await callApi(
    api,
    'POST',
    '/api/projects',
    auth.applicant,
    hostileProposal('恶意请求测试的目标项目'),
    { 'idempotency-key': `hostile-target-${seed}` },
  );
  if (created.status !== 201) {
    throw new Error(`the target project was not created: ${created.status} ${await created.text()}`);
  }
  const projectCode = ((await created.json()) as { code: string }).code;
  return {
    auth,
    roles,
    victim: { username: 'hostile-victim', password: 'hostile-victim-secret' },
    projectCode,
    documentMaxBytes,
  };
}

/**
 * One run: a snapshot, `runs` hostile requests spread over every documented operation (reproducible
 * from `seed`, which is printed), another snapshot. A process that dies is reported and restarted.
 */
export async function hostileRun(
  ds: DataSource,
  ctx: HostileContext,
  opts: {
    api: () => ApiProcess;
    restart: () => Promise<void>;
    seed: number;
    runs: number;
    documentsDir: () => string;
    print: (line: string) => void;
  },
): Promise<{ before: Snapshot; after: Snapshot; result: RunResult; sent: number }> {
  const before = await snapshot(ds, opts.documentsDir());
  const operations = documentedOperations().length;
  const requests = generate(ctx, opts.seed, Math.ceil(opts.runs / operations));
  opts.print(
    `hostile requests: seed ${opts.seed} (replay with HOSTILE_SEED=${opts.seed}), ${requests.length} requests over ${operations} operations`,
  );
  const result = await runHostile(requests, opts.api, { restart: opts.restart });
  opts.print(
    `answers: ${JSON.stringify(result.tally)}; per operation: ${JSON.stringify(result.perOperation)}`,
  );
  const after = await snapshot(ds, opts.documentsDir());
  return { before, after, result, sent: requests.length };
}
