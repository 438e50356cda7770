import { rules } from '../../../shared/rules';
import { findings } from './fixtures/lint-fixture';
import { rulesWithDeadline } from './user-task-form-and-group';

describe('lint rule egov/user-task-form-and-group', () => {
  it('accepts Camunda user tasks with a linked form, a candidate group and, where the rule sets a deadline, a due date', async () => {
    expect(await findings('user-task-form-and-group.valid', 'egov/user-task-form-and-group')).toEqual([]);
  });

  it('reports what each user task lacks', async () => {
    // given tasks without a form, with only an assignee, job-based, with an embedded form key, and
    // one naming a rule with a deadline but no due date
    const found = await findings('user-task-form-and-group.invalid', 'egov/user-task-form-and-group');
    // then each misses exactly what it lacks
    expect(found).toEqual([
      { elementId: 'no-form', category: 'error', message: 'User task has no form' },
      { elementId: 'no-group', category: 'error', message: 'User task has no candidate group' },
      {
        elementId: 'job-based',
        category: 'error',
        message: 'User task is job-based: make it a Camunda user task (zeebe:userTask)',
      },
      {
        elementId: 'embedded-form',
        category: 'error',
        message: 'User task has no linked form: set the form id of a deployed form',
      },
      {
        elementId: 'no-due-date',
        category: 'error',
        message: 'User task enforces <M11.1>, which sets a deadline, but has no due date',
      },
    ]);
  });
});

describe('rulesWithDeadline', () => {
  it('finds the time limits of the catalogue (working days, months, "from the day")', () => {
    const ids = rulesWithDeadline(rules);
    expect(ids).toEqual(expect.arrayContaining(['M11.1', 'M11.2', 'M11.3', 'M11.4', 'M17', 'M21']));
    // the CAC's pre-review sets no time limit
    expect(ids).not.toContain('M4.2');
  });

  it('reads Chinese numerals and Arabic digits alike', () => {
    expect(
      rulesWithDeadline([
        { id: 'a', zh: '在十五个工作日内完成评审' },
        { id: 'b', zh: '应在2个月内提请财评' },
        { id: 'c', zh: '应当及时组织验收' },
      ]),
    ).toEqual(['a', 'b']);
  });
});
