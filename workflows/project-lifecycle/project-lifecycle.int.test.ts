/**
 * The front half of a project's lifecycle with the real workers on the real broker: proposals
 * submitted through the API (and through the Tasklist start form), the intake checks, the urgent
 * path, the pre-review and annual-plan answers by message, revision rounds, and the review stage
 * (the document path, the materials check, technical-review, the county's approval) up to the approval. User tasks are found in the broker's exported records and completed through its
 * REST API, as Tasklist does. The top-level routing also runs with the called processes replaced
 * by stubs.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { DepartmentEntity } from '../../src/organisations/data-access/organisation.entities';
import { ProjectEntity } from '../../src/projects/data-access/project.entities';
import { JobType, MessageName, ProcessId } from '../../src/shared/bpmn';
import { deployResources } from '../../src/shared/camunda';
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
  workerDeps,
  processCopy,
} from '../../src/shared/testing';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { Role } from '../../src/users';
import { workers } from '../../workers/registry';
import { startWorkers, type RunningWorkers } from '../../workers/runtime';

const here = (...p: string[]) => path.join(__dirname, '..', ...p);
const files = [
  here('project-lifecycle', 'project-lifecycle.bpmn'),
  here('project-lifecycle', 'lifecycle-revise-or-withdraw.form'),
  here('project-intake', 'project-intake.bpmn'),
  here('project-intake', 'department-quota.dmn'),
  here('project-intake', 'intake-city-gov-approval.form'),
  here('project-intake', 'intake-quota-override.form'),
  here('project-intake', 'intake-joint-framework.form'),
  here('urgent-project', 'urgent-project.bpmn'),
  here('urgent-project', 'urgent-implementation-plan.form'),
  here('urgent-project', 'urgent-city-gov-approval.form'),
  here('urgent-project', 'urgent-eib-filing.form'),
  here('proposal-start', 'proposal-start.bpmn'),
  here('proposal-start', 'proposal-start-form.form'),
  here('proposal-start', 'proposal-start-confirmation.form'),
  here('project-lifecycle', 'lifecycle-submit-review-materials.form'),
  here('project-lifecycle', 'lifecycle-county-approval.form'),
  here('decisions', 'document-path.dmn'),
  here('decisions', 'change-route.dmn'),
  here('decisions', 'settlement-review-route.dmn'),
  // the stages after the approval (an urgent project goes to procurement right after its filing)
  ...[
    'technical-review',
    'technical-review-2020',
    'procurement',
    'construction',
    'acceptance',
    'settlement-review',
    'performance-evaluation',
    'om-funding',
    'mlps-testing',
  ].flatMap((folder) =>
    fs
      .readdirSync(path.join(__dirname, '..', folder))
      .filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))
      .map((f) => here(folder, f)),
  ),
];

describe('project-lifecycle with the real workers', () => {
  const camunda = testCamunda();
  const tasks = userTasks();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let running: RunningWorkers;
  let seq = 0;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    await deploy(camunda, ...files);
    running = await startWorkers(workers, {
      zeebe: camunda.zeebe,
      mode: testConfig().WORKER_MODE,
      maxJobs: 8,
      jobTimeoutMs: 30_000,
      log: quietLog(),
      deps: workerDeps(ds),
    });
  });
  afterAll(async () => {
    await running.stop();
    await camunda.close();
    await ds.destroy();
  });

  /** A department of its own (so the M7.5 count starts at zero) and an applicant of it. */
  async function department(isCounty = false): Promise<{ code: string; auth: string }> {
    seq += 1;
    const code = `itl-${Date.now().toString(36)}-${seq}`;
    await ds.getRepository(DepartmentEntity).insert({ code, name: `集成测试部门 ${code}`, isCounty });
    return {
      code,
      auth: await signedIn(ds, `app-${code}`, [Role.DepartmentApplicant], { departmentCode: code }),
    };
  }

  const proposal = (overrides: object = {}) => ({
    title: '生命周期测试项目',
    budgetEstimate: '2000000.00',
    category: 'application-system',
    inDevelopmentPlan: true,
    ...overrides,
  });

  /** Submits through the API and sends the outbox, as the API process does right after a submission. */
  async function submit(auth: string, overrides: object = {}) {
    const res = await request(app)
      .post('/api/projects')
      .set('authorization', auth)
      .set('idempotency-key', `lc-${Date.now()}-${Math.random().toString(36).slice(2)}`)
      .send(proposal(overrides));
    if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
    await drainOutbox(ds, camunda);
    return res.body.code as string;
  }

  const project = (code: string) => ds.getRepository(ProjectEntity).findOneByOrFail({ code });
  async function stageOf(code: string, stage: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = await project(code);
      if (p.stage === stage) return p;
      if (Date.now() > deadline) throw new Error(`${code} is at stage ${p.stage}, not ${stage}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const stageEntries = async (code: string) =>
    (await auditTrail(ds, 'project', code))
      .filter((e) => e.action === 'project.stage')
      .map(
        (e) =>
          e.afterState as { stage: string; reason: string | null; rule: string | null; round: number | null },
      );
  const publish = (name: string, code: string, variables: Record<string, string | number | boolean | null>) =>
    camunda.zeebe.publishMessage({
      name,
      correlationKey: code,
      timeToLive: 60_000,
      variables: variables as never,
    });
  /** A project of its own department, passed by the pre-review and included in the annual plan. */
  async function inReviewStage(overrides: object = {}, isCounty = false) {
    const dept = await department(isCounty);
    const code = await submit(dept.auth, overrides);
    await stageOf(code, 'awaiting-pre-review');
    await publish(MessageName.PreReviewDecided, code, {
      preReviewPassed: true,
      preReviewReasons: null,
      planYear: 2028,
      preReviewRound: 1,
    });
    await stageOf(code, 'awaiting-annual-plan');
    await publish(MessageName.AnnualPlanDecided, code, { includedInPlan: true, planExclusionReason: null });
    await stageOf(code, 'review');
    return { code, auth: dept.auth, departmentCode: dept.code };
  }

  const pdf = Buffer.from('%PDF-1.7\n评审材料\n%%EOF\n');
  async function upload(auth: string, code: string, ...types: string[]) {
    for (const type of types) {
      const res = await request(app)
        .post(`/api/projects/${code}/documents`)
        .set('authorization', auth)
        .field('type', type)
        .attach('file', pdf, `${type}.pdf`);
      expect(res.status).toBe(201);
    }
  }
  const allDocuments = ['feasibility-study', 'preliminary-design', 'cryptography-plan'];
  const declaration = {
    materialsSummary: '评审材料清单',
    softwarePurchase: false,
    originalDevelopment: false,
  };

  /** The task of `elementId` opened after the one with key `previous` ended (a loop back). */
  async function reopened(code: string, elementId: string, previous: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const next = (await tasks.openTasks(code)).find(
        (t) => t.elementId === elementId && t.userTaskKey !== previous,
      );
      if (next) return next;
      if (Date.now() > deadline) throw new Error(`${elementId} of ${code} did not open again`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  /** The problems the materials check returned to the department, as its form shows them. */
  const problemsShown = async (processInstanceKey: string) =>
    String(await tasks.variableWhenSet(processInstanceKey, 'materialsProblems'));

  async function incidentNaming(code: string, variable: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await tasks.incidents(code)).find((i) => i.errorMessage.includes(variable));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no incident naming ${variable} for ${code}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('refuses a proposal that asks for a machine room, with the M8 reason in its timeline', async () => {
    const { auth } = await department();
    const code = await submit(auth, { requestsMachineRoom: true });

    await stageOf(code, 'refused');

    const refused = (await stageEntries(code)).find((e) => e.stage === 'refused');
    expect(refused?.reason).toContain('不得新建、改扩建信息化机房');
    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', auth);
    expect(timeline.body.events).toContainEqual(
      expect.objectContaining({ action: 'project.stage', stage: 'refused', reason: refused!.reason }),
    );
  });

  it("blocks a department's third proposal of the year: refused at the API without a reason, and with one it waits for the EIB, which must give a written reason", async () => {
    // given a department with two proposals this year
    const dept = await department();
    const first = await submit(dept.auth);
    await submit(dept.auth);
    await stageOf(first, 'awaiting-pre-review');

    // when a third comes without a reason, then the API refuses it (M7.5)
    const refused = await request(app)
      .post('/api/projects')
      .set('authorization', dept.auth)
      .set('idempotency-key', `lc-third-${Date.now()}`)
      .send(proposal());
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/quotaOverrideReason/);

    // when it comes with the department's reason, then the intake waits for an EIB officer
    const third = await submit(dept.auth, { quotaOverrideReason: '防汛应急指挥系统须在汛期前建成' });
    const [override] = await tasks.waitFor(third, 'decide-quota-override');
    expect(override!.candidateGroups).toEqual(['eib']);
    expect((await project(third)).stage).toBe('intake');
    // and the officer's task has the department's own reason among its facts (the form shows it)
    expect(await tasks.variableWhenSet(override!.processInstanceKey, 'quotaOverrideReason')).toBe(
      '防汛应急指挥系统须在汛期前建成',
    );

    // when the officer overrides without a written reason, then the worker refuses it: an incident naming the variable
    await tasks.complete(override!.userTaskKey, { quotaOverridden: true, quotaDecisionReason: '' });
    const incident = await incidentNaming(third, 'quotaDecisionReason');
    expect(incident.elementId).toBe('record-quota-decision');
    expect((await project(third)).stage).toBe('intake');

    // and a fourth, overridden with a reason, passes to the pre-review
    const fourth = await submit(dept.auth, { quotaOverrideReason: '防汛应急指挥系统须在汛期前建成' });
    const [task] = await tasks.waitFor(fourth, 'decide-quota-override');
    await tasks.complete(task!.userTaskKey, {
      quotaOverridden: true,
      quotaDecisionReason: '汛期安全需要，经局务会研究同意特批',
    });
    await stageOf(fourth, 'awaiting-pre-review');
  });

  it('asks the City Government to approve a project outside the development plan (M6), and refuses it when not approved, with the opinion', async () => {
    const { auth } = await department();
    const code = await submit(auth, { inDevelopmentPlan: false });

    const [approval] = await tasks.waitFor(code, 'approve-new-project');
    expect(approval).toMatchObject({
      candidateGroups: ['city-gov'],
      bpmnProcessId: ProcessId.ProjectIntake,
      priority: 50,
    });
    await tasks.complete(approval!.userTaskKey, {
      cityGovApproved: false,
      cityGovOpinion: '与既有平台功能重复',
    });

    await stageOf(code, 'refused');
    expect((await stageEntries(code)).find((e) => e.stage === 'refused')?.reason).toContain(
      '与既有平台功能重复',
    );
  });

  it('waits until every participating department has confirmed the joint framework (M9, 会签)', async () => {
    const lead = await department();
    const a = await department();
    const b = await department();
    const code = await submit(lead.auth, { participatingDepartments: [a.code, b.code] });

    const confirmations = await tasks.waitFor(code, 'confirm-joint-framework', 2);
    expect(confirmations.map((t) => t.candidateGroups[0]).sort()).toEqual([a.code, b.code].sort());
    const taskOf = (dept: string) => confirmations.find((t) => t.candidateGroups[0] === dept)!;

    // when one department confirms, then the project still waits for the other
    await tasks.complete(taskOf(a.code).userTaskKey, { frameworkConfirmed: true });
    const deadline = Date.now() + 30_000;
    let open = await tasks.openTasks(code);
    while (open.length !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      open = await tasks.openTasks(code);
    }
    expect(open.map((t) => t.userTaskKey)).toEqual([taskOf(b.code).userTaskKey]);
    expect((await project(code)).stage).toBe('intake');

    // when the other confirms too, then it goes to the pre-review
    await tasks.complete(taskOf(b.code).userTaskKey, { frameworkConfirmed: true });
    await stageOf(code, 'awaiting-pre-review');
    const decision = (await auditTrail(ds, 'project', code)).find(
      (e) => e.action === 'project.decision.joint-framework',
    );
    expect(decision?.afterState).toMatchObject({
      rule: 'M9',
      passed: true,
      frameworkConfirmations: [a.code, b.code].map((department) =>
        expect.objectContaining({ department, confirmed: true }),
      ),
    });
  });

  it('runs a failed pre-review, a revision round with the same code, a passed one, the annual plan, and the technical review up to the approval', async () => {
    const { auth } = await department();
    const code = await submit(auth);
    await stageOf(code, 'awaiting-pre-review');

    // pre-review round 1 fails: the department is told why and resubmits
    await publish(MessageName.PreReviewDecided, code, {
      preReviewPassed: false,
      preReviewReasons: '网络和数据安全投入比例不足',
      planYear: null,
      preReviewRound: 1,
    });
    await stageOf(code, 'revising');
    const [revise] = await tasks.waitFor(code, 'revise-or-withdraw');
    expect(revise!.candidateGroups).toEqual([(await project(code)).departmentCode]);
    await tasks.complete(revise!.userTaskKey, {
      revisionAction: 'resubmit',
      revisionNote: '已补充网络安全投入测算',
    });
    await stageOf(code, 'awaiting-pre-review');

    // round 2 passes: plan year recorded; the annual plan includes it: hand-off to review
    await publish(MessageName.PreReviewDecided, code, {
      preReviewPassed: true,
      preReviewReasons: null,
      planYear: 2028,
      preReviewRound: 2,
    });
    expect((await stageOf(code, 'awaiting-annual-plan')).planYear).toBe(2028);
    await publish(MessageName.AnnualPlanDecided, code, { includedInPlan: true, planExclusionReason: null });
    await stageOf(code, 'review');

    const stages = await stageEntries(code);
    expect(stages.map((s) => s.stage)).toEqual([
      'intake',
      'awaiting-pre-review',
      'revising',
      'awaiting-pre-review',
      'awaiting-annual-plan',
      'review',
    ]);
    expect(stages[2]).toMatchObject({ reason: '网络和数据安全投入比例不足', round: 1 });
    expect(stages[3]).toMatchObject({ round: 2 });

    // the department submits its review materials without uploading them: the check (M10.1) returns
    // the task with every missing document named, and the EIB's review does not start
    const [materials] = await tasks.waitFor(code, 'submit-review-materials');
    expect(materials!.candidateGroups).toEqual([(await project(code)).departmentCode]);
    expect(await tasks.variableWhenSet(materials!.processInstanceKey, 'documentPath')).toBe(
      'feasibility-study',
    );
    await tasks.complete(materials!.userTaskKey, declaration);
    const again = await reopened(code, 'submit-review-materials', materials!.userTaskKey);
    const problems = await problemsShown(again.processInstanceKey);
    for (const missing of ['可行性研究报告', '初步设计', '密码应用方案']) expect(problems).toContain(missing);
    expect((await tasks.openTasks(code)).map((t) => t.elementId)).toEqual(['submit-review-materials']);
    expect((await project(code)).stage).toBe('review');

    // uploaded and submitted again: the EIB reviews them in technical-review
    await upload(auth, code, ...allDocuments);
    await tasks.complete(again.userTaskKey, declaration);
    const [review] = await tasks.waitFor(code, 'first-review');
    expect(review).toMatchObject({ bpmnProcessId: 'technical-review', candidateGroups: ['eib'] });
    await tasks.complete(review!.userTaskKey, { reviewPassed: true, reviewOpinion: '材料齐全，同意通过' });
    const [report] = await tasks.waitFor(code, 'issue-review-report');
    await tasks.complete(report!.userTaskKey, { approvalReference: '经信批〔2028〕3号' });
    // approved (M11.2), then straight on to procurement (M12): the department's tender results
    await stageOf(code, 'procurement');
    expect((await stageEntries(code)).slice(-2)).toMatchObject([
      { stage: 'approved', rule: 'M11.2' },
      { stage: 'procurement', rule: 'M12' },
    ]);
    // the same project, one code, its whole history kept
    expect((await project(code)).code).toBe(code);
  }, 120_000);

  it('lets a single-scope, simple project of 9 999 999.99 yuan submit an implementation plan in place of the feasibility study (M10.2), but not one of 10 000 000.00', async () => {
    // given two single-scope projects with simple technology on either side of 10 M yuan (exclusive)
    const below = await inReviewStage({
      budgetEstimate: '9999999.99',
      singleScope: true,
      simpleTechnology: true,
    });
    const at = await inReviewStage({
      budgetEstimate: '10000000.00',
      singleScope: true,
      simpleTechnology: true,
    });

    // when both upload an implementation plan and the cryptography plan and submit
    const submitted = [];
    for (const p of [below, at]) {
      await upload(p.auth, p.code, 'implementation-plan', 'cryptography-plan');
      const [materials] = await tasks.waitFor(p.code, 'submit-review-materials');
      await tasks.complete(materials!.userTaskKey, declaration);
      submitted.push(materials!);
    }
    const [belowTask, atTask] = submitted;

    // then the one below the threshold is on the simplified path and goes to the EIB's review
    expect(await tasks.variableWhenSet(belowTask!.processInstanceKey, 'documentPath')).toBe(
      'preliminary-design-or-implementation-plan',
    );
    const [review] = await tasks.waitFor(below.code, 'first-review');
    expect(review!.bpmnProcessId).toBe('technical-review');
    // and the one at 10 M yuan needs the feasibility study and the preliminary design (M10.1)
    expect(await tasks.variableWhenSet(atTask!.processInstanceKey, 'documentPath')).toBe('feasibility-study');
    const again = await reopened(at.code, 'submit-review-materials', atTask!.userTaskKey);
    const problems = await problemsShown(again.processInstanceKey);
    expect(problems).toMatch(/缺少可行性研究报告（M10\.1）/);
    expect(problems).toMatch(/缺少初步设计（M10\.1）/);
    expect(problems).not.toContain('密码应用方案');
  }, 180_000);

  it('returns materials with fewer than three quotes for off-the-shelf software, or original development without a written reason (M11.6)', async () => {
    // given a project in the review stage with all its documents uploaded
    const { code, auth } = await inReviewStage();
    await upload(auth, code, ...allDocuments);
    const [materials] = await tasks.waitFor(code, 'submit-review-materials');

    // when it declares two quotes and original development without a reason
    await tasks.complete(materials!.userTaskKey, {
      ...declaration,
      softwarePurchase: true,
      quoteCount: 2,
      originalDevelopment: true,
      originalDevelopmentJustification: ' ',
    });

    // then both problems come back to the department and the review does not start
    const again = await reopened(code, 'submit-review-materials', materials!.userTaskKey);
    const problems = await problemsShown(again.processInstanceKey);
    expect(problems).toContain('三家以上比价资料（M11.6），现有 2 家');
    expect(problems).toContain('书面说明理由');
    expect(problems).not.toContain('缺少');
    expect(await tasks.incidents(code)).toEqual([]);

    // when it corrects both, the EIB's review starts (positive control)
    await tasks.complete(again.userTaskKey, {
      ...declaration,
      softwarePurchase: true,
      quoteCount: 3,
      originalDevelopment: true,
      originalDevelopmentJustification: '涉密业务规则无成品软件可满足，须定制开发核心模块',
    });
    const [review] = await tasks.waitFor(code, 'first-review');
    expect(review!.bpmnProcessId).toBe('technical-review');
  }, 180_000);

  it('has a county project reviewed by the EIB and approved by the county on that basis, without a second review (M11.7), in the same lifecycle as a city project (M29)', async () => {
    // given a county's project in the review stage, its materials complete
    const { code, auth, departmentCode } = await inReviewStage({ county: true }, true);
    await upload(auth, code, ...allDocuments);
    const [materials] = await tasks.waitFor(code, 'submit-review-materials');
    await tasks.complete(materials!.userTaskKey, declaration);

    // when the EIB's review passes and its report is issued
    const [review] = await tasks.waitFor(code, 'first-review');
    await tasks.complete(review!.userTaskKey, {
      reviewPassed: true,
      reviewOpinion: '受县审批部门委托评审，同意通过',
    });
    const [report] = await tasks.waitFor(code, 'issue-review-report');
    await tasks.complete(report!.userTaskKey, { approvalReference: '经信评〔2028〕9号' });

    // then the county's approval department approves on that basis: its only task, no review decision in it
    const [county] = await tasks.waitFor(code, 'county-approval');
    expect(county!.candidateGroups).toEqual([departmentCode]);
    expect((await tasks.openTasks(code)).map((t) => t.elementId)).toEqual(['county-approval']);
    expect((await project(code)).stage).toBe('review');
    await tasks.complete(county!.userTaskKey, { countyApprovalReference: '城关审批〔2028〕1号' });
    await stageOf(code, 'procurement');
    expect((await stageEntries(code)).map((e) => e.stage)).toContain('approved');
    // and the lifecycle carries the county's approval (the exporter may lag behind the stage)
    const approval = await eventually(async () => {
      const value = await tasks.variableOf(county!.processInstanceKey, 'approvalReference');
      return value === '城关审批〔2028〕1号' ? [value] : [];
    });
    expect(approval).toEqual(['城关审批〔2028〕1号']);
  }, 180_000);

  it('reviews a project under the 2020 measures with technical-review-2020 (T22), and one under the current rules with technical-review', async () => {
    // given a project under the 2020 measures and one under the current rules, materials complete
    const old = await inReviewStage({ ruleSet: 'T' });
    const current = await inReviewStage();
    for (const p of [old, current]) {
      await upload(p.auth, p.code, ...allDocuments);
      const [materials] = await tasks.waitFor(p.code, 'submit-review-materials');
      await tasks.complete(materials!.userTaskKey, declaration);
    }
    // then each is reviewed by its own rules' process
    const [t] = await tasks.waitFor(old.code, 'conformance-review');
    expect(t).toMatchObject({ bpmnProcessId: 'technical-review-2020', candidateGroups: ['eib'] });
    const [m] = await tasks.waitFor(current.code, 'first-review');
    expect(m!.bpmnProcessId).toBe('technical-review');
    expect((await tasks.openTasks(old.code)).map((x) => x.elementId)).toEqual(['conformance-review']);
  }, 180_000);

  it('ends an excluded project with the reason in its timeline, and a withdrawn one with its reason', async () => {
    const { auth } = await department();
    const excluded = await submit(auth);
    const withdrawn = await submit(auth);
    await stageOf(excluded, 'awaiting-pre-review');
    await stageOf(withdrawn, 'awaiting-pre-review');

    await publish(MessageName.PreReviewDecided, excluded, {
      preReviewPassed: true,
      preReviewReasons: null,
      planYear: 2028,
      preReviewRound: 1,
    });
    await stageOf(excluded, 'awaiting-annual-plan');
    await publish(MessageName.AnnualPlanDecided, excluded, {
      includedInPlan: false,
      planExclusionReason: '年度资金不足，列入后续年度统筹',
    });
    await stageOf(excluded, 'excluded');
    expect((await stageEntries(excluded)).at(-1)?.reason).toBe('年度资金不足，列入后续年度统筹');
    // and its department is told why, in the notifications its applicants read; another is not
    const notices = (as: string) =>
      request(app)
        .get('/api/notifications')
        .query({ projectCode: excluded, kind: 'project-decision' })
        .set('authorization', as);
    // (the worker records the stage, then notifies: the notice may follow the stage by a moment)
    const told = await eventually(async () => {
      const res = await notices(auth);
      expect(res.status).toBe(200);
      return res.body.items as { taskName: string }[];
    });
    expect(told).toHaveLength(1);
    expect(told[0]!.taskName).toMatch(/^项目未纳入年度计划：.*。原因：年度资金不足，列入后续年度统筹$/);
    expect((await notices((await department()).auth)).body.items).toEqual([]);

    await publish(MessageName.PreReviewDecided, withdrawn, {
      preReviewPassed: false,
      preReviewReasons: '建设内容与已建系统重复',
      planYear: null,
      preReviewRound: 1,
    });
    const [revise] = await tasks.waitFor(withdrawn, 'revise-or-withdraw');
    await tasks.complete(revise!.userTaskKey, {
      revisionAction: 'withdraw',
      revisionNote: '并入市级平台统一建设',
    });
    await stageOf(withdrawn, 'withdrawn');
    expect((await stageEntries(withdrawn)).at(-1)?.reason).toContain('并入市级平台统一建设');
  });

  it('cannot reach implementation on the urgent path before the filing with the EIB (M7.6)', async () => {
    const { code: dept, auth } = await department();
    const code = await submit(auth, { urgent: true });
    await stageOf(code, 'urgent');

    const [plan] = await tasks.waitFor(code, 'prepare-implementation-plan');
    expect(plan).toMatchObject({
      candidateGroups: [dept],
      bpmnProcessId: ProcessId.UrgentProject,
      priority: 90,
    });
    await tasks.complete(plan!.userTaskKey, { implementationPlanSummary: '应急指挥平台扩容，三个月内上线' });
    const [approval] = await tasks.waitFor(code, 'approve-urgent-project');
    expect(approval!.candidateGroups).toEqual(['city-gov']);
    await tasks.complete(approval!.userTaskKey, {
      urgentApproved: true,
      urgentApprovalOpinion: '同意按急需项目实施',
    });

    // approved, but not filed: the project waits at the filing and is not in implementation
    const [filing] = await tasks.waitFor(code, 'file-with-eib');
    expect(filing!.candidateGroups).toEqual(['eib']);
    expect((await project(code)).stage).toBe('urgent');

    // a filing without its reference is refused by the worker: still no implementation
    await tasks.complete(filing!.userTaskKey, { filingReference: '' });
    await incidentNaming(code, 'filingReference');
    expect((await project(code)).stage).toBe('urgent');
    expect((await stageEntries(code)).map((s) => s.stage)).not.toContain('implementation');
  });

  it('takes a filed urgent project to implementation and on to procurement, skipping the pre-review and the annual plan', async () => {
    const { auth } = await department();
    const code = await submit(auth, { urgent: true });
    for (const [element, variables] of [
      ['prepare-implementation-plan', { implementationPlanSummary: '应急指挥平台扩容，三个月内上线' }],
      ['approve-urgent-project', { urgentApproved: true, urgentApprovalOpinion: '同意' }],
      ['file-with-eib', { filingReference: '经信备〔2026〕12号' }],
    ] as const) {
      const [task] = await tasks.waitFor(code, element);
      await tasks.complete(task!.userTaskKey, variables);
    }
    // then it is implemented directly: its tender results are the department's next task (M12)
    await stageOf(code, 'procurement');
    expect((await stageEntries(code)).map((s) => s.stage)).toEqual([
      'intake',
      'urgent',
      'implementation',
      'procurement',
    ]);
    const [tender] = await tasks.waitFor(code, 'record-tender-results');
    expect(tender).toMatchObject({ bpmnProcessId: 'procurement' });
  });

  it('gives a proposal started from the Tasklist start form the same code series and the same checks as an API one', async () => {
    const dept = await department();
    const viaApi = await submit(dept.auth, { requestsMachineRoom: true });
    // given the start form filled in (as Tasklist starts the process with the form's variables)
    const started = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.ProposalStart,
      variables: {
        title: '经 Tasklist 提交的项目',
        departmentCode: dept.code,
        budgetEstimate: '2000000.00',
        category: 'application-system',
        participatingDepartmentCodes: '',
        inDevelopmentPlan: true,
        requestsMachineRoom: true,
        classified: false,
        urgent: false,
        quotaOverrideReason: '',
      },
    });
    // when the department's own group confirms the submission
    const confirm = await waitForStartTask(started.processInstanceKey);
    expect(confirm.candidateGroups).toEqual([dept.code]);
    await tasks.complete(confirm.userTaskKey, { submissionConfirmed: true });

    // then it is registered like the API's (same series, submitted for the department) …
    const viaTasklist = await registeredBy(`tasklist:${dept.code}`);
    expect(viaTasklist.code).toMatch(/^LS-\d{4}-\d{4}$/);
    expect(viaTasklist.code.slice(0, 8)).toBe(viaApi.slice(0, 8));
    expect(viaTasklist.departmentCode).toBe(dept.code);
    // … and the lifecycle refuses both for the same reason (M8)
    await drainOutbox(ds, camunda);
    await stageOf(viaApi, 'refused');
    await stageOf(viaTasklist.code, 'refused');
    expect((await stageEntries(viaTasklist.code)).at(-1)?.reason).toBe(
      (await stageEntries(viaApi)).at(-1)?.reason,
    );
  });

  it('ends a Tasklist-started classified proposal as not registered (M31, M29), and one the department does not confirm without a record', async () => {
    const dept = await department();
    const form = {
      title: '涉密系统测试',
      departmentCode: dept.code,
      budgetEstimate: '1000000.00',
      category: 'network',
    };
    const classified = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.ProposalStart,
      variables: { ...form, classified: true },
    });
    const cancelled = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.ProposalStart,
      variables: { ...form, title: '未确认的项目' },
    });
    await tasks.complete((await waitForStartTask(classified.processInstanceKey)).userTaskKey, {
      submissionConfirmed: true,
    });
    await tasks.complete((await waitForStartTask(cancelled.processInstanceKey)).userTaskKey, {
      submissionConfirmed: false,
    });

    // then neither is in the registry: the classified one ended at the refusal with the M31 reason
    const reason = await variableOf(classified.processInstanceKey, 'proposalRefusalReason');
    expect(reason).toMatch(/M31/);
    expect(await ds.getRepository(ProjectEntity).countBy({ departmentCode: dept.code })).toBe(0);
  });

  /** The confirmation task of a start-form instance (it has no project code yet). */
  async function waitForStartTask(processInstanceKey: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await tasks.tasksOfInstance(processInstanceKey);
      if (found[0]) return found[0];
      if (Date.now() > deadline) throw new Error(`no confirmation task in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  async function registeredBy(username: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const p = await ds.getRepository(ProjectEntity).findOneBy({ submittedBy: username });
      if (p) return p;
      if (Date.now() > deadline) throw new Error(`no project submitted by ${username}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  async function variableOf(processInstanceKey: string, name: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await tasks.variableOf(processInstanceKey, name);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no variable ${name} in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
});

/**
 * The top-level routing with the called processes replaced: a copy of the lifecycle under its own
 * process id, messages, called process ids and job types. The stubs of project-intake and
 * urgent-project only set their outcome variables from the facts passed in; the stub of procurement
 * waits, so a run stops there. In-test workers bind the instance and record each stage.
 */
describe('project-lifecycle (called processes replaced)', () => {
  const tag = `it${Date.now().toString(36)}`;
  const processId = `${tag}-project-lifecycle`;
  const submitted = `${tag}-proposal-submitted`;
  const procurementWaits = `${tag}.procurement-waits`;
  type Vars = Record<string, unknown>;
  const camunda = testCamunda();
  const tasks = userTasks();
  const closers: (() => Promise<unknown>)[] = [];
  /** Per project code: its lifecycle instance and the stages recorded, with their reasons. */
  const instances: Record<string, string> = {};
  const stages: Record<string, { stage: string; reason: unknown }[]> = {};
  let seq = 0;

  /** A called process that sets each variable from its FEEL expression in turn (XML-escaped), then waits for a job of type `wait` if given. */
  const stub = (id: string, outputs: [string, string][], wait?: string) => {
    const ids = ['s', ...outputs.map((_, i) => `t${i}`), ...(wait ? ['w'] : []), 'e'];
    const links = (i: number) =>
      (i > 0 ? `<bpmn:incoming>f${i - 1}</bpmn:incoming>` : '') +
      (i < ids.length - 1 ? `<bpmn:outgoing>f${i}</bpmn:outgoing>` : '');
    const nodes = ids.map((node, i) => {
      if (node === 's') return `<bpmn:startEvent id="s">${links(i)}</bpmn:startEvent>`;
      if (node === 'e') return `<bpmn:endEvent id="e">${links(i)}</bpmn:endEvent>`;
      if (node === 'w')
        return `<bpmn:serviceTask id="w"><bpmn:extensionElements><zeebe:taskDefinition type="${wait}" /></bpmn:extensionElements>${links(i)}</bpmn:serviceTask>`;
      const [variable, expression] = outputs[i - 1]!;
      return `<bpmn:scriptTask id="${node}"><bpmn:extensionElements><zeebe:script expression="=${expression}" resultVariable="${variable}" /></bpmn:extensionElements>${links(i)}</bpmn:scriptTask>`;
    });
    const flows = ids
      .slice(1)
      .map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}" />`);
    return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${id}-definitions" targetNamespace="http://egov-approvals/test">
  <bpmn:process id="${id}" isExecutable="true">${nodes.join('')}${flows.join('')}</bpmn:process>
</bpmn:definitions>`;
  };

  beforeAll(async () => {
    const xml = processCopy(
      here('project-lifecycle', 'project-lifecycle.bpmn'),
      'project-lifecycle',
      processId,
    )
      .replace(/name="(proposal-submitted|pre-review-decided|annual-plan-decided)"/g, `name="${tag}-$1"`)
      .replace(/processId="(project-intake|urgent-project|procurement)"/g, `processId="${tag}-$1"`)
      .replace(/<zeebe:taskDefinition type="/g, `<zeebe:taskDefinition type="${tag}.`);
    const refused = 'classified = true';
    const rejected = 'projectTitle = &quot;不批准&quot;';
    await deployResources(camunda.zeebe, [
      { name: `${processId}.bpmn`, content: xml },
      {
        name: `${tag}-project-intake.bpmn`,
        content: stub(`${tag}-project-intake`, [
          ['intakeOutcome', `if ${refused} then &quot;refused&quot; else &quot;accepted&quot;`],
          ['refusalRule', `if ${refused} then &quot;M31&quot; else null`],
          ['refusalReason', `if ${refused} then &quot;涉密项目不在本平台办理&quot; else null`],
        ]),
      },
      {
        name: `${tag}-urgent-project.bpmn`,
        content: stub(`${tag}-urgent-project`, [
          ['urgentOutcome', `if ${rejected} then &quot;rejected&quot; else &quot;filed&quot;`],
          ['refusalReason', `if ${rejected} then &quot;不属急需&quot; else null`],
        ]),
      },
      { name: `${tag}-procurement.bpmn`, content: stub(`${tag}-procurement`, [], procurementWaits) },
    ]);
    const bind = camunda.zeebe.createWorker<Vars, Vars, Vars>({
      taskType: `${tag}.${JobType.ProjectBindInstance}`,
      taskHandler: (job) => {
        instances[String(job.variables.projectCode)] = job.processInstanceKey;
        return job.complete({ lifecycleBound: true });
      },
    });
    const stage = camunda.zeebe.createWorker<Vars, Vars, Vars>({
      taskType: `${tag}.${JobType.ProjectSetStage}`,
      taskHandler: (job) => {
        (stages[String(job.variables.projectCode)] ??= []).push({
          stage: String(job.customHeaders.stage),
          reason: job.variables.stageReason ?? null,
        });
        return job.complete({});
      },
    });
    closers.push(
      () => bind.close(),
      () => stage.close(),
    );
  });
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    // the runs left waiting (at procurement or the pre-review)
    for (const key of Object.values(instances))
      await camunda.zeebe.cancelProcessInstance(key).catch(() => undefined);
    await camunda.close();
  });

  /** Submits a proposal (the outbox's start message) with `facts`; answers its code. */
  async function submit(facts: Vars) {
    seq += 1;
    const projectCode = `LS-2099-${7000 + seq}-${tag}`.slice(0, 32);
    await camunda.zeebe.publishMessage({
      name: submitted,
      correlationKey: projectCode,
      timeToLive: 0,
      variables: {
        projectCode,
        departmentCode: 'psb',
        projectTitle: '路由测试项目',
        budgetEstimate: '1000000.00',
        category: 'network',
        urgent: false,
        county: false,
        singleScope: false,
        simpleTechnology: false,
        classified: false,
        ruleSet: 'M',
        ...facts,
      },
    });
    return projectCode;
  }
  /** The stages recorded for a project once there are `count` of them (polls). */
  async function stagesOf(code: string, count: number) {
    const deadline = Date.now() + 30_000;
    while ((stages[code]?.length ?? 0) < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    return stages[code] ?? [];
  }

  it('ends refused, with the intake’s reason, when the intake refuses the proposal', async () => {
    const code = await submit({ classified: true });

    const ran = await tasks.completedElements(await instanceOf(code));
    expect(ran).toContain('proposal-refused');
    expect(ran).not.toContain('is-urgent');
    expect(await stagesOf(code, 2)).toEqual([
      { stage: 'intake', reason: null },
      { stage: 'refused', reason: '涉密项目不在本平台办理' },
    ]);
  });

  it('takes an urgent project, once filed, straight to implementation and procurement, skipping the pre-review and the annual plan', async () => {
    const code = await submit({ urgent: true });

    // then the lifecycle reached the procurement it calls …
    const deadline = Date.now() + 30_000;
    let procurement: Vars | undefined;
    while (!procurement && Date.now() < deadline) {
      const jobs = await camunda.zeebe.activateJobs<Vars, Vars>({
        type: procurementWaits,
        worker: 'lifecycle-test',
        maxJobsToActivate: 10,
        timeout: 600_000,
        requestTimeout: 2_000,
      });
      procurement = jobs.map((j) => j.variables).find((v) => v.projectCode === code);
    }
    expect(procurement).toMatchObject({ projectCode: code, departmentCode: 'psb' });
    // … through these stages only
    expect((await stagesOf(code, 4)).map((s) => s.stage)).toEqual([
      'intake',
      'urgent',
      'implementation',
      'procurement',
    ]);
  });

  it('sends an urgent project the City Government does not approve to the regular pre-review, with the reason', async () => {
    const code = await submit({ urgent: true, projectTitle: '不批准' });

    expect((await stagesOf(code, 3)).map((s) => s.stage)).toEqual([
      'intake',
      'urgent',
      'awaiting-pre-review',
    ]);
    expect(await tasks.variableWhenSet(await instanceOf(code), 'urgentRejectionReason')).toBe('不属急需');
  });

  async function instanceOf(code: string) {
    const deadline = Date.now() + 30_000;
    while (!instances[code] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (!instances[code]) throw new Error(`no lifecycle of ${code}`);
    return instances[code];
  }
});
