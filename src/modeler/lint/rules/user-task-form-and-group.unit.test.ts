import { findings } from './fixtures/lint-fixture';

describe('lint rule egov/user-task-form-and-group', () => {
  it('accepts a user task with a form and a candidate group', async () => {
    expect(await findings('user-task-form-and-group.valid', 'egov/user-task-form-and-group')).toEqual([]);
  });

  it('reports a user task without a form and one with only an assignee', async () => {
    // given a task with a group but no form, and one with a form but only an assignee
    const found = await findings('user-task-form-and-group.invalid', 'egov/user-task-form-and-group');
    // then each misses exactly what it lacks
    expect(found).toEqual([
      { elementId: 'no-form', category: 'error', message: 'User task has no form' },
      { elementId: 'no-group', category: 'error', message: 'User task has no candidate group' },
    ]);
  });
});
