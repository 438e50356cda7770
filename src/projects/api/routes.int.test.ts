import path from 'node:path';
import request from 'supertest';
import { In, type DataSource } from 'typeorm';
import { auditTrail } from '../../audit';
import { recordDeadline } from '../../deadlines';
import { OutboxEntity } from '../../outbox/data-access/outbox.entity';
import { dispatchOutbox, OutboxDispatcher, outboxSettings, type MessagePublisher } from '../../outbox';
import { paths } from '../../shared/config';
import {
  deploy,
  drainOutbox,
  eventually,
  openDataSource,
  quietLog,
  signedIn,
  testApp,
  testCamunda,
  testConfig,
  unreachableCamunda,
  workerDeps,
} from '../../shared/testing';
import { Role } from '../../users';
import { listDepartments } from '../../organisations';
import { projectBindInstanceWorker } from '../../../workers/project-bind-instance';
import { startWorkers, type RunningWorkers } from '../../../workers/runtime';
import { ProjectEntity } from '../data-access/project.entities';
import { setProjectStage } from '../domain/intake';
import { ProjectStage } from '../domain/stages';
import { upgradeBeforeAcceptance } from '../domain/submit';

const proposal = {
  title: '城市视频监控联网共享平台',
  budgetEstimate: '3850000.50',
  category: 'application-system',
  inDevelopmentPlan: true,
  participatingDepartments: ['transport'],
  // many tests submit for the same department: M7.5's quota is tested on its own below
  quotaOverrideReason: '集成测试：同一部门的多个测试项目',
};

describe('/api/projects', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let workers: RunningWorkers;
  let keySeq = 0;
  let PSB: string;
  let EDU: string;
  let OFFICER: string;
  const newKey = () => `it-${Date.now()}-${++keySeq}`;
  const settings = outboxSettings(testConfig());

  /** every project.bind-instance job handled: one per lifecycle instance started */
  const bindJobs: { projectCode: string; processInstanceKey: string }[] = [];
  const recordingBindWorker: typeof projectBindInstanceWorker = {
    ...projectBindInstanceWorker,
    handle(input, job, deps) {
      bindJobs.push({ projectCode: input.projectCode, processInstanceKey: job.processInstanceKey });
      return projectBindInstanceWorker.handle(input, job, deps);
    },
  };
  const bindJobsOf = (code: string) => bindJobs.filter((j) => j.projectCode === code);

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    PSB = await signedIn(ds, 'applicant-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    EDU = await signedIn(ds, 'applicant-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    OFFICER = await signedIn(ds, 'officer-eib', [Role.AgencyOfficer], { agencyCode: 'eib' });
    await deploy(camunda, path.join(paths.workflows, 'project-lifecycle', 'project-lifecycle.bpmn'));
    workers = await startWorkers([recordingBindWorker], {
      zeebe: camunda.zeebe,
      mode: testConfig().WORKER_MODE,
      maxJobs: 4,
      jobTimeoutMs: 30_000,
      log: quietLog(),
      deps: workerDeps(ds),
    });
  });
  afterAll(async () => {
    await workers.stop();
    await camunda.close();
    await ds.destroy();
  });

  const projectCount = () => ds.getRepository(ProjectEntity).count();
  const outboxOf = (codes: string[]) => ds.getRepository(OutboxEntity).findBy({ aggregateId: In(codes) });
  const boundProject = async (code: string) =>
    (await ds.getRepository(ProjectEntity).findBy({ code })).filter((p) => p.processInstanceKey !== null);
  const submit = (auth: string, body: object, key: string | null = newKey()) => {
    const r = request(app).post('/api/projects').set('authorization', auth);
    return (key ? r.set('idempotency-key', key) : r).send(body);
  };

  it('finds the agencies and departments seeded at start-up', async () => {
    const departments = await listDepartments(ds);
    expect(departments.length).toBeGreaterThanOrEqual(20);
    expect(departments.find((d) => d.code === 'chengguan')).toEqual({
      code: 'chengguan',
      name: '城关区',
      isCounty: true,
    });
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM agency WHERE code IN (?)', [
      ['eib', 'cac', 'secrecy', 'drc', 'finance', 'archives', 'audit', 'city-gov'],
    ]);
    expect(Number(n)).toBe(8);
  });

  it('refuses an anonymous submission with 401', async () => {
    const res = await request(app).post('/api/projects').set('idempotency-key', newKey()).send(proposal);
    expect(res.status).toBe(401);
  });

  it('registers a proposal with a lifelong code, an exact budget, an audit entry and a pending lifecycle start', async () => {
    // when the police department submits
    const res = await submit(PSB, proposal);

    // then the project exists with its code, owned by the applicant's department
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^LS-\d{4}-\d{4}$/);
    expect(res.headers.location).toBe(`/api/projects/${res.body.code}`);
    expect(res.body).toMatchObject({
      departmentCode: 'psb',
      budgetEstimate: '3850000.50',
      crossDepartment: true,
      stage: 'proposal',
      status: 'submitted',
      processInstanceKey: null,
    });
    const stored = await ds.getRepository(ProjectEntity).findOneByOrFail({ code: res.body.code });
    expect(stored.budgetEstimate).toBe('3850000.50'); // DECIMAL comes back as an exact string
    const timeline = await request(app)
      .get(`/api/projects/${res.body.code}/timeline`)
      .set('authorization', PSB);
    expect(timeline.body.events).toEqual([
      expect.objectContaining({ type: 'audit', action: 'project.submit', actor: 'applicant-psb' }),
    ]);
    expect(await ds.getRepository(OutboxEntity).findOneBy({ aggregateId: res.body.code })).toMatchObject({
      sentAt: null,
    });
  });

  it('holds a department to 2 projects a year (M7.5) unless a reason is stated', async () => {
    // given a department with no projects yet this year
    const culture = await signedIn(ds, 'applicant-culture', [Role.DepartmentApplicant], {
      departmentCode: 'culture',
    });
    const plain = { ...proposal, quotaOverrideReason: undefined };
    const first = await submit(culture, plain);
    const second = await submit(culture, plain);

    // when it submits a third without a reason, then with one
    const third = await submit(culture, plain);
    const withReason = await submit(culture, {
      ...plain,
      quotaOverrideReason: '市政府专题会议决定的紧急民生项目',
    });

    // then the first two pass, the third is refused naming M7.5, and the stated reason lets it through, audited
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(third.status).toBe(409);
    expect(third.body.detail).toMatch(
      /department culture has already submitted 2 projects in \d{4}; M7.5 allows 2 in principle/,
    );
    expect(withReason.status).toBe(201);
    const [entry] = await auditTrail(ds, 'project', withReason.body.code);
    expect(entry!.afterState).toMatchObject({ quotaOverrideReason: '市政府专题会议决定的紧急民生项目' });
  });

  it('refuses an upgrade before the earlier project passed final acceptance (T27, T26) and accepts it after', async () => {
    // given an earlier project still in its review stage
    const earlier = await submit(PSB, proposal);
    expect(earlier.status).toBe(201);
    await setProjectStage(ds, earlier.body.code, {
      stage: ProjectStage.Review,
      elementInstanceKey: `it-review-${earlier.body.code}`,
      now: new Date(),
    });
    const count = await projectCount();

    // when an upgrade of it is submitted
    const early = await submit(PSB, { ...proposal, upgradeOf: earlier.body.code });

    // then it is refused with the reason and the rule, and nothing is written
    expect(early.status).toBe(400);
    expect(early.body.detail).toBe(upgradeBeforeAcceptance(earlier.body.code, 'review'));
    expect(early.body.detail).toMatch(/has not passed final acceptance .*\(T27, T26\)/);
    expect(await projectCount()).toBe(count);

    // when the earlier project has passed final acceptance, the same upgrade is registered
    await setProjectStage(ds, earlier.body.code, {
      stage: ProjectStage.Accepted,
      elementInstanceKey: `it-accepted-${earlier.body.code}`,
      now: new Date(),
    });
    const later = await submit(PSB, { ...proposal, upgradeOf: earlier.body.code });
    expect(later.status).toBe(201);
    expect(later.body.upgradeOf).toBe(earlier.body.code);
  });

  it('records the rule set (适用办法): M by default, T when asked, and starts the lifecycle with it', async () => {
    // when one proposal leaves the rule set out and another is under the 2020 measures
    const current = await submit(PSB, proposal);
    const legacy = await submit(PSB, { ...proposal, ruleSet: 'T' });

    // then the registry and the lifecycle's start variables carry M and T
    expect([current.status, legacy.status]).toEqual([201, 201]);
    expect([current.body.ruleSet, legacy.body.ruleSet]).toEqual(['M', 'T']);
    const stored = await ds.getRepository(ProjectEntity).findOneByOrFail({ code: legacy.body.code });
    expect(stored.ruleSet).toBe('T');
    const starts = await outboxOf([current.body.code, legacy.body.code]);
    expect(Object.fromEntries(starts.map((o) => [o.aggregateId, o.payload.ruleSet]))).toEqual({
      [current.body.code]: 'M',
      [legacy.body.code]: 'T',
    });
    const listed = await request(app).get(`/api/projects?pageSize=100`).set('authorization', PSB);
    expect(listed.body.items.find((p: { code: string }) => p.code === legacy.body.code)).toMatchObject({
      ruleSet: 'T',
    });
  });

  it('gives concurrent submissions distinct, consecutive codes', async () => {
    // when ten departments' submissions arrive at once
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(PSB, proposal)));

    // then each got its own code, and the numbers leave no gap
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => Number(r.body.code.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers[9]! - numbers[0]!).toBe(9);
  });

  it('replays a resubmission with the same Idempotency-Key and refuses the key for another proposal', async () => {
    const key = newKey();
    const first = await submit(PSB, proposal, key);
    const count = await projectCount();

    const again = await submit(PSB, proposal, key);
    expect(again.status).toBe(200);
    expect(again.body.code).toBe(first.body.code);

    const other = await submit(PSB, { ...proposal, title: '另一个项目建议' }, key);
    expect(other.status).toBe(409);
    expect(other.body.detail).toMatch(/Idempotency-Key was already used for a different proposal/);
    expect(await projectCount()).toBe(count);
  });

  it.each([
    ['no Idempotency-Key', proposal, null, /Idempotency-Key: an Idempotency-Key header is required/],
    ['an unknown field', { ...proposal, approved: true }, 'k', /Unrecognized key: "approved"/],
    ['a budget as a JSON number', { ...proposal, budgetEstimate: 3850000.5 }, 'k', /not a JSON number/],
    ['a negative budget', { ...proposal, budgetEstimate: '-5.00' }, 'k', /budgetEstimate must be yuan ≥ 0/],
    ['an absurd budget', { ...proposal, budgetEstimate: '900000000000.00' }, 'k', /is not plausible/],
    ['a zero budget', { ...proposal, budgetEstimate: '0' }, 'k', /must be more than 0/],
    ['a too short title', { ...proposal, title: 'ab' }, 'k', /title needs at least 4 characters/],
    [
      'a title of four zero-width spaces',
      { ...proposal, title: '\u200B'.repeat(4) },
      'k',
      /title: title needs at least 4/,
    ],
    [
      'a quota override reason of ten zero-width spaces (M7.5)',
      { ...proposal, quotaOverrideReason: '\u200B'.repeat(10) },
      'k',
      /quotaOverrideReason: quotaOverrideReason needs at least 10/,
    ],
    [
      'a title with a right-to-left override',
      { ...proposal, title: '政务云\u202E平台扩容' },
      'k',
      /title: must not contain control, invisible or direction-changing characters \(U\+202E/,
    ],
    ['a title with a control character', { ...proposal, title: '政务云\u0007平台' }, 'k', /U\+0007/],
    [
      'an SQL string as department',
      { ...proposal, participatingDepartments: ["x'; DROP TABLE project; --"] },
      'k',
      /department codes are lowercase/,
    ],
    [
      'an unknown department',
      { ...proposal, participatingDepartments: ['nosuch'] },
      'k',
      /unknown department "nosuch"/,
    ],
    [
      'its own department as participant',
      { ...proposal, participatingDepartments: ['psb'] },
      'k',
      /cannot also be a participant/,
    ],
    [
      'a classified system',
      { ...proposal, classified: true },
      'k',
      /classified systems are not handled on this platform \(M31\)/,
    ],
    [
      'an unknown rule set',
      { ...proposal, ruleSet: 'X' },
      'k',
      /ruleSet must be M \(current measures\) or T/,
    ],
    [
      'an upgrade of no project',
      { ...proposal, upgradeOf: 'LS-1999-0001' },
      'k',
      /upgradeOf names no project "LS-1999-0001"/,
    ],
  ])('rejects a proposal with %s: 400 with the reason, nothing written', async (_what, body, key, reason) => {
    const count = await projectCount();
    const res = await submit(PSB, body, key && newKey());
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(reason);
    expect(await projectCount()).toBe(count);
  });

  it('keeps departments apart: no reading, no submitting for another department, and no leak', async () => {
    const mine = await submit(PSB, { ...proposal, participatingDepartments: [] });

    const foreign = await request(app).get(`/api/projects/${mine.body.code}`).set('authorization', EDU);
    const missing = await request(app).get('/api/projects/LS-2099-9999').set('authorization', EDU);
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe(`no project ${mine.body.code} that you may see`);
    expect(missing.status).toBe(404);
    expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(missing.body).sort());

    const list = await request(app).get('/api/projects?pageSize=100').set('authorization', EDU);
    expect(list.body.items.map((p: { code: string }) => p.code)).not.toContain(mine.body.code);

    const forOther = await submit(EDU, { ...proposal, departmentCode: 'psb' });
    expect(forOther.status).toBe(403);
    expect(forOther.body.detail).toBe('you may submit proposals only for your own department');
  });

  it('lets a participating department see a cross-department project (M9)', async () => {
    const joint = await submit(PSB, { ...proposal, participatingDepartments: ['edu'] });
    const res = await request(app).get(`/api/projects/${joint.body.code}`).set('authorization', EDU);
    expect(res.status).toBe(200);
    expect(res.body.participatingDepartments).toEqual(['edu']);
  });

  it('lists with filters, sorting and pagination for an agency officer', async () => {
    await submit(EDU, { ...proposal, participatingDepartments: [], budgetEstimate: '100.00' });
    const page = await request(app)
      .get('/api/projects?department=psb&sort=-budgetEstimate&pageSize=2&page=1')
      .set('authorization', OFFICER);
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.every((p: { departmentCode: string }) => p.departmentCode === 'psb')).toBe(true);

    const bad = await request(app)
      .get('/api/projects?sort=code;DROP TABLE project')
      .set('authorization', OFFICER);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/sort must be one of/);
  });

  it('filters by overdue deadlines and by rule id', async () => {
    // given two projects: one with an open M11.1 deadline already past due, one with a future deadline
    const late = await submit(PSB, proposal);
    const onTime = await submit(PSB, proposal);
    const deadline = (code: string, key: string, dueAt: Date) =>
      recordDeadline(
        ds,
        {
          processInstanceKey: key,
          elementInstanceKey: key,
          bpmnProcessId: 'technical-review',
          elementId: 'compute-first-review-due',
          projectCode: code,
          ruleId: 'M11.1',
          rule: { workingDays: 5 },
          startAt: new Date(dueAt.getTime() - 7 * 86_400_000),
          dueAt,
          dueDate: dueAt.toISOString().slice(0, 10),
          provisional: false,
        },
        new Date(),
      );
    await deadline(late.body.code, `${Date.now()}1`, new Date(Date.now() - 86_400_000));
    await deadline(onTime.body.code, `${Date.now()}2`, new Date(Date.now() + 86_400_000));

    const codes = async (q: string) =>
      (
        await request(app).get(`/api/projects?pageSize=100&${q}`).set('authorization', OFFICER)
      ).body.items.map((p: { code: string }) => p.code);
    const overdue = await codes('overdue=true');
    const notOverdue = await codes('overdue=false');
    const underRule = await codes('rule=M11.1');

    expect(overdue).toContain(late.body.code);
    expect(overdue).not.toContain(onTime.body.code);
    expect(notOverdue).toContain(onTime.body.code);
    expect(notOverdue).not.toContain(late.body.code);
    expect(underRule).toEqual(expect.arrayContaining([late.body.code, onTime.body.code]));
    expect(await codes('rule=M7.3')).not.toContain(late.body.code);

    const bad = await request(app)
      .get('/api/projects?rule=M11.1%27%20OR%201%3D1')
      .set('authorization', OFFICER);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/rule id must look like M11.1/);
  });

  it('starts the lifecycle from the outbox only once the cluster answers, after a back-off, and a resend starts no second lifecycle', async () => {
    // given no message due, a submitted proposal and a cluster that cannot be reached
    await drainOutbox(ds, camunda);
    const { body } = await submit(PSB, proposal);
    const unreachable = await unreachableCamunda();
    const down = await dispatchOutbox(ds, unreachable.zeebe, settings);
    await unreachable.close();

    // then the message stays pending with the reason, and the project claims no process
    expect(down).toMatchObject({ sent: 0, failed: 1 });
    const [pending] = await outboxOf([body.code]);
    expect(pending).toMatchObject({ sentAt: null, failedAt: null, attempts: 1 });
    expect(pending!.lastError).toMatch(/UNAVAILABLE/);
    expect(
      (await ds.getRepository(ProjectEntity).findOneByOrFail({ code: body.code })).processInstanceKey,
    ).toBeNull();

    // and it is not tried again before its back-off has passed
    const backOffEnds = pending!.nextAttemptAt!.getTime();
    const before = await dispatchOutbox(ds, camunda.zeebe, settings, () => new Date(backOffEnds - 1));
    expect(before).toMatchObject({ sent: 0, failed: 0 });

    // when the cluster answers once the back-off has passed
    const after = await dispatchOutbox(ds, camunda.zeebe, settings, () => new Date(backOffEnds));
    expect(after).toMatchObject({ sent: 1, failed: 0 });

    // then the lifecycle instance starts and binds itself to the project
    const [bound] = await eventually(() => boundProject(body.code));
    expect(bound).toMatchObject({ status: 'in-process' });

    // when the message is sent again (a crash before "sent" was recorded)
    await ds.getRepository(OutboxEntity).update({ aggregateId: body.code }, { sentAt: null });
    expect(await dispatchOutbox(ds, camunda.zeebe, settings)).toMatchObject({ sent: 1, failed: 0 });

    // and a later proposal's lifecycle starts after it on the cluster's one partition and is bound
    const { body: later } = await submit(PSB, proposal);
    expect(await dispatchOutbox(ds, camunda.zeebe, settings)).toMatchObject({ sent: 1 });
    await eventually(() => boundProject(later.code));

    // then the resend started no second lifecycle: a second instance would have run its bind job before the later one
    expect(bindJobsOf(later.code)).toHaveLength(1);
    expect(bindJobsOf(body.code)).toEqual([
      { projectCode: body.code, processInstanceKey: bound!.processInstanceKey },
    ]);
  });

  it('registers 20 parallel proposals while Camunda is unreachable, then starts each lifecycle exactly once', async () => {
    // given no message due, and the API's outbox dispatcher pointed at a gateway that refuses connections
    await drainOutbox(ds, camunda);
    const unreachable = await unreachableCamunda();
    const down = new OutboxDispatcher(ds, unreachable.zeebe, quietLog(), settings);
    down.start();
    const api = testApp(ds, { onProposalSubmitted: () => down.kick() });

    // when 20 proposals arrive at once
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(api)
          .post('/api/projects')
          .set('authorization', PSB)
          .set('idempotency-key', newKey())
          .send(proposal),
      ),
    );
    const elapsedMs = Date.now() - started;

    // then each is registered at once: no lock wait on the outbox, no waiting for the engine
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(elapsedMs).toBeLessThan(10_000);
    const codes = results.map((r) => r.body.code as string);
    expect(await ds.getRepository(ProjectEntity).countBy({ code: In(codes) })).toBe(20);

    // and each message stays pending with its attempts and the reason, to be retried after a back-off
    const attempted = await eventually(async () => {
      const rows = await outboxOf(codes);
      return rows.every((r) => r.attempts >= 1) ? rows : [];
    }, 30_000);
    await down.stop();
    await unreachable.close();
    expect(attempted).toHaveLength(20);
    for (const row of attempted) {
      expect(row).toMatchObject({ sentAt: null, failedAt: null, claimToken: null });
      expect(row.lastError).toMatch(/UNAVAILABLE/);
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(row.createdAt.getTime());
    }

    // when a dispatcher reaches the cluster
    const published: string[] = [];
    const counting: MessagePublisher = {
      publishMessage: (message) => {
        published.push(message.messageId!);
        return camunda.zeebe.publishMessage(message);
      },
    };
    const up = new OutboxDispatcher(ds, counting, quietLog(), settings);
    up.start();
    const bound = await eventually(async () => {
      const projects = await ds.getRepository(ProjectEntity).findBy({ code: In(codes) });
      return projects.every((p) => p.processInstanceKey !== null) ? projects : [];
    }, 60_000);
    await up.stop();

    // then each message was published once, is marked sent, and each project has one lifecycle, bound once
    expect(bound).toHaveLength(20);
    expect((await outboxOf(codes)).every((r) => r.sentAt !== null)).toBe(true);
    for (const code of codes) {
      expect(published.filter((id) => id === `lifecycle:${code}`)).toHaveLength(1);
      expect(bindJobsOf(code)).toHaveLength(1);
    }
  }, 150_000);
});
