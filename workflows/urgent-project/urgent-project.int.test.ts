/**
 * Path coverage of `urgent-project` (M7.6) on the real broker with its handler replaced: a copy
 * of the model under its own process id and job type, with an in-test decision worker. The model
 * must make implementation unreachable before the filing with the EIB.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployResources } from '../../src/shared/camunda';
import { testCamunda, processCopy } from '../../src/shared/testing';
import { userTasks } from '../../src/shared/testing/user-tasks';

const tag = `it${Date.now().toString(36)}`;
const processId = `${tag}-urgent-project`;

type Vars = Record<string, unknown>;
const decisionsSeen: Record<string, string[]> = {};

describe('urgent-project (handlers replaced)', () => {
  const camunda = testCamunda();
  const tasks = userTasks();
  let close: () => Promise<unknown>;
  let seq = 0;

  beforeAll(async () => {
    const xml = processCopy(path.join(__dirname, 'urgent-project.bpmn'), 'urgent-project', processId).replace(
      /type="project\./g,
      `type="${tag}.project.`,
    );
    await deployResources(camunda.zeebe, [
      { name: `${processId}.bpmn`, content: xml },
      ...['urgent-implementation-plan.form', 'urgent-city-gov-approval.form', 'urgent-eib-filing.form'].map(
        (f) => ({
          name: f,
          content: fs.readFileSync(path.join(__dirname, f)),
        }),
      ),
    ]);
    const worker = camunda.zeebe.createWorker<Vars, Record<string, string>, Vars>({
      taskType: `${tag}.project.record-decision`,
      taskHandler: (job) => {
        const decision = job.customHeaders.decision!;
        (decisionsSeen[String(job.variables.projectCode)] ??= []).push(decision);
        const passed = decision !== 'urgent-approval' || job.variables.urgentApproved === true;
        return job.complete({
          decisionPassed: passed,
          refusalRule: passed ? null : 'M7.6',
          refusalReason: passed ? null : '不批准',
        });
      },
    });
    close = () => worker.close();
  });
  afterAll(async () => {
    await close();
    await camunda.close();
  });

  async function start() {
    seq += 1;
    const projectCode = `LS-2099-${8000 + seq}-${tag}`.slice(0, 32);
    const { processInstanceKey } = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: {
        projectCode,
        departmentCode: 'psb',
        projectTitle: '急需项目',
        budgetEstimate: '1000000.00',
        category: 'network',
      },
    });
    return { projectCode, processInstanceKey };
  }
  async function completeNext(code: string, elementId: string, variables: Vars) {
    const [task] = await tasks.waitFor(code, elementId);
    await tasks.complete(task!.userTaskKey, variables);
    return task!;
  }
  async function outcome(processInstanceKey: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await tasks.variableOf(processInstanceKey, 'urgentOutcome');
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no urgentOutcome in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('reaches implementation only after the filing with the EIB (M7.6)', async () => {
    const { projectCode, processInstanceKey } = await start();
    const plan = await completeNext(projectCode, 'prepare-implementation-plan', {
      implementationPlanSummary: '三个月内上线',
    });
    expect(plan).toMatchObject({ candidateGroups: ['psb'], priority: 90 });
    const approval = await completeNext(projectCode, 'approve-urgent-project', {
      urgentApproved: true,
      urgentApprovalOpinion: '同意',
    });
    expect(approval.candidateGroups).toEqual(['city-gov']);

    // approved: the only open step is the filing, and the process has not ended
    const open = await tasks.waitFor(projectCode, 'file-with-eib');
    expect(open[0]!.candidateGroups).toEqual(['eib']);
    expect(await tasks.variableOf(processInstanceKey, 'urgentOutcome')).toBeUndefined();
    expect(decisionsSeen[projectCode]).toEqual(['urgent-plan', 'urgent-approval']);

    await tasks.complete(open[0]!.userTaskKey, { filingReference: '经信备〔2026〕12号' });
    await expect(outcome(processInstanceKey)).resolves.toBe('filed');
    expect(decisionsSeen[projectCode]).toEqual(['urgent-plan', 'urgent-approval', 'urgent-filing']);
  });

  it('ends without implementation when the City Government does not approve', async () => {
    const { projectCode, processInstanceKey } = await start();
    await completeNext(projectCode, 'prepare-implementation-plan', {
      implementationPlanSummary: '三个月内上线',
    });
    await completeNext(projectCode, 'approve-urgent-project', {
      urgentApproved: false,
      urgentApprovalOpinion: '不属急需',
    });

    await expect(outcome(processInstanceKey)).resolves.toBe('rejected');
    expect(decisionsSeen[projectCode]).not.toContain('urgent-filing');
  });
});
