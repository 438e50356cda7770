import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { durationMs, orderScenarios, parseScenario, ScenarioError } from './schema';

const proposal = {
  title: '城市运行监测平台',
  departmentCode: 'psb',
  budgetEstimate: '3850000.00',
  category: 'application-system',
};
const valid = {
  start: '2027-08-31T09:00:00+08:00',
  projects: { a: proposal },
  steps: [
    { submit: 'a' },
    { expect: { project: 'a', stage: 'awaiting-pre-review', waitingAt: 'await-pre-review' } },
    { advanceBy: 'P5D' },
    { advanceTo: '2027-09-30T09:00:00+08:00' },
    { complete: { project: 'a', rule: 'M99.1', group: 'eib', variables: { passed: true } } },
    { expect: { project: 'a', events: [{ event: 'task-completed', rule: 'M99.1' }], openTaskCount: 0 } },
  ],
};

/** The error message of parsing `json`, which must fail. */
function problemsOf(json: unknown): string {
  try {
    parseScenario('s.json', json);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe('parseScenario', () => {
  it('reads a complete step of no project (a session task) by its element, and refuses one named by rule only', () => {
    // given the annual plan's joint review, a task of the whole session
    const withComplete = (complete: object) => ({ ...valid, steps: [{ submit: 'a' }, { complete }] });
    // when named by element and group, then it is kept without a project
    const s = parseScenario('s.json', withComplete({ element: 'eib-plan-review', group: 'eib' }));
    expect(s.steps[1]).toEqual({
      kind: 'complete',
      complete: { element: 'eib-plan-review', group: 'eib', variables: {} },
    });
    // when named by its rule alone, then it is refused: a rule does not say which session task
    expect(problemsOf(withComplete({ rule: 'M7.1', group: 'eib' }))).toContain(
      "steps[1].complete.element: a task of no project (a session's) is named by its element",
    );
  });

  it("reads a change step (M16) with the API's own rules for its amount, and refuses a number or a zero", () => {
    // given a change step after the submission
    const withChange = (change: object) => ({
      ...valid,
      steps: [{ submit: 'a' }, { change }, { expect: { project: 'a', stage: 'construction' } }],
    });
    // when it is valid, then it is kept as written
    const s = parseScenario(
      's.json',
      withChange({ project: 'a', description: '增加接口', adjustmentAmount: '-120000.00' }),
    );
    expect(s.steps[1]).toEqual({
      kind: 'change',
      change: { project: 'a', description: '增加接口', adjustmentAmount: '-120000.00' },
    });
    // when the amount is a JSON number or zero, then the step is refused by its path
    expect(problemsOf(withChange({ project: 'a', description: '增加接口', adjustmentAmount: 5 }))).toContain(
      'steps[1].change.adjustmentAmount',
    );
    expect(
      problemsOf(withChange({ project: 'a', description: '增加接口', adjustmentAmount: '0.00' })),
    ).toMatch(/must not be 0/);
  });

  it('reads a valid scenario: steps in order, the clock at its end', () => {
    // given a valid scenario; when parsed
    const s = parseScenario('s.json', valid);
    // then every step is there with its kind, and the end is the last advanceTo
    expect(s.start.toISOString()).toBe('2027-08-31T01:00:00.000Z');
    expect(s.steps.map((x) => x.kind)).toEqual([
      'submit',
      'expect',
      'advanceBy',
      'advanceTo',
      'complete',
      'expect',
    ]);
    expect(s.steps[2]).toEqual({ kind: 'advanceBy', ms: 5 * 24 * 3600_000, text: 'P5D' });
    expect(s.end.toISOString()).toBe('2027-09-30T01:00:00.000Z');
    expect(s.projects.a!.departmentCode).toBe('psb');
  });

  it('reads an upload step with its file resolved next to the scenario, and refuses a missing file or an unknown kind', () => {
    // given a scenario file in a folder with a document next to it
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-upload-'));
    try {
      fs.writeFileSync(path.join(dir, 'fs.pdf'), '%PDF-1.7\n');
      const file = path.join(dir, 's.json');
      const withUpload = (upload: object) => ({
        ...valid,
        steps: [{ submit: 'a' }, { upload }, { expect: { project: 'a', stage: 'review' } }],
      });
      // when parsed, then the step carries the resolved path
      const s = parseScenario(file, withUpload({ project: 'a', kind: 'feasibility-study', file: 'fs.pdf' }));
      expect(s.steps[1]).toEqual({
        kind: 'upload',
        upload: { project: 'a', kind: 'feasibility-study', file: path.join(dir, 'fs.pdf') },
      });
      // and a missing file or an unknown document type is named by its JSON path
      const refusal = (upload: object) => {
        try {
          parseScenario(file, withUpload(upload));
        } catch (e) {
          return (e as Error).message;
        }
        throw new Error('expected a refusal');
      };
      expect(refusal({ project: 'a', kind: 'feasibility-study', file: 'none.pdf' })).toContain(
        'steps[1].upload.file: no file none.pdf next to the scenario',
      );
      expect(refusal({ project: 'a', kind: 'budget', file: 'fs.pdf' })).toContain(
        'steps[1].upload.kind: type must be one of',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file and the JSON path of a bad proposal field', () => {
    const msg = problemsOf({ ...valid, projects: { a: { ...proposal, budgetEstimate: 3850000 } } });
    expect(msg).toMatch(/^s\.json: projects\.a\.budgetEstimate: budgetEstimate must be a string/);
  });

  it('requires the department of a proposal (the submitting user belongs to it)', () => {
    const noDept: Record<string, unknown> = { ...proposal };
    delete noDept.departmentCode;
    expect(problemsOf({ ...valid, projects: { a: noDept } })).toContain(
      's.json: projects.a.departmentCode: required',
    );
  });

  it.each([
    [
      { sumbit: 'a' },
      'steps[0]: a step has exactly one key of submit, advanceTo, advanceBy, complete, upload, change, expect; found sumbit',
    ],
    [{ submit: 'b' }, 'steps[0].submit: no project "b" in projects (known: a)'],
    [{ advanceBy: 'P1M' }, 'steps[0].advanceBy: an ISO-8601 duration'],
    [{ advanceTo: '2027-08-31 10:00' }, 'steps[0].advanceTo: must be an ISO-8601 date-time with an offset'],
    [
      { advanceTo: '2027-08-30T09:00:00+08:00' },
      'steps[0].advanceTo: 2027-08-30T01:00:00.000Z is before the clock',
    ],
    [
      { expect: { project: 'a', stage: 'x' } },
      'steps[0].expect.project: project "a" is not submitted before this step',
    ],
  ])('refuses the step %j naming it', (step, message) => {
    expect(problemsOf({ ...valid, steps: [step] })).toContain(`s.json: ${message}`);
  });

  it('refuses a complete step naming both a rule and an element, or a bad group', () => {
    const msg = problemsOf({
      ...valid,
      steps: [{ submit: 'a' }, { complete: { project: 'a', rule: 'M99.1', element: 'x', group: 'EIB!' } }],
    });
    expect(msg).toContain('s.json: steps[1].complete.group: a candidate group');
    expect(msg).toContain(
      's.json: steps[1].complete.element: name the task by exactly one of rule or element',
    );
  });

  it('refuses an expect without assertions and an unknown event kind', () => {
    const msg = problemsOf({
      ...valid,
      steps: [
        { submit: 'a' },
        { expect: { project: 'a' } },
        { expect: { project: 'a', events: [{ event: 'exploded' }] } },
      ],
    });
    expect(msg).toContain('s.json: steps[1].expect: an expect needs at least one of');
    expect(msg).toContain('s.json: steps[2].expect.events[0].event:');
  });

  it('refuses a second submit of one project and lists every problem at once', () => {
    const msg = problemsOf({ ...valid, start: 'soon', steps: [{ submit: 'a' }, { submit: 'a' }] });
    expect(msg).toContain('s.json: start: must be an ISO-8601 date-time');
    const again = problemsOf({ ...valid, steps: [{ submit: 'a' }, { submit: 'a' }] });
    expect(again).toContain('s.json: steps[1].submit: project "a" is already submitted');
  });

  it('refuses unknown top-level fields and a file without steps', () => {
    expect(problemsOf({ ...valid, stpes: [] })).toContain('s.json: (top level): Unrecognized key');
    expect(problemsOf({ ...valid, steps: [] })).toContain(
      's.json: steps: a scenario needs at least one step',
    );
  });
});

describe('durationMs', () => {
  it.each([
    ['P5D', 5 * 86_400_000],
    ['PT2H', 7_200_000],
    ['P1W', 7 * 86_400_000],
    ['P1DT12H30M', 86_400_000 + 12.5 * 3_600_000],
    ['PT90S', 90_000],
  ])('%s is %d ms', (text, ms) => expect(durationMs(text)).toBe(ms));
  it.each(['P', 'PT', 'P1Y', 'P1M', '5D', 'P1DT'])('%s is not accepted', (text) =>
    expect(durationMs(text)).toBeUndefined(),
  );
});

describe('orderScenarios', () => {
  const at = (file: string, start: string, steps: object[] = [{ submit: 'a' }]) =>
    parseScenario(file, { ...valid, start, steps });

  it('orders by start instant', () => {
    const late = at('late.json', '2028-01-01T00:00:00Z');
    const early = at('early.json', '2027-08-31T00:00:00Z');
    expect(orderScenarios([late, early]).map((s) => s.file)).toEqual(['early.json', 'late.json']);
  });

  it('refuses a scenario that starts before the previous one ends', () => {
    const first = at('first.json', '2027-08-31T00:00:00Z', [{ submit: 'a' }, { advanceBy: 'P10D' }]);
    const second = at('second.json', '2027-09-05T00:00:00Z');
    expect(() => orderScenarios([second, first])).toThrow(
      'second.json: start: 2027-09-05T00:00:00.000Z is before first.json ends (2027-09-10T00:00:00.000Z)',
    );
  });
});
