import type { DataSource } from 'typeorm';
import { ProjectEntity } from '../../src/projects/data-access/project.entities';
import { openDataSource, signedIn, submittedProject, testApp, workerDeps } from '../../src/shared/testing';
import { Role } from '../../src/users';
import { runOnce } from '../runtime/testing';
import { projectBindInstanceWorker } from '.';

describe('project.bind-instance', () => {
  let ds: DataSource;
  let code: string;
  beforeAll(async () => {
    ds = await openDataSource();
    const app = testApp(ds);
    code = await submittedProject(
      app,
      await signedIn(ds, 'bind-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' }),
    );
  });
  afterAll(() => ds.destroy());

  /** Runs the worker on a job of `instance` and returns the one broker call it made. */
  const bind = (projectCode: string, instance: string) =>
    runOnce(projectBindInstanceWorker, { projectCode }, workerDeps(ds), {
      processInstanceKey: instance,
      bpmnProcessId: 'project-lifecycle',
      elementId: 'bind-lifecycle-instance',
    });

  it('binds the first instance, accepts its redelivered job, and ends a second instance with DUPLICATE_LIFECYCLE', async () => {
    expect(await bind(code, '2251799813700001')).toEqual({
      action: 'complete',
      arg: { lifecycleBound: true },
    });
    expect(await bind(code, '2251799813700001')).toEqual({
      action: 'complete',
      arg: { lifecycleBound: true },
    });
    expect(await bind(code, '2251799813700002')).toMatchObject({
      action: 'error',
      arg: { errorCode: 'DUPLICATE_LIFECYCLE' },
    });
    expect((await ds.getRepository(ProjectEntity).findOneByOrFail({ code })).processInstanceKey).toBe(
      '2251799813700001',
    );
  });

  it('fails (retried, then an incident) for a lifecycle whose project is not in the registry', async () => {
    const call = await bind('LS-2099-9999', '2251799813700003');
    expect(call).toMatchObject({
      action: 'fail',
      arg: { retries: 2, errorMessage: 'project.bind-instance: no project LS-2099-9999 in the registry' },
    });
  });
});
