import { Role, type AuthUser } from '../../../src/users';
import { SharedTaskSearch, type ScenarioTask, type ScenarioTasks } from './task-search';

const officer: AuthUser = {
  username: 'scenario-eib',
  displayName: 'scenario eib',
  roles: [Role.AgencyOfficer],
  departmentCode: null,
  agencyCode: 'eib',
};

const task = (projectCode: string): ScenarioTask => ({
  id: `t-${projectCode}`,
  elementId: 'eib-pre-review',
  projectCode,
  candidateGroups: ['eib'],
  rule: null,
  state: 'CREATED',
});

/** a tasks component whose searches answer when the test says so */
function fakeTasks() {
  const pending: { filter: unknown; answer: (t: ScenarioTask[]) => void; refuse: (e: Error) => void }[] = [];
  const tasks: ScenarioTasks = {
    listForUser: (_user, filter) =>
      new Promise((answer, refuse) => {
        pending.push({ filter, answer, refuse });
      }),
    complete: () => Promise.resolve(undefined),
  };
  return { tasks, pending };
}

describe('SharedTaskSearch', () => {
  afterEach(() => jest.useRealTimers());

  it('sends one search for the copies asking while it is under way, filtered by element only', async () => {
    // given 3 copies of a step asking for the same element's tasks at once
    const { tasks, pending } = fakeTasks();
    const search = new SharedTaskSearch(tasks);
    const asks = [1, 2, 3].map(() => search.find(officer, 'eib-pre-review'));
    // when the single search answers
    expect(pending).toHaveLength(1);
    expect(pending[0]!.filter).toEqual({ elementId: 'eib-pre-review' });
    pending[0]!.answer([task('A'), task('B')]);
    // then every copy has the same answer, to pick its own project's task from
    for (const answer of await Promise.all(asks))
      expect(answer.map((t) => t.projectCode)).toEqual(['A', 'B']);
  });

  it('reuses an answer only within maxAgeMs after it came, then searches again', async () => {
    // given an answered search
    jest.useFakeTimers({ now: new Date('2027-03-01T00:00:00Z') });
    const { tasks, pending } = fakeTasks();
    const search = new SharedTaskSearch(tasks, 500);
    const first = search.find(officer, 'eib-pre-review');
    pending[0]!.answer([task('A')]);
    await first;
    // when a copy asks 400 ms later, and another 200 ms after that
    jest.setSystemTime(new Date('2027-03-01T00:00:00.400Z'));
    await expect(search.find(officer, 'eib-pre-review')).resolves.toHaveLength(1);
    jest.setSystemTime(new Date('2027-03-01T00:00:00.600Z'));
    void search.find(officer, 'eib-pre-review');
    // then only the second asks Tasklist again
    expect(pending).toHaveLength(2);
  });

  it('keeps searches of other elements and users apart', () => {
    // given two elements and two users
    const { tasks, pending } = fakeTasks();
    const search = new SharedTaskSearch(tasks);
    // when each asks
    void search.find(officer, 'eib-pre-review');
    void search.find(officer, 'eib-plan-review');
    void search.find({ ...officer, username: 'scenario-cac', agencyCode: 'cac' }, 'eib-pre-review');
    // then three searches go out
    expect(pending).toHaveLength(3);
  });

  it('does not share a failed search: the next copy asks again', async () => {
    // given a search that fails
    const { tasks, pending } = fakeTasks();
    const search = new SharedTaskSearch(tasks);
    const failed = search.find(officer, 'eib-pre-review');
    pending[0]!.refuse(new Error('Tasklist did not answer'));
    await expect(failed).rejects.toThrow('Tasklist did not answer');
    // when another copy asks
    void search.find(officer, 'eib-pre-review');
    // then it gets a search of its own
    expect(pending).toHaveLength(2);
  });
});
