/**
 * The tasks routes over HTTP against the test stack's Tasklist: a project's tasks per group, a
 * Finance officer refused (403) on the CAC task, the CAC officer completing it (200), twice (409),
 * bad input (400) and protected variables.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, signedIn, submittedProject, testApp, testCamunda } from '../../shared/testing';
import { Role } from '../../users';
import { CAC_TASK, deployTestProcess, EIB_TASK, startReview, until } from '../test-fixtures';

describe('/api/tasks and /api/projects/{code}/tasks', () => {
  let ds: DataSource;
  let camunda: ReturnType<typeof testCamunda>;
  let app: ReturnType<typeof testApp>;
  let code: string;
  const auth = { cac: '', finance: '', psb: '', other: '' };
  let cacTaskId: string;

  beforeAll(async () => {
    ds = await openDataSource();
    camunda = testCamunda();
    app = testApp(ds);
    auth.cac = await signedIn(ds, 'tasks-cac-officer', [Role.AgencyOfficer], { agencyCode: 'cac' });
    auth.finance = await signedIn(ds, 'tasks-finance-officer', [Role.AgencyOfficer], {
      agencyCode: 'finance',
    });
    auth.psb = await signedIn(ds, 'tasks-psb-applicant', [Role.DepartmentApplicant], {
      departmentCode: 'psb',
    });
    auth.other = await signedIn(ds, 'tasks-health-applicant', [Role.DepartmentApplicant], {
      departmentCode: 'health',
    });
    code = await submittedProject(app, auth.psb);
    await deployTestProcess(camunda);
    await startReview(camunda, code);
    const res = await until(
      () => request(app).get(`/api/projects/${code}/tasks`).set('authorization', auth.cac),
      (r) => r.status === 200 && (r.body.items as unknown[]).length === 1,
      // Tasklist imports what the broker exported; after the session tests' bursts it may lag
      150_000,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    cacTaskId = res.body.items[0].id as string;
  }, 180_000);
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  it("given a project's CAC and EIB tasks, when the CAC officer lists the project's tasks, then only the CAC task", async () => {
    const res = await request(app).get(`/api/projects/${code}/tasks`).set('authorization', auth.cac);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        elementId: CAC_TASK,
        candidateGroups: ['cac'],
        projectCode: code,
        overdue: false,
      }),
    ]);
    expect(res.body.items.map((t: { elementId: string }) => t.elementId)).not.toContain(EIB_TASK);
  });

  it('given the project, when its timeline is read, then the open tasks the user may see are in it', async () => {
    const res = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', auth.cac);
    expect(res.status).toBe(200);
    expect(res.body.openTasks.map((t: { id: string }) => t.id)).toEqual([cacTaskId]);
  });

  it("given another department's project, when its applicant asks for its tasks, then 404 as for any project they may not see", async () => {
    const res = await request(app).get(`/api/projects/${code}/tasks`).set('authorization', auth.other);
    expect(res.status).toBe(404);
  });

  it('given the CAC task, when the CAC officer lists their tasks, then it is among them; the Finance officer does not see it', async () => {
    const mine = await request(app).get(`/api/tasks?projectCode=${code}`).set('authorization', auth.cac);
    expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([cacTaskId]);
    const theirs = await request(app)
      .get(`/api/tasks?projectCode=${code}`)
      .set('authorization', auth.finance);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });

  it('given the CAC task, when a Finance officer completes it, then 403 with a Chinese and English reason', async () => {
    const res = await request(app)
      .post(`/api/tasks/${cacTaskId}/complete`)
      .set('authorization', auth.finance)
      .send({ variables: { reviewApproved: 'approved' } });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/候选组（cac）.*candidate groups \(cac\)/);
  });

  it('given a completion that would change the project code, then 400 naming the variable', async () => {
    const res = await request(app)
      .post(`/api/tasks/${cacTaskId}/complete`)
      .set('authorization', auth.cac)
      .send({ variables: { projectCode: 'LS-2026-0001' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('projectCode');
  });

  it('given a task id that is not a number, then 400', async () => {
    const res = await request(app).post('/api/tasks/abc/complete').set('authorization', auth.cac).send({});
    expect(res.status).toBe(400);
  });

  it('given the CAC task, when the CAC officer completes it, then 200 and COMPLETED; a second time 409', async () => {
    const res = await request(app)
      .post(`/api/tasks/${cacTaskId}/complete`)
      .set('authorization', auth.cac)
      .send({ variables: { reviewApproved: 'approved', reviewOpinion: '同意' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: cacTaskId, state: 'COMPLETED', assignee: 'tasks-cac-officer' });
    const again = await request(app)
      .post(`/api/tasks/${cacTaskId}/complete`)
      .set('authorization', auth.cac)
      .send({ variables: {} });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/办结.*(already completed|no longer open)/);
  });
});
