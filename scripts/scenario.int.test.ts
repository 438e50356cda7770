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
import { CalendarService } from '../src/calendar';
import { shanghaiTime } from '../src/calendar/domain/local-date';
import { ProjectStage, projectTimeline } from '../src/projects';
import { PLAN_YEAR_MOVED, SessionKind, sessionSlot } from '../src/sessions';
import { Role } from '../src/users';
import { MessageName } from '../src/shared/bpmn';
import { paths } from '../src/shared/config';
import { openDataSource, testCamunda, testConfig } from '../src/shared/testing';
import { cityYearOf } from './lib/scenario';

const CUTOFF = path.join(paths.workflows, 'project-lifecycle', 'scenarios', 'plan-year-cutoff.json');
const WHOLE = path.join(paths.workflows, 'scenarios', 'whole-lifecycle.json');
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

/**
 * What plan-year-cutoff.json must print when placed in `year` (Y): 31 August → the plan of Y+1, which
 * opens after the September session and releases it; 1 September → Y+2; 31 August but passed only
 * after the plan of Y+1 opened → carried over to Y+2 (M7.4).
 */
function expectCutoffResult(run: Run, year: number, file: string, sessionDate: string) {
  const of = (alias: string) => run.events.filter((l) => l.project === alias);
  const kinds = (alias: string) => of(alias).map((l) => `${l.event} ${l.element ?? ''}`.trim());
  for (const line of run.events) expect(Object.keys(line)).toEqual(LINE_KEYS);
  for (const alias of ['onCutoff', 'afterCutoff', 'decidedLate']) {
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
  expect(cityMinute(eib.due!)).toBe(`${sessionDate} 23:59`);
  const done = of('afterCutoff').find((l) => l.event === 'task-completed' && l.element === 'eib-pre-review')!;
  expect(done.detail).toMatchObject({ assignee: 'scenario-eib', variables: { eibPassed: true } });
  const stages = (alias: string) =>
    of(alias)
      .filter((l) => l.event === 'stage-changed')
      .map((l) => l.detail.to);
  // passed in the September session, then collected by the plan of Y+1 that opened after it, and released
  expect(stages('onCutoff')).toEqual(['intake', 'awaiting-pre-review', 'awaiting-annual-plan', 'review']);
  const plan = of('onCutoff').find(
    (l) => l.event === 'message-correlated' && l.element === 'await-annual-plan',
  )!;
  expect(plan.detail).toMatchObject({ variables: { includedInPlan: true, planYear: year + 1 } });
  expect(cityMinute(plan.at) > `${sessionDate} 23:59`).toBe(true);
  // batched by the September session, passed only after the plan of Y+1 had opened → Y+2
  expect(stages('decidedLate')).toEqual(['intake', 'awaiting-pre-review', 'awaiting-annual-plan']);
  const late = of('decidedLate').find(
    (l) => l.event === 'message-correlated' && l.element === 'await-pre-review',
  )!;
  expect(late.detail).toMatchObject({ variables: { preReviewPassed: true, planYear: year + 2 } });
  expect(Date.parse(late.at)).toBeGreaterThan(shanghaiTime(sessionDate, 23, 59).getTime());
  // the session was opened by its scheduler's timer (an event of no project)
  expect(run.events).toContainEqual(
    expect.objectContaining({ project: null, event: 'timer-fired', element: 'wait-for-session' }),
  );
  // and the summary: Y+1 in technical review, the others wait for the plan of Y+2
  const summary = run.summaries.find((s) => s.scenario === file)!.summary;
  expect(summary).toMatchObject({
    onCutoff: { code: submitted('onCutoff').code, stage: 'review', planYear: year + 1 },
    afterCutoff: {
      code: submitted('afterCutoff').code,
      stage: 'awaiting-annual-plan',
      status: 'in-process',
      planYear: year + 2,
      openTasks: [],
    },
    decidedLate: {
      code: submitted('decidedLate').code,
      stage: 'awaiting-annual-plan',
      status: 'in-process',
      planYear: year + 2,
      openTasks: [],
    },
  });
}

const auditor = {
  username: 'scenario-auditor',
  displayName: 'scenario auditor',
  roles: [Role.Administrator],
  departmentCode: null,
  agencyCode: null,
};

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
      // an accepted system's yearly MLPS testing runs in an instance of its own: it is retired
      await camunda.zeebe
        .publishMessage({
          name: MessageName.MlpsSystemRetired,
          correlationKey: code,
          variables: {},
          timeToLive: 0,
        })
        .catch(() => undefined);
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
    delete (scenario.steps[7]!.complete as Record<string, unknown>).group;
    fs.writeFileSync(bad, JSON.stringify(scenario));
    const before = await camunda.clock.now();
    // when it is run
    const run = await runScenarios(['--attach', bad], 'Asia/Shanghai');
    // then it is refused with the field named, nothing printed on stdout, the clock not moved
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}: steps[7].complete.group:`);
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

  it("with the runner in New York time: 31 August in the city → next year's plan, opened after the September pre-review, which releases it; 1 September, and a pass after that plan opened (M7.4) → the plan after (exit 0)", async () => {
    // given the lifecycle's scenario, placed in the year after the broker's clock, its session-day
    // step on that year's September session (the file's is 2027's, Thursday 23 September)
    const year = await nextYear();
    const calendar = await new CalendarService(ds, 0).calendarInForce();
    const session = sessionSlot(calendar, SessionKind.MonthlyPreReview, `${year}-09`);
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, String(year)).at.getTime()).toBeGreaterThan(
      shanghaiTime(session.date, 12).getTime(),
    );
    const scenario = JSON.parse(fs.readFileSync(CUTOFF, 'utf8')) as { steps: Record<string, unknown>[] };
    const fileSessionDay = '2027-09-23T12:00:00+08:00';
    const step = scenario.steps.findIndex((s) => s.advanceTo === fileSessionDay);
    expect(step).toBeGreaterThan(0);
    scenario.steps[step] = { advanceTo: fileSessionDay.replace('09-23', session.date.slice(5)) };
    const file = path.join(dir, 'plan-year-cutoff.json');
    fs.writeFileSync(file, JSON.stringify(scenario));
    // when the command runs with the process in America/New_York (31 August 23:00 in the city is
    // 11:00 there; 00:30 on 1 September in the city is still 31 August in New York)
    const run = await runScenarios(['--attach', `--year=${year}`, file], 'America/New_York');
    // then every expect held, and the result is the city's
    expect(run.failures).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('1 scenario(s): every step ran and every expect held');
    expectCutoffResult(run, year, file, session.date);
    // and the carried-over project's timeline says why, under M7.4, and its department was told
    const code = run.events.find((l) => l.project === 'decidedLate' && l.event === 'submitted')!.code!;
    const moved = (await projectTimeline(ds, auditor, code)).events.filter(
      (e) => 'action' in e && e.action === PLAN_YEAR_MOVED,
    );
    expect(moved).toEqual([
      expect.objectContaining({
        ruleId: 'M7.4',
        reason: expect.stringMatching(
          new RegExp(`${year + 1}年度.*已于${year}-09-\\d\\d开始研究.*列入${year + 2}年度计划`),
        ),
      }),
    ]);
    const notices = (await ds.query(
      "SELECT task_name AS name, candidate_groups AS groups FROM notification WHERE kind = 'project-decision' AND project_code = ?",
      [code],
    )) as { name: string; groups: string }[];
    expect(notices).toContainEqual({
      name: expect.stringContaining(`项目计划年度顺延至${year + 2}年度`),
      groups: 'housing',
    });
  }, 900_000);

  it('takes one project from its proposal to O&M funding over four simulated years; its timeline shows every stage, deadline and breach in order (exit 0)', async () => {
    // given the whole-lifecycle scenario placed in the year after the broker's clock
    const year = await nextYear();
    // when it runs
    const run = await runScenarios(['--attach', `--year=${year}`, WHOLE], 'Asia/Shanghai');
    // then every step ran and every expect held
    expect(run.failures).toEqual([]);
    expect(run.status).toBe(0);
    const code = run.events.find((l) => l.project === 'platform' && l.event === 'submitted')!.code!;
    const timeline = await projectTimeline(ds, auditor, code);
    const at = (e: { at: Date | string }) => new Date(e.at).getTime();
    // in order of time
    expect(timeline.events.map(at)).toEqual([...timeline.events.map(at)].sort((a, b) => a - b));
    // every stage the lifecycle passed, from the proposal to operation
    const stages = timeline.events.flatMap((e) => ('stage' in e && e.stage ? [e.stage] : []));
    const firstOf = (stage: string) => stages.indexOf(stage);
    const order = [
      'intake',
      'awaiting-pre-review',
      'awaiting-annual-plan',
      'review',
      'approved',
      'procurement',
      'construction',
      'acceptance',
      'accepted',
      'operation',
    ];
    for (const stage of order) expect(stages).toContain(stage);
    expect(order.map(firstOf)).toEqual([...order.map(firstOf)].sort((a, b) => a - b));
    expect(timeline.stage).toBe('operation');
    // the deadlines of every stage, each under its rule
    const deadlines = new Set(timeline.events.filter((e) => e.type === 'deadline-set').map((e) => e.ruleId));
    for (const rule of ['M11.1', 'M18', 'M17', 'M21', 'M22.1', 'M27']) expect(deadlines).toContain(rule);
    // the one deadline the department missed: the 6-month application for final acceptance
    const missed = timeline.events.filter((e) => e.type === 'deadline-missed').map((e) => e.ruleId);
    expect(missed).toEqual(['M17']);
    // the decisions and records of each stage, by rule
    const rules = new Set(timeline.events.flatMap((e) => ('ruleId' in e && e.ruleId ? [e.ruleId] : [])));
    for (const rule of ['M12', 'M13', 'M15', 'M16', 'M17', 'M20', 'M21', 'M22.1', 'M24.1', 'M24.2', 'M27'])
      expect(rules).toContain(rule);
    // every entry on the broker's clock (uploads too), spanning more than four years of it
    const span = at(timeline.events.at(-1)!) - at(timeline.events[0]!);
    expect(span).toBeGreaterThan(4 * 365 * 24 * 3_600_000);
  }, 1_200_000);
});
