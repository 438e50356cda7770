/**
 * The tasks component against the test stack's real Tasklist and Keycloak: a CAC officer
 * sees the CAC task of a project and not the EIB one; another agency may not complete it; the CAC
 * officer completes it and the process moves on; a second completion is a conflict.
 */
import { testCamunda, testConfig, uniqueProjectCode } from '../../shared/testing';
import { createTaskAccess, createTasklistClient, type TaskAccess, type TaskView } from '..';
import {
  administrator,
  CAC_TASK,
  cacOfficer,
  deployTestProcess,
  EIB_TASK,
  eibOfficer,
  financeOfficer,
  startReview,
  TEST_PROCESS_ID,
  until,
} from '../test-fixtures';

describe('tasks through Tasklist, filtered by group', () => {
  let camunda: ReturnType<typeof testCamunda>;
  let tasks: TaskAccess;
  let code: string;
  let cacTask: TaskView;

  beforeAll(async () => {
    camunda = testCamunda();
    tasks = createTaskAccess(testConfig());
    await deployTestProcess(camunda);
    code = uniqueProjectCode();
    await startReview(camunda, code);
    // both tasks imported by Tasklist (the administrator sees every task)
    const all = await until(
      () => tasks.listForProject(code, administrator),
      (l) => l.length === 2,
    );
    expect(all).toHaveLength(2);
    cacTask = all.find((t) => t.elementId === CAC_TASK)!;
  }, 120_000);
  afterAll(() => camunda.close());

  it('given a project with a CAC and an EIB task, when a CAC officer lists its tasks, then only the CAC task, with its group, due date, rule and project', async () => {
    const seen = await tasks.listForProject(code, cacOfficer);
    expect(seen.map((t) => t.elementId)).toEqual([CAC_TASK]);
    expect(seen[0]).toMatchObject({
      name: '网信办安全审查',
      processDefinitionId: TEST_PROCESS_ID,
      projectCode: code,
      candidateGroups: ['cac'],
      assignee: null,
      state: 'CREATED',
      priority: 80,
      overdue: false,
      rule: 'X9.1',
    });
    expect(seen[0]!.dueDate).not.toBeNull();
    expect((await tasks.listForProject(code, eibOfficer)).map((t) => t.elementId)).toEqual([EIB_TASK]);
    expect(await tasks.listForProject(code, financeOfficer)).toEqual([]);
  });

  it('given the CAC task, when the CAC officer lists their open tasks of the project, then it is there; a Finance officer has none', async () => {
    expect((await tasks.listForUser(cacOfficer, { projectCode: code })).map((t) => t.id)).toEqual([
      cacTask.id,
    ]);
    expect(await tasks.listForUser(financeOfficer, { projectCode: code })).toEqual([]);
  });

  it('given the CAC task, when a Finance officer completes it, then 403 with a reason, and the task stays open', async () => {
    await expect(
      tasks.complete(cacTask.id, { reviewApproved: 'approved' }, financeOfficer),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('candidate groups (cac)'),
    });
    await expect(tasks.complete(cacTask.id, {}, administrator)).rejects.toMatchObject({ kind: 'forbidden' });
    expect((await tasks.get(cacTask.id, cacOfficer)).state).toBe('CREATED');
  });

  it('given the CAC task, when the CAC officer completes it, then it is theirs and completed, and the process moved on with their variables', async () => {
    const done = await tasks.complete(
      cacTask.id,
      { reviewApproved: 'approved', cacReviewOpinion: '同意' },
      cacOfficer,
    );
    expect(done).toMatchObject({ id: cacTask.id, state: 'COMPLETED', assignee: cacOfficer.username });
    // the engine took it: the EIB task, still open, sees the variable the completion set
    const eib = (await tasks.listForProject(code, eibOfficer))[0]!;
    const variables = await until(
      () => tasklistVariables(eib.id),
      (v) => v.cacReviewOpinion !== undefined,
    );
    expect(variables.cacReviewOpinion).toBe('同意');
    const finished = await until(
      () => tasks.listForProject(code, cacOfficer, { includeFinished: true }),
      (l) => l.some((t) => t.state === 'COMPLETED'),
    );
    expect(finished.map((t) => [t.elementId, t.state])).toEqual([[CAC_TASK, 'COMPLETED']]);
    expect(await tasks.listForProject(code, cacOfficer)).toEqual([]);
  });

  it('given the completed CAC task, when it is completed again, then 409 with a reason', async () => {
    await expect(tasks.complete(cacTask.id, {}, cacOfficer)).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/already completed|no longer open/),
    });
  });

  it('given an unknown task id, then 404', async () => {
    await expect(tasks.complete('2251799999999999', {}, cacOfficer)).rejects.toMatchObject({
      kind: 'not-found',
    });
  });

  /** the variables in a task's scope, straight from Tasklist */
  const tasklistVariables = (taskId: string) =>
    createTasklistClient(testConfig()).variables(taskId, ['cacReviewOpinion']);
});
