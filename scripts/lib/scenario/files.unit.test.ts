import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../../../src/shared/config';
import { listScenarioFiles, readScenarioFiles, shiftInstant } from './files';

const lifecycleScenarios = path.join(paths.workflows, 'project-lifecycle', 'scenarios');

const scenario = (start: string, extra: object = {}) => ({
  start,
  projects: {
    a: { title: '测试项目', departmentCode: 'psb', budgetEstimate: '1.00', category: 'network' },
  },
  steps: [
    { submit: 'a' },
    { advanceTo: '2027-09-30T12:00:00+08:00' },
    { expect: { project: 'a', planYear: 2028 } },
  ],
  ...extra,
});

describe('readScenarioFiles', () => {
  it('reads the scenarios beside the processes, ordered by start', () => {
    // given the scenario files under workflows/, named in reverse order
    const files = listScenarioFiles(paths.workflows).reverse();
    expect(files).toContain(path.join(lifecycleScenarios, 'plan-year-cutoff.json'));
    // when read on a day before they start
    const scenarios = readScenarioFiles(files, new Date('2027-01-01T00:00:00Z'));
    // then they are valid and ordered by start
    const starts = scenarios.map((s) => s.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(scenarios.length).toBe(files.length);
  });

  it('moves every file by whole years with --year: city date and time kept, expected plan years moved too', () => {
    // given two files a year apart
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
    const first = path.join(dir, 'first.json');
    const second = path.join(dir, 'second.json');
    fs.writeFileSync(first, JSON.stringify(scenario('2027-08-31T23:00:00+08:00')));
    fs.writeFileSync(
      second,
      JSON.stringify(
        scenario('2028-10-01T00:30:00+08:00', {
          steps: [
            { submit: 'a' },
            { advanceTo: '2028-10-02T00:00:00+08:00' },
            {
              complete: {
                project: 'a',
                element: 'record-tender-results',
                group: 'psb',
                variables: {
                  contractEnd: '2029-02-28',
                  startedAt: '2028-10-02T09:00:00+08:00',
                  note: '2028 年',
                },
              },
            },
          ],
        }),
      ),
    );
    // when read for the year 2031
    const [a, b] = readScenarioFiles([second, first], new Date('2027-01-01T00:00:00Z'), { year: 2031 });
    // then the earliest starts in 2031 at the same city time, the other a year later, and the plan year follows
    expect(a!.file).toBe(first);
    expect(a!.start.toISOString()).toBe('2031-08-31T15:00:00.000Z');
    expect(a!.steps[1]).toEqual({ kind: 'advanceTo', at: new Date('2031-09-30T04:00:00.000Z') });
    expect(a!.steps[2]).toMatchObject({ kind: 'expect', expect: { planYear: 2032 } });
    expect(b!.start.toISOString()).toBe('2032-09-30T16:30:00.000Z');
    // and the dates a task is given move with it; other text stays
    expect(b!.steps[2]).toMatchObject({
      kind: 'complete',
      complete: {
        variables: { contractEnd: '2033-02-28', startedAt: '2032-10-02T01:00:00.000Z', note: '2028 年' },
      },
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shifts an instant by years in city time, whatever the process time zone', () => {
    // 00:30 on 1 September in the city is still 31 August in UTC
    expect(shiftInstant(new Date('2027-08-31T16:30:00Z'), 3).toISOString()).toBe('2030-08-31T16:30:00.000Z');
    expect(shiftInstant(new Date('2028-02-28T16:00:00Z'), 1).toISOString()).toBe('2029-02-28T16:00:00.000Z');
  });

  it('reports a file that is not JSON and a scenario starting in the past, by file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"start": ');
    expect(() => readScenarioFiles([broken])).toThrow(new RegExp(`^${broken}: .*JSON`));
    const past = path.join(dir, 'past.json');
    fs.writeFileSync(past, JSON.stringify(scenario('2020-01-01T00:00:00Z', { steps: [{ submit: 'a' }] })));
    expect(() => readScenarioFiles([past], new Date('2026-11-30T00:00:00Z'))).toThrow(
      `${past}: start: 2020-01-01T00:00:00.000Z is in the past`,
    );
    expect(() => readScenarioFiles([])).toThrow('name at least one scenario file');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
