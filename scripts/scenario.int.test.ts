/**
 * `npm run scenario -- --attach` end to end on the test stack (broker with the controlled clock,
 * Tasklist, the exported records, the registry), run as a process owner runs it: a child process
 * with the lifecycle's scenario file, in the city's time zone and in New York's.
 *
 * The test broker's clock only moves forward and other suites move it too, so each run places the
 * files in the year after the broker's clock with --year.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ProjectStage } from '../src/projects';
import { paths } from '../src/shared/config';
import { openDataSource, testCamunda, testConfig } from '../src/shared/testing';
import { cityYearOf } from './lib/scenario';

const CUTOFF = path.join(paths.workflows, 'project-lifecycle', 'scenarios', 'plan-year-cutoff.json');
const LINE_KEYS = ['at', 'project', 'code', 'event', 'element', 'rule', 'group', 'due', 'detail'];
const CITY_OFFSET_MS = 8 * 3_600_000;

type Line = {
  at: string;
  project: string | null;
  code: string | null;
  event: string;
  element: string | null;
  rule: string | null;
  group: string | null;
  due: string | null;
  detail: Record<string, unknown>;
};
type Summary = { summary: Record<string, Record<string, unknown>>; scenario: string };
interface Run {
  status: number | null;
  stderr: string;
  events: Line[];
  summaries: Summary[];
  failures: { failure: Record<string, unknown> }[];
}

let runs = 0;
/** commands still running: a test that times out must not leave one moving the shared clock */
const running = new Set<ChildProcess>();

/**
 * Runs the command in a child process with the test stack's environment and a time zone; its
 * stderr (progress, what a settle waited for) is kept in DATA_DIR/test/scenario-command-<n>.log.
 */
function scenarioCommand(args: string[], tz: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(paths.repoRoot, 'node_modules', '.bin', 'tsx'),
      [path.join(paths.repoRoot, 'scripts', 'scenario.ts'), ...args],
      // its own process group, so that the whole command (tsx and its node) can be stopped
      {
        cwd: paths.repoRoot,
        env: { ...process.env, TZ: tz },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      running.delete(child);
      runs += 1;
      const logs = path.join(testConfig().DATA_DIR, 'test');
      fs.mkdirSync(logs, { recursive: true });
      fs.writeFileSync(path.join(logs, `scenario-command-${runs}.log`), stderr);
      const lines = stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({
        status,
        stderr,
        events: lines.filter((l) => 'event' in l) as Line[],
        summaries: lines.filter((l) => 'summary' in l) as Summary[],
        failures: lines.filter((l) => 'failure' in l) as Run['failures'],
      });
    });
  });
}

/** `YYYY-MM-DD HH:MM` in the city of an ISO instant. */
const cityMinute = (iso: string) =>
  new Date(Date.parse(iso) + CITY_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** What plan-year-cutoff.json must print when placed in `year` (Y): Y+1 on 31 August, Y+2 on 1 September. */
function expectCutoffResult(run: Run, year: number) {
  const of = (alias: string) => run.events.filter((l) => l.project === alias);
  const kinds = (alias: string) => of(alias).map((l) => `${l.event} ${l.element ?? ''}`.trim());
  for (const line of run.events) expect(Object.keys(line)).toEqual(LINE_KEYS);
  for (const alias of ['onCutoff', 'afterCutoff']) {
    expect(kinds(alias)[0]).toBe('submitted');
    expect(kinds(alias)).toEqual(
      expect.arrayContaining([
        'stage-changed',
        'process-completed project-intake',
        'task-created eib-pre-review',
        'task-created cac-security-pre-review',
        'task-completed eib-pre-review',
        'task-completed cac-security-pre-review',
        'message-correlated await-pre-review',
      ]),
    );
    expect(kinds(alias)).not.toContain('incident');
  }
  // submitted at the city's 23:00 on 31 August and 00:30 on 1 September, on the broker's clock
  const submitted = (alias: string) => of(alias).find((l) => l.event === 'submitted')!;
  expect(cityMinute(submitted('onCutoff').at)).toBe(`${year}-08-31 23:00`);
  expect(cityMinute(submitted('afterCutoff').at)).toBe(`${year}-09-01 00:30`);
  expect(submitted('onCutoff').code).toMatch(new RegExp(`^LS-${year}-\\d{4}$`));
  // the tasks: rule and candidate group from the BPMN, due on the September session's day
  const eib = of('onCutoff').find((l) => l.event === 'task-created' && l.element === 'eib-pre-review')!;
  expect(eib).toMatchObject({ rule: 'M7.3', group: 'eib', detail: { name: '经信局预审' } });
  expect(cityMinute(eib.due!)).toMatch(new RegExp(`^${year}-09-\\d\\d 23:59$`));
  const done = of('afterCutoff').find((l) => l.event === 'task-completed' && l.element === 'eib-pre-review')!;
  expect(done.detail).toMatchObject({ assignee: 'scenario-eib', variables: { eibPassed: true } });
  const stages = (alias: string) =>
    of(alias)
      .filter((l) => l.event === 'stage-changed')
      .map((l) => l.detail.to);
  expect(stages('onCutoff')).toEqual(['intake', 'awaiting-pre-review', 'awaiting-annual-plan']);
  // the session was opened by its scheduler's timer (an event of no project)
  expect(run.events).toContainEqual(
    expect.objectContaining({ project: null, event: 'timer-fired', element: 'wait-for-session' }),
  );
  // and the summary: both wait for the annual plan, of Y+1 and of Y+2
  const summary = run.summaries.find((s) => s.scenario === CUTOFF)!.summary;
  expect(summary).toEqual({
    onCutoff: {
      code: submitted('onCutoff').code,
      stage: 'awaiting-annual-plan',
      status: 'in-process',
      planYear: year + 1,
      openTasks: [],
    },
    afterCutoff: {
      code: submitted('afterCutoff').code,
      stage: 'awaiting-annual-plan',
      status: 'in-process',
      planYear: year + 2,
      openTasks: [],
    },
  });
}

describe('npm run scenario -- --attach (test stack)', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  let dir: string;
  /** project codes the runs submitted */
  const codes = new Set<string>();
  const runScenarios = async (args: string[], tz: string) => {
    const r = await scenarioCommand(args, tz);
    for (const l of r.events) if (l.code) codes.add(l.code);
    return r;
  };
  /** the year after the broker's clock, in the city */
  const nextYear = async () => cityYearOf(new Date(await camunda.clock.now())) + 1;

  beforeAll(async () => {
    ds = await openDataSource();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-it-'));
    // This suite runs after the others (scripts/lib/test-sequencer.js) and moves the clock by a
    // year: the session schedulers then open a session per month, and each would batch every
    // proposal the other suites left waiting — hundreds of pre-reviews that swamp the broker. They
    // leave the waiting stages first, as this suite's own projects do after it.
    await ds.query('UPDATE project SET stage = ? WHERE stage IN (?, ?)', [
      ProjectStage.Withdrawn,
      ProjectStage.AwaitingPreReview,
      ProjectStage.AwaitingAnnualPlan,
    ]);
  });
  // a command of a test that timed out must not run on beside the next test's
  afterEach(() => {
    for (const child of running) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // it ended meanwhile
      }
    }
  });
  afterAll(async () => {
    // the stack is shared: the runs' lifecycles end and their projects leave the waiting stages,
    // so that the sessions of later suites do not batch them
    for (const code of codes) {
      const [row] = (await ds.query('SELECT process_instance_key AS k FROM project WHERE code = ?', [
        code,
      ])) as {
        k: string | null;
      }[];
      if (row?.k) await camunda.zeebe.cancelProcessInstance(String(row.k)).catch(() => undefined);
      await ds.query('UPDATE project SET stage = ? WHERE code = ?', [ProjectStage.Withdrawn, code]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    await ds.destroy();
    await camunda.close();
  });

  it('refuses a bad scenario file naming the field, before anything starts (exit 2)', async () => {
    // given a file whose complete step names no candidate group
    const bad = path.join(dir, 'bad.json');
    const scenario = JSON.parse(fs.readFileSync(CUTOFF, 'utf8')) as { steps: Record<string, unknown>[] };
    delete (scenario.steps[6]!.complete as Record<string, unknown>).group;
    fs.writeFileSync(bad, JSON.stringify(scenario));
    const before = await camunda.clock.now();
    // when it is run
    const run = await runScenarios(['--attach', bad], 'Asia/Shanghai');
    // then it is refused with the field named, nothing printed on stdout, the clock not moved
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}: steps[6].complete.group:`);
    expect(run.events).toEqual([]);
    expect(run.summaries).toEqual([]);
    expect((await camunda.clock.now()) - before).toBeLessThan(5 * 60_000);
  }, 120_000);

  it('runs files in order; a failing expect is named with what it saw, and the steps after it do not run (exit 1)', async () => {
    // given a file whose expects hold, and one whose expect cannot
    const holds = path.join(dir, 'holds.json');
    fs.writeFileSync(
      holds,
      JSON.stringify({
        start: '2027-11-02T09:00:00+08:00',
        projects: {
          early: {
            title: '城市地下管网监测',
            departmentCode: 'natres',
            budgetEstimate: '600000.00',
            category: 'resource',
            inDevelopmentPlan: true,
          },
        },
        steps: [
          { submit: 'early' },
          { upload: { project: 'early', kind: 'proposal', file: 'early-proposal.pdf' } },
          {
            expect: {
              project: 'early',
              stage: 'awaiting-pre-review',
              events: [{ event: 'document-uploaded', group: 'natres' }],
            },
          },
        ],
      }),
    );
    // (the document it uploads, next to the file)
    fs.writeFileSync(path.join(dir, 'early-proposal.pdf'), '%PDF-1.7\n项目建议书\n%%EOF\n');
    const fails = path.join(dir, 'fails.json');
    fs.writeFileSync(
      fails,
      JSON.stringify({
        start: '2027-11-02T10:00:00+08:00',
        projects: {
          late: {
            title: '自然资源一张图',
            departmentCode: 'natres',
            budgetEstimate: '900000.00',
            category: 'resource',
            inDevelopmentPlan: true,
          },
        },
        steps: [{ submit: 'late' }, { expect: { project: 'late', stage: 'review' } }, { advanceBy: 'P1D' }],
      }),
    );
    const year = await nextYear();
    // when both run in one command in the city's time zone, placed in the year after the broker's clock
    const run = await runScenarios(['--attach', `--year=${year}`, holds, fails], 'Asia/Shanghai');
    // then the first ran to its end
    const early = run.summaries.find((s) => s.scenario === holds)!.summary.early!;
    expect(early).toMatchObject({ stage: 'awaiting-pre-review', status: 'in-process' });
    // and its document went into the project's document store through the API
    const uploaded = run.events.find((e) => e.project === 'early' && e.event === 'document-uploaded');
    expect(uploaded).toMatchObject({
      group: 'natres',
      detail: { kind: 'proposal', file: 'early-proposal.pdf', version: 1 },
    });
    // and the second's failing step is named with what was expected and seen; the step after it did not run
    expect(run.status).toBe(1);
    expect(run.failures).toEqual([
      {
        failure: {
          file: fails,
          step: 1,
          kind: 'expect',
          problems: ['stage: expected "review", saw "awaiting-pre-review"'],
        },
      },
    ]);
    expect(run.stderr).toContain(`FAILED ${fails} steps[1] (expect)`);
    const late = run.summaries.find((s) => s.scenario === fails)!.summary.late!;
    expect(late).toMatchObject({ stage: 'awaiting-pre-review', planYear: null });
    expect(cityMinute(new Date(await camunda.clock.now()).toISOString()) < `${year}-11-03 10:00`).toBe(true);
  }, 300_000);

  it("with the runner in New York time: 31 August in the city → next year's plan, 1 September → the plan after, through the monthly pre-review (exit 0)", async () => {
    // given the lifecycle's scenario, placed in the year after the broker's clock
    const year = await nextYear();
    // when the command runs with the process in America/New_York (31 August 23:00 in the city is
    // 11:00 there; 00:30 on 1 September in the city is still 31 August in New York)
    const run = await runScenarios(['--attach', `--year=${year}`, CUTOFF], 'America/New_York');
    // then every expect held, and the result is the city's
    expect(run.failures).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('1 scenario(s): every step ran and every expect held');
    expectCutoffResult(run, year);
  }, 600_000);
});
