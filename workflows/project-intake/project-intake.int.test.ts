/**
 * Path coverage of `project-intake` on the real broker with its handlers replaced: a copy of the
 * model under its own process id and job types, served by tiny in-test workers that answer as each
 * case needs. What is under test is the model: its gateways, the DMN, the user tasks (groups,
 * priority, the 会签's one task per department and its collected answers), the outcome variables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployResources } from '../../src/shared/camunda';
import { testCamunda, processCopy } from '../../src/shared/testing';
import { userTasks } from '../../src/shared/testing/user-tasks';

const tag = `it${Date.now().toString(36)}`;
const processId = `${tag}-project-intake`;
const jobType = (type: string) => `${tag}.${type}`;

type Vars = Record<string, unknown>;
/** What the in-test check worker answers per check (header `check`); passed when not listed. */
const refusals: Record<string, Record<string, string>> = {};
const ordinals: Record<string, number> = {};
const participants: Record<string, string[]> = {};
/** The variables each in-test decision worker received, per project. */
const decisionsSeen: Record<string, { decision: string; variables: Vars }[]> = {};

describe('project-intake (handlers replaced)', () => {
  const camunda = testCamunda();
  const tasks = userTasks();
  const closers: (() => Promise<unknown>)[] = [];
  let seq = 0;

  beforeAll(async () => {
    const xml = processCopy(path.join(__dirname, 'project-intake.bpmn'), 'project-intake', processId).replace(
      /type="project\./g,
      `type="${tag}.project.`,
    );
    await deployResources(camunda.zeebe, [
      { name: `${processId}.bpmn`, content: xml },
      ...[
        'department-quota.dmn',
        'intake-city-gov-approval.form',
        'intake-quota-override.form',
        'intake-joint-framework.form',
      ].map((f) => ({ name: f, content: fs.readFileSync(path.join(__dirname, f)) })),
    ]);
    const check = camunda.zeebe.createWorker<Vars, Record<string, string>, Vars>({
      taskType: jobType('project.intake-check'),
      taskHandler: (job) => {
        const code = String(job.variables.projectCode);
        const which = job.customHeaders.check!;
        const reason = refusals[code]?.[which] ?? null;
        return job.complete({
          checkPassed: reason === null,
          refusalRule: reason === null ? null : `rule-of-${which}`,
          refusalReason: reason,
          ...(which === 'quota' ? { departmentProposalOrdinal: ordinals[code] ?? 1 } : {}),
          ...(which === 'joint-framework' ? { participatingDepartments: participants[code] ?? [] } : {}),
        });
      },
    });
    const decide = camunda.zeebe.createWorker<Vars, Record<string, string>, Vars>({
      taskType: jobType('project.record-decision'),
      taskHandler: (job) => {
        const code = String(job.variables.projectCode);
        const decision = job.customHeaders.decision!;
        (decisionsSeen[code] ??= []).push({ decision, variables: job.variables });
        const v = job.variables;
        const passed =
          decision === 'city-gov-approval'
            ? v.cityGovApproved === true
            : decision === 'quota-override'
              ? v.quotaOverridden === true
              : (v.frameworkConfirmations as { confirmed: boolean }[]).every((a) => a.confirmed);
        return job.complete({
          decisionPassed: passed,
          refusalRule: passed ? null : 'M0',
          refusalReason: passed ? null : `${decision} refused`,
        });
      },
    });
    closers.push(
      () => check.close(),
      () => decide.close(),
    );
  });
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    await camunda.close();
  });

  /** Starts an instance; `prepare` sets the in-test workers' answers for its code first. */
  async function start(facts: Vars = {}, prepare: (projectCode: string) => void = () => undefined) {
    seq += 1;
    const projectCode = `LS-2099-${String(9000 + seq)}-${tag}`.slice(0, 32);
    prepare(projectCode);
    const { processInstanceKey } = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: {
        projectCode,
        classified: false,
        urgent: false,
        departmentCode: 'psb',
        projectTitle: '受理审查路径测试',
        budgetEstimate: '1000000.00',
        category: 'network',
        ...facts,
      } as never,
    });
    return { projectCode, processInstanceKey };
  }
  async function outcome(processInstanceKey: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await tasks.variableOf(processInstanceKey, 'intakeOutcome');
      if (value !== undefined) {
        return {
          intakeOutcome: value,
          refusalRule: await tasks.variableOf(processInstanceKey, 'refusalRule'),
          refusalReason: await tasks.variableOf(processInstanceKey, 'refusalReason'),
        };
      }
      if (Date.now() > deadline) throw new Error(`no intake outcome in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it.each([
    ['classified', 'M31 reason'],
    ['machine-room', 'M8 reason'],
    ['mlps', 'M24.1 reason'],
  ])(
    'ends refused when the %s check does not pass, with its rule and reason, and asks nobody',
    async (which, reason) => {
      const { projectCode, processInstanceKey } = await start();
      refusals[projectCode] = { [which]: reason };

      await expect(outcome(processInstanceKey)).resolves.toEqual({
        intakeOutcome: 'refused',
        refusalRule: `rule-of-${which}`,
        refusalReason: reason,
      });
      expect(await tasks.tasksOfInstance(processInstanceKey)).toEqual([]);
    },
  );

  it('accepts a proposal that passes every check without a user task', async () => {
    const { processInstanceKey } = await start();
    await expect(outcome(processInstanceKey)).resolves.toMatchObject({
      intakeOutcome: 'accepted',
      refusalReason: null,
    });
  });

  it('asks the City Government for a project outside the development plan (M6): approved → accepted', async () => {
    const { projectCode, processInstanceKey } = await start(
      { urgent: true },
      (code) => (refusals[code] = { 'development-plan': '未纳入发展规划' }),
    );

    const [task] = await tasks.waitFor(projectCode, 'approve-new-project');
    // urgency raises the priority
    expect(task).toMatchObject({ candidateGroups: ['city-gov'], priority: 80 });
    await tasks.complete(task!.userTaskKey, { cityGovApproved: true, cityGovOpinion: '同意新增' });

    await expect(outcome(processInstanceKey)).resolves.toMatchObject({ intakeOutcome: 'accepted' });
  });

  it('asks an EIB officer about a third proposal (DMN department-quota) and refuses without an override; a second one passes untouched', async () => {
    const third = await start({}, (code) => (ordinals[code] = 3));
    const second = await start({}, (code) => (ordinals[code] = 2));

    const [task] = await tasks.waitFor(third.projectCode, 'decide-quota-override');
    expect(task).toMatchObject({ candidateGroups: ['eib'], priority: 50 });
    await tasks.complete(task!.userTaskKey, {
      quotaOverridden: false,
      quotaDecisionReason: '本年度已申报两个项目',
    });

    await expect(outcome(third.processInstanceKey)).resolves.toMatchObject({
      intakeOutcome: 'refused',
      refusalReason: 'quota-override refused',
    });
    await expect(outcome(second.processInstanceKey)).resolves.toMatchObject({ intakeOutcome: 'accepted' });
    expect(decisionsSeen[second.projectCode]).toBeUndefined();
  });

  it('creates one 会签 task per participating department (M9) and collects every answer before deciding', async () => {
    const { projectCode, processInstanceKey } = await start(
      {},
      (code) => (participants[code] = ['drc-test', 'finance-test']),
    );

    const confirmations = await tasks.waitFor(projectCode, 'confirm-joint-framework', 2);
    expect(confirmations.map((t) => t.candidateGroups).sort()).toEqual([['drc-test'], ['finance-test']]);
    const of = (d: string) => confirmations.find((t) => t.candidateGroups[0] === d)!;
    await tasks.complete(of('finance-test').userTaskKey, {
      frameworkConfirmed: false,
      frameworkComment: '数据接口未明确',
    });
    // one answer is not enough: once it is recorded, the other task is still open and no decision was taken
    const deadline = Date.now() + 30_000;
    let open = await tasks.openTasks(projectCode);
    while (open.length !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      open = await tasks.openTasks(projectCode);
    }
    expect(open.map((t) => t.userTaskKey)).toEqual([of('drc-test').userTaskKey]);
    expect(decisionsSeen[projectCode]).toBeUndefined();
    await tasks.complete(of('drc-test').userTaskKey, { frameworkConfirmed: true });

    await expect(outcome(processInstanceKey)).resolves.toMatchObject({ intakeOutcome: 'refused' });
    expect(decisionsSeen[projectCode]).toEqual([
      {
        decision: 'joint-framework',
        variables: expect.objectContaining({
          participatingDepartments: ['drc-test', 'finance-test'],
          frameworkConfirmations: [
            { department: 'drc-test', confirmed: true, comment: null },
            { department: 'finance-test', confirmed: false, comment: '数据接口未明确' },
          ],
        }),
      },
    ]);
  });
});
