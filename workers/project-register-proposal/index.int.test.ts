import type { DataSource } from 'typeorm';
import { DepartmentEntity } from '../../src/organisations/data-access/organisation.entities';
import { ProjectEntity } from '../../src/projects/data-access/project.entities';
import { openDataSource, workerDeps } from '../../src/shared/testing';
import { runOnce } from '../runtime/testing';
import { projectRegisterProposalWorker } from '.';

describe('project.register-proposal', () => {
  let ds: DataSource;
  let seq = 0;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(() => ds.destroy());

  /** A start-form proposal of its own (found again by its title), confirmed by its department. */
  const form = (overrides: object = {}) => {
    seq += 1;
    return {
      title: `起始表单登记 ${Date.now().toString(36)}-${seq}`,
      departmentCode: 'psb',
      submissionConfirmed: true,
      budgetEstimate: '1000000.00',
      category: 'application-system',
      participatingDepartmentCodes: '',
      // tests register many projects per department; M7.5's quota has its own test
      quotaOverrideReason: '集成测试：同一部门的多个测试项目',
      ...overrides,
    };
  };
  /** Runs the worker on a job of the start-form instance `instance`. */
  const register = (variables: object, instance: string) =>
    runOnce(projectRegisterProposalWorker, variables, workerDeps(ds), {
      processInstanceKey: instance,
      bpmnProcessId: 'proposal-start',
      elementId: 'register-proposal',
    });
  let instances = 0;
  /** A process instance key no other job of these tests used. */
  const instanceKey = () => {
    instances += 1;
    return String(2251799814000000 + (Date.now() % 1_000_000) * 100 + instances);
  };

  it('registers one project for a job delivered twice, one delivery after the other, and answers both with its code', async () => {
    // given a confirmed proposal and its instance
    const variables = form();
    const instance = instanceKey();

    // when Zeebe delivers the registration job twice
    const first = await register(variables, instance);
    const second = await register(variables, instance);

    // then both complete with the same code, and the registry holds one project for it
    expect(first).toMatchObject({ action: 'complete', arg: { proposalRefusalReason: null } });
    expect(second).toEqual(first);
    const rows = await ds.getRepository(ProjectEntity).findBy({ title: variables.title });
    expect(rows.map((r) => [r.code, r.submittedBy])).toEqual([[first.arg.projectCode, 'tasklist:psb']]);
  });

  it('registers one project when both deliveries run at once (a job timed out while its first run went on)', async () => {
    const variables = form();
    const instance = instanceKey();

    const [a, b] = await Promise.all([register(variables, instance), register(variables, instance)]);

    expect(a).toMatchObject({ action: 'complete' });
    expect(b).toEqual(a);
    const rows = await ds.getRepository(ProjectEntity).findBy({ title: variables.title });
    expect(rows.map((r) => r.code)).toEqual([a.arg.projectCode]);
  });

  it("registers one project when both deliveries of a department's second proposal of the year (no quota reason needed) run at once", async () => {
    // given a department of its own with one proposal this year
    const departmentCode = `irp-${Date.now().toString(36)}`;
    await ds
      .getRepository(DepartmentEntity)
      .insert({ code: departmentCode, name: `登记测试部门 ${departmentCode}`, isCounty: false });
    const earlier = await register(form({ departmentCode, quotaOverrideReason: '' }), instanceKey());
    expect(earlier).toMatchObject({ action: 'complete' });

    // when its second proposal's job is delivered twice at once
    const variables = form({ departmentCode, quotaOverrideReason: '' });
    const instance = instanceKey();
    const [a, b] = await Promise.all([register(variables, instance), register(variables, instance)]);

    // then both answer the one project registered (M7.5 allows two: the redelivery is no third)
    expect(a).toMatchObject({ action: 'complete' });
    expect(b).toEqual(a);
    expect(await ds.getRepository(ProjectEntity).countBy({ departmentCode })).toBe(2);
  });

  it('registers a second project for the same proposal started in another instance (not a redelivery)', async () => {
    const variables = form();

    const first = await register(variables, instanceKey());
    const other = await register(variables, instanceKey());

    expect(other.arg.projectCode).not.toBe(first.arg.projectCode);
    expect(await ds.getRepository(ProjectEntity).countBy({ title: variables.title })).toBe(2);
  });

  it('answers a proposal the registry refuses with PROPOSAL_REFUSED and its reason, and registers nothing', async () => {
    const variables = form({ classified: true });

    const call = await register(variables, instanceKey());

    expect(call).toMatchObject({
      action: 'error',
      arg: {
        errorCode: 'PROPOSAL_REFUSED',
        variables: { proposalRefusalReason: expect.stringMatching(/M31/) },
      },
    });
    expect(await ds.getRepository(ProjectEntity).countBy({ title: variables.title })).toBe(0);
  });
});
