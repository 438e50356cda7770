/**
 * `procurement` (M12, M13, M22.2) on the real broker and its worker, started as the lifecycle's call
 * activity would start it: a dishonest supervisor is refused and the task reopens with the reason
 * (nothing recorded); tender results without a supervisor are recorded but construction cannot
 * start (the task reopens, M13); with the supervisor the process ends with the contract.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../src/audit';
import { ProcessId } from '../../src/shared/bpmn';
import {
  deployFolder,
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  testCamunda,
  workerDeps,
} from '../../src/shared/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { creditCodeProblem } from '../../src/units';
import { ProjectTenderEntity, ProjectUnitEntity } from '../../src/units/data-access/unit.entities';
import { Role } from '../../src/users';
import { procurementRecordTenderResultsWorker } from '../../workers/procurement-record-tender-results';
import { testWorkers } from '../../workers/runtime/testing';

/** A valid unified social credit code no other test uses. */
function freshCreditCode(): string {
  const body = `9144${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 1e5)
    .toString()
    .padStart(5, '0')}`;
  return [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].map((c) => body + c).find((c) => !creditCodeProblem(c))!;
}

describe('procurement process (M12, M13, M22.2)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let owner: string;
  let admin: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds, { now: time.now });
    owner = await signedIn(ds, 'procure-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    admin = await signedIn(ds, 'procure-admin', [Role.Administrator]);
    await deployFolder(camunda, __dirname);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  const workers = testWorkers(camunda.zeebe, time, [procurementRecordTenderResultsWorker], (now) =>
    workerDeps(ds, now),
  );
  beforeEach(workers.start);
  afterEach(workers.stop);

  /** The next open task of `elementId` other than the ones already seen. */
  const nextTask = async (code: string, elementId: string, seen: string[] = []) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const task = (await tasks.openTasks(code)).find(
        (t) => t.elementId === elementId && !seen.includes(t.userTaskKey),
      );
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no new ${elementId} for ${code}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const valueOf = async (pik: string, name: string, until: (v: unknown) => boolean) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await tasks.variableOf(pik, name);
      if (until(v)) return v;
      if (Date.now() > deadline) throw new Error(`${name} of ${pik} is ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const unitsOf = (projectCode: string) =>
    ds.getRepository(ProjectUnitEntity).find({ where: { projectCode }, order: { role: 'ASC' } });

  it('given a dishonest supervisor, then the task reopens with the reason and nothing is recorded; without a supervisor construction cannot start; with one the contract is the output', async () => {
    // given a project and a supervisor on the dishonest-entity list
    const code = await submittedProject(app, owner, {
      title: '招标采购测试项目',
      budgetEstimate: '3850000.00',
    });
    const [designer, contractor, dishonest, supervisor] = [1, 2, 3, 4].map(() => freshCreditCode());
    const listing = await request(app).post('/api/dishonest-entities').set('authorization', admin).send({
      creditCode: dishonest,
      name: '某某失信监理有限公司',
      reason: '在监理活动中弄虚作假，出具虚假监理报告',
      listedFrom: '2026-01-01',
    });
    expect(listing.status).toBe(201);
    const { processInstanceKey: pik } = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.Procurement,
      variables: {
        projectCode: code,
        departmentCode: 'psb',
        projectTitle: '招标采购测试项目',
        budgetEstimate: '3850000.00',
      },
    });
    const results = {
      designerName: '某某设计院有限公司',
      designerCreditCode: designer,
      contractorName: '某某信息工程有限公司',
      contractorCreditCode: contractor,
      supervisorName: '某某失信监理有限公司',
      supervisorCreditCode: dishonest,
      tenderReference: 'ZB-2026-0815',
      contractAmount: '3650000.00',
      contractStart: '2027-01-01',
      contractEnd: '2027-12-31',
    };

    // when the department records the results with the dishonest supervisor
    const first = await nextTask(code, 'record-tender-results');
    expect(first.candidateGroups).toEqual(['psb']);
    await tasks.complete(first.userTaskKey, results);

    // then the task reopens with the reason at the top of its form, and nothing was recorded
    const reopened = await nextTask(code, 'record-tender-results', [first.userTaskKey]);
    const problems = await valueOf(pik, 'tenderProblems', (v) => typeof v === 'string');
    expect(problems).toContain(`监理单位 某某失信监理有限公司（${dishonest}）自 2026-01-01 起列入失信名单`);
    expect(problems).toContain('M22.2');
    expect(await unitsOf(code)).toEqual([]);
    expect(await ds.getRepository(ProjectTenderEntity).findOneBy({ projectCode: code })).toBeNull();

    // when it records the designer only (no contractor, no supervisor)
    await tasks.complete(reopened.userTaskKey, {
      ...results,
      contractorName: null,
      contractorCreditCode: null,
      supervisorName: null,
      supervisorCreditCode: null,
      tenderReference: null,
      contractAmount: null,
      contractStart: null,
      contractEnd: null,
    });

    // then the designer is recorded, but with no supervisor on record construction cannot start (M13)
    const third = await nextTask(code, 'record-tender-results', [first.userTaskKey, reopened.userTaskKey]);
    expect(await valueOf(pik, 'tenderProblems', (v) => typeof v === 'string' && v.includes('M13'))).toMatch(
      /尚未登记监理单位/,
    );
    expect((await unitsOf(code)).map((u) => [u.role, u.creditCode])).toEqual([['designer', designer]]);
    expect(await tasks.variableOf(pik, 'supervisorOnRecord')).toBeNull();

    // when it records contractor and supervisor together with the contract
    await tasks.complete(third.userTaskKey, {
      ...results,
      supervisorName: '某某监理有限公司',
      supervisorCreditCode: supervisor,
    });

    // then the process ends with the contract and the supervisor on record
    await valueOf(pik, 'supervisorCreditCode', (v) => v === supervisor);
    expect(await tasks.variableOf(pik, 'contractStart')).toBe('2027-01-01');
    expect(await tasks.variableOf(pik, 'contractEnd')).toBe('2027-12-31');
    expect(await tasks.variableOf(pik, 'contractAmount')).toBe('3650000.00');
    expect((await unitsOf(code)).map((u) => [u.role, u.creditCode])).toEqual([
      ['designer', designer],
      ['contractor', contractor],
      ['supervisor', supervisor],
    ]);
    // (the user-task index may lag the variable index: poll until the completion is visible)
    const deadline = Date.now() + 30_000;
    while ((await tasks.openTasks(code)).some((t) => t.bpmnProcessId === 'procurement')) {
      if (Date.now() > deadline) throw new Error('a procurement task is still open');
      await new Promise((r) => setTimeout(r, 300));
    }
    const recorded = (await auditTrail(ds, 'project', code)).filter(
      (e) => e.action === 'project.tender-results.recorded',
    );
    expect(recorded.map((e) => (e.afterState as { rule: string }).rule)).toEqual(['M12', 'M12']);
  });
});
