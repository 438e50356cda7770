/**
 * `npm run bench -- lifecycle [counts] [scenario]` — N whole project lifecycles side by side under
 * the controlled clock, through the scenario runner: the scenario's project is copied N times
 * (scripts/lib/scenario/replicate.ts), every step runs for all copies at once and the system
 * settles once per step. Each N runs on a fresh stack of the scenario runner (broker with the
 * controlled clock, OpenSearch, Tasklist, Operate, Keycloak; the database `<name>_scenario`).
 *
 * Figures per N: total wall time, wall time from the first submission to each lifecycle's end
 * (p50, max), lifecycles completed, failures, and the latency of every call to the tasks component
 * (Tasklist's search and the completion), per operation. Target (issue #14): 100 in under 2× the
 * wall time of 10. Chart: bench/results/lifecycle.svg. Each N's events and stack logs are kept in
 * `.data/bench/` (the next N's fresh stack would overwrite the logs).
 *
 * The copies are submitted by departments of their own (`bench-001` …, two per department): M7.5
 * sends a department's third proposal of a year to the EIB for an override, which the scenario
 * does not plan for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { connectCamunda, deployWorkflows, listWorkflowFiles } from '../src/shared/camunda';
import { loadConfig, paths } from '../src/shared/config';
import { createDataSource } from '../src/shared/db';
import { DepartmentEntity } from '../src/organisations/data-access/organisation.entities';
import { ProcessId } from '../src/shared/bpmn';
import { createTaskAccess } from '../src/tasks';
import { startBackend } from '../scripts/lib/backend';
import { Lifecycle } from '../scripts/lib/lifecycle';
import {
  clearRunData,
  openHarness,
  readScenarioFiles,
  replicateScenario,
  runScenarios,
  scenarioProfile,
  type ScenarioTasks,
} from '../scripts/lib/scenario';
import { percentile } from './lib';
import { writeChart } from './plot';

const DEFAULT_SCENARIO = path.join(paths.repoRoot, 'workflows', 'scenarios', 'whole-lifecycle.json');
const PER_DEPARTMENT = 2;

export interface LifecycleRun {
  copies: number;
  totalS: number;
  completed: number;
  /** seconds from the first step to each lifecycle's end, ascending */
  perLifecycleS: number[];
  failures: string[];
  /** milliseconds per call to the tasks component, by operation */
  taskCalls: Record<string, number[]>;
}

/** `tasks` with the time of each call added to `calls` under the operation's name. */
function timed(tasks: ScenarioTasks, calls: Record<string, number[]>): ScenarioTasks {
  const time = async <T>(op: string, call: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await call();
    } finally {
      (calls[op] ??= []).push(performance.now() - t);
    }
  };
  return {
    listForUser: (user, filter) => time('search', () => tasks.listForUser(user, filter)),
    complete: (id, variables, user) => time('complete', () => tasks.complete(id, variables, user)),
  };
}

/** Copies the stack's logs (`<part>/<part>.log`) to `to`, before the next N's fresh stack clears them. */
function keepLogs(profileDir: string, to: string): void {
  if (!fs.existsSync(profileDir)) return;
  fs.mkdirSync(to, { recursive: true });
  for (const part of fs.readdirSync(profileDir)) {
    const log = path.join(profileDir, part, `${part}.log`);
    if (fs.existsSync(log)) fs.copyFileSync(log, path.join(to, `${part}.log`));
  }
}

async function runOnce(copies: number, file: string): Promise<LifecycleRun> {
  const [scenario] = readScenarioFiles([file], new Date());
  const replicated = replicateScenario(
    scenario!,
    copies,
    (copy) => `bench-${String(Math.ceil(copy / PER_DEPARTMENT)).padStart(3, '0')}`,
  );
  const lifecycle = new Lifecycle();
  lifecycle.stopOnSignals(130);
  const profile = scenarioProfile(loadConfig());
  const taskCalls: Record<string, number[]> = {};
  try {
    clearRunData(profile.profileDir);
    console.error(`N=${copies}: starting the scenario stack…`);
    const backend = await startBackend(profile.config, lifecycle, {
      profileDir: profile.profileDir,
      freshDatabase: true,
    });
    const ds = await createDataSource(backend.databaseUrl).initialize();
    const departments = [...new Set(Object.values(replicated.projects).map((p) => p.departmentCode))];
    await ds.getRepository(DepartmentEntity).upsert(
      departments.map((code) => ({ code, name: `基准测试部门 ${code}`, isCounty: false })),
      ['code'],
    );
    await ds.destroy();
    const camunda = connectCamunda(profile.config);
    await deployWorkflows(camunda.zeebe, listWorkflowFiles(paths.workflows));
    await camunda.close();
    const open = await openHarness(profile.config, {
      databaseUrl: backend.databaseUrl,
      tasks: timed(createTaskAccess(profile.config), taskCalls),
    });
    lifecycle.onStop('scenario runner', () => open.close());
    const started = Date.now();
    const ended = new Map<string, number>();
    // every event of the run, for a look at what happened: .data/bench/lifecycle-<N>.ndjson
    const eventsFile = path.join(paths.repoRoot, '.data', 'bench', `lifecycle-${copies}.ndjson`);
    fs.mkdirSync(path.dirname(eventsFile), { recursive: true });
    const events = fs.createWriteStream(eventsFile);
    lifecycle.onStop('event log', () => new Promise<void>((r) => events.end(r)));
    const failures = await runScenarios(open.harness, [replicated], {
      // Tasklist's import of N lifecycles' records lags behind the broker: a task may take minutes
      // to appear at N = 100 (the runner's default, 60 s, stopped N = 10 at step 32 once)
      taskWaitMs: 300_000,
      out: (line) => {
        events.write(`${JSON.stringify(line)}\n`);
        const l = line as { event?: string; element?: string; project?: string | null };
        if (l.event === 'process-completed' && l.element === ProcessId.ProjectLifecycle && l.project)
          ended.set(l.project, Date.now());
      },
      log: (text) => {
        if (/FAILED|still busy/.test(text)) console.error(text);
      },
    });
    const totalS = (Date.now() - started) / 1000;
    return {
      copies,
      totalS,
      completed: ended.size,
      perLifecycleS: [...ended.values()].map((t) => (t - started) / 1000).sort((a, b) => a - b),
      failures: failures.flatMap((f) => f.problems.map((p) => `steps[${f.step}] ${f.kind}: ${p}`)),
      taskCalls,
    };
  } finally {
    await lifecycle.stop();
    keepLogs(profile.profileDir, path.join(paths.repoRoot, '.data', 'bench', `lifecycle-${copies}-logs`));
  }
}

export async function lifecycleBench(
  counts: number[] = [1, 10, 100],
  file = DEFAULT_SCENARIO,
): Promise<void> {
  const runs: LifecycleRun[] = [];
  for (const n of counts) {
    const run = await runOnce(n, file);
    runs.push(run);
    const p = (q: number) => (run.perLifecycleS.length ? percentile(run.perLifecycleS, q).toFixed(1) : '-');
    console.log(
      `N=${String(n).padStart(3)}  total ${run.totalS.toFixed(1).padStart(7)} s  completed ${run.completed}/${n}  per lifecycle p50 ${p(50)} s  max ${p(100)} s  failures ${run.failures.length}`,
    );
    for (const [op, ms] of Object.entries(run.taskCalls)) {
      const sorted = [...ms].sort((a, b) => a - b);
      console.log(
        `       tasks ${op.padEnd(8)} ${String(ms.length).padStart(5)} calls  p50 ${percentile(sorted, 50).toFixed(0)} ms  p99 ${percentile(sorted, 99).toFixed(0)} ms  max ${sorted[sorted.length - 1]!.toFixed(0)} ms`,
      );
    }
    for (const f of run.failures.slice(0, 5)) console.log(`  ${f}`);
  }
  // the ratio means something only between runs in which every lifecycle completed
  const whole = (n: number) =>
    runs.find((r) => r.copies === n && r.completed === n && r.failures.length === 0);
  const ten = whole(10);
  const hundred = whole(100);
  if (ten && hundred)
    console.log(
      `100 vs 10: ${(hundred.totalS / ten.totalS).toFixed(2)}× the wall time (target under 2×: ${hundred.totalS < 2 * ten.totalS ? 'met' : 'NOT met'})`,
    );
  const chart = writeChart(path.join(paths.repoRoot, 'bench', 'results', 'lifecycle.svg'), {
    title: `${path.basename(file)}: lifecycles side by side`,
    xLabel: 'lifecycles in parallel (N)',
    yLabel: 'wall time (s)',
    series: [
      { name: 'total', points: runs.map((r) => ({ x: r.copies, y: r.totalS })) },
      {
        name: 'p50 per lifecycle',
        points: runs
          .filter((r) => r.perLifecycleS.length > 0)
          .map((r) => ({ x: r.copies, y: percentile(r.perLifecycleS, 50) })),
      },
    ],
  });
  console.log(`chart: ${chart}`);
  if (runs.some((r) => r.failures.length > 0 || r.completed < r.copies)) process.exitCode = 1;
}
