/**
 * Path coverage of `proposal-start` (M4.7 from Tasklist's start form) on the real broker with its
 * handler replaced: a copy of the model under its own process id and job type, with an in-test
 * registration worker that registers, or refuses with PROPOSAL_REFUSED, as each case needs. The
 * real worker runs in project-lifecycle's test and workers/project-register-proposal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { deployResources } from '../../src/shared/camunda';
import { testCamunda, processCopy } from '../../src/shared/testing';
import { userTasks } from '../../src/shared/testing/user-tasks';

const tag = `it${Date.now().toString(36)}`;
const processId = `${tag}-proposal-start`;

type Vars = Record<string, unknown>;
/** What the in-test registration worker answers, by proposal title: a refusal reason, else a code. */
const refusals: Record<string, string> = {};
/** The variables it received, by proposal title. */
const received: Record<string, Vars[]> = {};

describe('proposal-start (handlers replaced)', () => {
  const camunda = testCamunda();
  const tasks = userTasks();
  let close: () => Promise<unknown>;
  let seq = 0;

  beforeAll(async () => {
    const xml = processCopy(path.join(__dirname, 'proposal-start.bpmn'), 'proposal-start', processId).replace(
      /type="project\./g,
      `type="${tag}.project.`,
    );
    await deployResources(camunda.zeebe, [
      { name: `${processId}.bpmn`, content: xml },
      ...['proposal-start-form.form', 'proposal-start-confirmation.form'].map((f) => ({
        name: f,
        content: fs.readFileSync(path.join(__dirname, f)),
      })),
    ]);
    const worker = camunda.zeebe.createWorker<Vars, Vars, Vars>({
      taskType: `${tag}.${JobType.ProjectRegisterProposal}`,
      taskHandler: (job) => {
        const title = String(job.variables.title);
        (received[title] ??= []).push(job.variables);
        const reason = refusals[title];
        return reason
          ? job.error({
              errorCode: ErrorCode.ProposalRefused,
              errorMessage: reason,
              variables: { proposalRefusalReason: reason },
            })
          : job.complete({ projectCode: 'LS-2099-0001', proposalRefusalReason: null });
      },
    });
    close = () => worker.close();
  });
  afterAll(async () => {
    await close();
    await camunda.close();
  });

  /** Starts an instance as Tasklist does with the start form's variables; `refuse` sets the registry's answer. */
  async function start(departmentCode: string, refuse?: string) {
    seq += 1;
    const title = `起始表单路径测试 ${tag} ${seq}`;
    if (refuse) refusals[title] = refuse;
    const { processInstanceKey } = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: {
        title,
        departmentCode,
        budgetEstimate: '2000000.00',
        category: 'application-system',
        participatingDepartmentCodes: '',
        inDevelopmentPlan: true,
        classified: false,
        urgent: false,
        quotaOverrideReason: '',
      },
    });
    return { title, processInstanceKey };
  }
  /** The department's confirmation task of an instance (it has no project code yet). */
  async function confirmation(processInstanceKey: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [task] = await tasks.tasksOfInstance(processInstanceKey);
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no confirmation task in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('asks the department named in the form to confirm, then registers the proposal', async () => {
    // given a proposal started from the form for the DRC
    const { title, processInstanceKey } = await start('drc');

    // then only the DRC's own group is asked to confirm, with the confirmation form
    const task = await confirmation(processInstanceKey);
    expect(task).toMatchObject({ elementId: 'confirm-proposal-submission', candidateGroups: ['drc'] });
    expect(task.formKey).not.toBeNull();
    expect(received[title]).toBeUndefined();

    // when it confirms
    await tasks.complete(task.userTaskKey, { submissionConfirmed: true });

    // then the registration received the form's proposal with the confirmation, and the process ends registered
    const ran = await tasks.completedElements(processInstanceKey);
    expect(ran).toContain('proposal-registered');
    expect(received[title]).toEqual([
      expect.objectContaining({
        title,
        departmentCode: 'drc',
        budgetEstimate: '2000000.00',
        submissionConfirmed: true,
      }),
    ]);
    expect(await tasks.variableWhenSet(processInstanceKey, 'projectCode')).toBe('LS-2099-0001');
  });

  it('ends without registering when the department does not confirm', async () => {
    const { title, processInstanceKey } = await start('psb');

    // when the department declines
    await tasks.complete((await confirmation(processInstanceKey)).userTaskKey, {
      submissionConfirmed: false,
    });

    // then the process ends cancelled and nothing was asked of the registry
    const ran = await tasks.completedElements(processInstanceKey);
    expect(ran).toContain('submission-cancelled');
    expect(ran).not.toContain('register-proposal');
    expect(received[title]).toBeUndefined();
  });

  it('ends not registered, with the reason, when the registry refuses the proposal (PROPOSAL_REFUSED)', async () => {
    const reason = 'classified systems are not handled on this platform (M31)';
    const { title, processInstanceKey } = await start('psb', reason);

    // when the department confirms and the registry refuses
    await tasks.complete((await confirmation(processInstanceKey)).userTaskKey, { submissionConfirmed: true });

    // then the refusal is caught: the process ends not registered, with the registry's reason
    const ran = await tasks.completedElements(processInstanceKey);
    expect(ran).toContain('proposal-not-registered');
    expect(ran).not.toContain('proposal-registered');
    expect(received[title]).toHaveLength(1);
    expect(await tasks.variableWhenSet(processInstanceKey, 'proposalRefusalReason')).toBe(reason);
  });
});
