/**
 * `npm test` — the whole suite: type check, lint, unit tests, docker-compose validation, then
 * integration tests against a freshly started Camunda (controlled clock) and database of its own —
 * own ports, own data folder, own database — so a running dev stack is never touched.
 *
 *   npm test                   everything
 *   npm test -- --only=unit    static checks and unit tests (no cluster)
 *   npm test -- --only=int     integration tests only
 *   npm test -- --only=drills  the fault drills (bench/drills: own brokers and databases; ~15 min)
 *   npm test -- <jest args>    e.g. a test name pattern: -t "timer"
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, paths } from '../src/shared/config';
import { startBackend } from './lib/backend';
import { failedTests, type JestReport } from './lib/jest-report';
import { Lifecycle, run } from './lib/lifecycle';
import { testOverrides, testStackDir } from './lib/test-profile';
import { ensureModelerBuilt } from './lib/web-modeler';

const bin = (name: string) => path.join(paths.repoRoot, 'node_modules', '.bin', name);

/** Test counts read from jest's JSON report, for the closing line CI reads. */
const counts = { passed: 0, failed: 0 };
/** Each failed test with the start of its message, printed after the summary. */
const failures: string[] = [];
function jest(
  project: 'unit' | 'int' | 'e2e' | 'drill',
  extra: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const report = path.join(paths.repoRoot, '.data', `jest-${project}.json`);
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.rmSync(report, { force: true });
  return run(
    bin('jest'),
    ['--selectProjects', project, '--json', `--outputFile=${report}`, ...extra],
    env,
  ).finally(() => {
    if (!fs.existsSync(report)) return;
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as JestReport;
    counts.passed += r.numPassedTests;
    counts.failed += r.numFailedTests;
    failures.push(...failedTests(r, paths.repoRoot));
  });
}

interface Step {
  name: string;
  ok: boolean;
  ms: number;
  note?: string;
}

async function step(steps: Step[], name: string, fn: () => Promise<string | void>): Promise<boolean> {
  const t = Date.now();
  console.log(`\n▶ ${name}`);
  try {
    const note = await fn();
    steps.push({ name, ok: true, ms: Date.now() - t, note: note ?? undefined });
    return true;
  } catch (e) {
    console.error(`✗ ${name}: ${(e as Error).message}`);
    steps.push({ name, ok: false, ms: Date.now() - t });
    return false;
  }
}

function validateCompose(): string {
  const candidates: [string, string[]][] = [
    ['docker-compose', ['config', '-q']],
    ['docker', ['compose', 'config', '-q']],
  ];
  for (const [cmd, args] of candidates) {
    const r = spawnSync(cmd, args, { cwd: paths.repoRoot, encoding: 'utf8' });
    if (r.error) continue; // not installed
    if (r.status === 0) return `${cmd} ${args.join(' ')}: valid`;
    if (cmd === 'docker' && /not a docker command|unknown command|unknown (shorthand )?flag/i.test(r.stderr))
      continue;
    throw new Error(`${cmd} ${args.join(' ')} rejected docker-compose.yml:\n${r.stderr}`);
  }
  throw new Error(
    'neither docker-compose nor the docker compose plugin is installed (apt-get install docker-compose)',
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const jestArgs = args.filter((a) => !a.startsWith('--only='));
  const base = loadConfig();
  const overrides = testOverrides(base);
  const config = loadConfig({ ...process.env, ...overrides });
  const steps: Step[] = [];
  const started = Date.now();

  if (only === 'drills') {
    await step(steps, 'fault drills', () =>
      jest('drill', ['--runInBand', '--testTimeout=600000', ...jestArgs], {
        ...process.env,
        ...overrides,
      }),
    );
  }

  /** static checks and unit tests: no cluster */
  const staticAndUnit = async () => {
    // each of these two is single-threaded: side by side they take the time of the longer one
    await Promise.all([
      step(steps, 'type check (tsc)', async () => {
        await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
        await run(bin('tsc'), ['--noEmit', '-p', 'web-modeler/tsconfig.json']);
      }),
      step(steps, 'lint (eslint, prettier)', async () => {
        await run(bin('eslint'), ['.']);
        await run(bin('prettier'), ['--check', '--log-level=warn', '.']);
      }),
    ]);
    // jest's default leaves a core idle (one worker on 2 cores)
    await step(steps, 'unit tests', () => jest('unit', ['--maxWorkers=100%', ...jestArgs]));
    await step(steps, 'docker-compose.yml', async () => validateCompose());
  };

  const withStack = only !== 'unit' && only !== 'drills';
  const withoutStack = only !== 'int' && only !== 'drills';
  if (!withStack) {
    if (withoutStack) await staticAndUnit();
  } else {
    // the end-to-end tests drive the built web modeler
    await step(steps, 'build web modeler (vite)', () => ensureModelerBuilt(true));
    const lifecycle = new Lifecycle();
    lifecycle.stopOnSignals(130);
    const profileDir = testStackDir(config);
    // a fresh cluster every run, and fresh OpenSearch, Tasklist and Operate data with it: a new
    // broker reuses keys, so records left from an earlier run would be mistaken for this run's.
    // Keycloak keeps its store (the realm is seeded idempotently); the private database (if any)
    // keeps its files but the schema is recreated
    for (const part of ['camunda', 'opensearch', 'tasklist', 'operate']) {
      fs.rmSync(path.join(profileDir, part), { recursive: true, force: true });
    }
    let databaseUrl = config.DATABASE_URL;
    // the stack starts while the static checks and unit tests run: its Java processes spend most
    // of their start waiting for each other, and the two together took 160 s + 176 s one after the other
    const starting = step(steps, 'start test cluster and database', async () => {
      const backend = await startBackend(config, lifecycle, { profileDir, freshDatabase: true });
      databaseUrl = backend.databaseUrl;
      return `Camunda ready ${(backend.timings.camunda! / 1000).toFixed(1)} s after start`;
    });
    if (withoutStack) await staticAndUnit();
    if (await starting) {
      // both suites talk to the stack just started
      const stackEnv = { ...process.env, ...overrides, DATABASE_URL: databaseUrl };
      // a test name or path pattern may select tests of one suite only: the other then finds none
      const filtered = jestArgs.length > 0 ? ['--passWithNoTests'] : [];
      // --forceExit: a handle a suite leaves open must not keep a finished run from ending (the
      // SDK's job-stream back-up poll once kept jest alive 10 minutes after the last test; the
      // workers now poll themselves, see workers/runtime/start.ts)
      const stackArgs = ['--runInBand', '--forceExit', '--testTimeout=90000', ...filtered, ...jestArgs];
      await step(steps, 'end-to-end tests (headless Chromium)', () => jest('e2e', stackArgs, stackEnv));
      await step(steps, 'integration tests', () => jest('int', stackArgs, stackEnv));
    }
    await lifecycle.stop();
  }

  console.log('\nSummary');
  for (const s of steps) {
    console.log(
      `  ${s.ok ? '✓' : '✗'} ${s.name} (${(s.ms / 1000).toFixed(1)} s)${s.note ? ` — ${s.note}` : ''}`,
    );
  }
  const failed = steps.filter((s) => !s.ok).length;
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s; ${failed} step(s) failed`);
  console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
  // named last, so that the tail of a long log (all a CI page may show) says what failed and why
  for (const f of failures) console.log(`\n✗ ${f}`);
  process.exit(failed === 0 && counts.failed === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
