import { parseScenario } from './schema';
import { replicateScenario } from './replicate';

const scenario = parseScenario('s.json', {
  start: '2027-08-31T09:00:00+08:00',
  projects: {
    a: {
      title: '城市运行监测平台',
      departmentCode: 'psb',
      budgetEstimate: '3850000.00',
      category: 'application-system',
    },
  },
  steps: [
    { submit: 'a' },
    { advanceBy: 'P5D' },
    { complete: { project: 'a', rule: 'M7.3', group: 'eib', variables: { eibPassed: true } } },
    { complete: { project: 'a', rule: 'M10.1', group: 'psb', variables: {} } },
    { change: { project: 'a', description: '增加接口', adjustmentAmount: '-1.00' } },
    { expect: { project: 'a', stage: 'construction', openTasks: [{ element: 'x', group: 'psb' }] } },
  ],
});

describe('replicateScenario', () => {
  it('runs every project step for each copy side by side, under the department the caller gives', () => {
    // given a scenario of one project; when it is replicated 3 times over 2 departments
    const r = replicateScenario(scenario, 3, (copy) => (copy % 2 === 0 ? 'edu' : 'psb'));
    // then there are 3 projects with their departments, and the clock steps stay single
    expect(Object.entries(r.projects).map(([alias, body]) => [alias, body.departmentCode])).toEqual([
      ['a-1', 'psb'],
      ['a-2', 'edu'],
      ['a-3', 'psb'],
    ]);
    expect(r.steps.map((s) => s.kind)).toEqual([
      'parallel',
      'advanceBy',
      'parallel',
      'parallel',
      'parallel',
      'parallel',
    ]);
    const [submit, , complete, ownTask, change, check] = r.steps;
    // the department's own tasks go to each copy's department; an agency's stay the agency's
    expect(
      ownTask!.kind === 'parallel' && ownTask!.steps.map((s) => s.kind === 'complete' && s.complete.group),
    ).toEqual(['psb', 'edu', 'psb']);
    expect(
      complete!.kind === 'parallel' && complete!.steps.map((s) => s.kind === 'complete' && s.complete.group),
    ).toEqual(['eib', 'eib', 'eib']);
    expect(submit).toEqual({
      kind: 'parallel',
      steps: ['a-1', 'a-2', 'a-3'].map((project) => ({ kind: 'submit', project })),
    });
    expect(
      complete!.kind === 'parallel' &&
        complete!.steps.map((s) => s.kind === 'complete' && s.complete.project),
    ).toEqual(['a-1', 'a-2', 'a-3']);
    expect(change!.kind === 'parallel' && change!.steps[2]).toEqual({
      kind: 'change',
      change: { project: 'a-3', description: '增加接口', adjustmentAmount: '-1.00' },
    });
    expect(check!.kind === 'parallel' && check!.steps[1]).toEqual({
      kind: 'expect',
      expect: { project: 'a-2', stage: 'construction', openTasks: [{ element: 'x', group: 'edu' }] },
    });
    expect(r.end).toEqual(scenario.end);
  });

  it('refuses a copy count that is not a whole number of at least 1', () => {
    expect(() => replicateScenario(scenario, 0, () => 'psb')).toThrow(/copies must be a whole number/);
    expect(() => replicateScenario(scenario, 1.5, () => 'psb')).toThrow(/copies must be a whole number/);
  });
});
