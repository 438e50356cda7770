import type { ScenarioEvent } from './events';
import { evaluateExpectation, type ProjectState } from './expect';

const event = (e: Partial<ScenarioEvent>): ScenarioEvent => ({
  at: '2027-08-31T01:00:00.000Z',
  project: 'a',
  code: 'LS-2027-0001',
  event: 'submitted',
  element: null,
  rule: null,
  group: null,
  due: null,
  detail: {},
  ...e,
});

const state: ProjectState = {
  code: 'LS-2027-0001',
  stage: 'awaiting-pre-review',
  status: 'in-process',
  planYear: null,
  openTasks: [
    {
      element: 'eib-pre-review',
      name: '经信局预审',
      rule: 'M99.1',
      group: 'eib',
      candidateGroups: ['eib', 'cac'],
      due: null,
      userTaskKey: '1',
    },
  ],
  activeElements: ['project-lifecycle', 'await-pre-review'],
  events: [
    event({}),
    event({ event: 'task-created', element: 'eib-pre-review', rule: 'M99.1', group: 'eib' }),
  ],
};

describe('evaluateExpectation', () => {
  it('holds when every named fact matches what was observed', () => {
    expect(
      evaluateExpectation(
        {
          project: 'a',
          stage: 'awaiting-pre-review',
          status: 'in-process',
          planYear: null,
          waitingAt: 'await-pre-review',
          openTasks: [{ rule: 'M99.1', group: 'cac' }, { element: 'eib-pre-review' }],
          openTaskCount: 1,
          events: [{ event: 'task-created', rule: 'M99.1', group: 'eib' }, { event: 'submitted' }],
          noEvents: [{ event: 'incident' }, { event: 'task-created', group: 'finance' }],
        },
        state,
      ),
    ).toEqual([]);
  });

  it('says what was expected and what was seen for each mismatch', () => {
    const problems = evaluateExpectation(
      {
        project: 'a',
        stage: 'awaiting-annual-plan',
        planYear: 2028,
        waitingAt: 'await-annual-plan',
        openTasks: [{ element: 'eib-pre-review', group: 'finance' }],
        openTaskCount: 0,
        events: [{ event: 'message-correlated', element: 'await-pre-review' }],
        noEvents: [{ event: 'task-created', rule: 'M99.1' }],
      },
      state,
    );
    expect(problems).toEqual([
      'stage: expected "awaiting-annual-plan", saw "awaiting-pre-review"',
      'planYear: expected 2028, saw null',
      'waitingAt: expected await-annual-plan to be active, active are: project-lifecycle, await-pre-review',
      'openTasks: expected an open task with element eib-pre-review, group finance, open are: [element eib-pre-review, rule M99.1, groups eib/cac]',
      'openTaskCount: expected 0, saw 1 ([element eib-pre-review, rule M99.1, groups eib/cac])',
      'events: expected message-correlated element await-pre-review, seen: [submitted] [task-created element eib-pre-review rule M99.1 group eib]',
      expect.stringMatching(/^noEvents: expected no task-created rule M99\.1, saw \{"at"/),
    ]);
  });
});
