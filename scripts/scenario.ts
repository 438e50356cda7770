/**
 * `npm run scenario -- [--attach] [--year=YYYY] <file.json> [more.json …]` — runs scenarios on a
 * stack of its own (fresh broker and OpenSearch, own ports and database), or with --attach on the
 * configured cluster (controlled clock required, e.g. the test stack), and prints one JSON line per
 * observed event, then a summary line per scenario (README, "Scenarios"). Exit 0 when every step
 * ran and every expect held; 1 when a step failed (named on stderr and in a `failure` line); 2 for
 * a bad scenario file or command line.
 */
import { loadConfig, paths, type Config } from '../src/shared/config';
import { connectCamunda, deployWorkflows, listWorkflowFiles } from '../src/shared/camunda';
import { createTaskAccess } from '../src/tasks';
import { startBackend } from './lib/backend';
import { Lifecycle } from './lib/lifecycle';
import {
  clearRunData,
  openHarness,
  parseArgs,
  readScenarioFiles,
  runScenarios,
  scenarioProfile,
  ScenarioError,
} from './lib/scenario';

async function main(): Promise<number> {
  let scenarios;
  let attach;
  try {
    const args = parseArgs(process.argv.slice(2));
    attach = args.attach;
    scenarios = readScenarioFiles(args.files, new Date(), { year: args.year });
    if (attach && !loadConfig().CAMUNDA_CLOCK_CONTROLLED)
      throw new ScenarioError(
        '--attach: the configured broker must run with the controlled clock (CAMUNDA_CLOCK_CONTROLLED=true)',
      );
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    console.error(e.message);
    return 2;
  }
  // stdout carries the JSON lines only: what the stack prints while starting goes to stderr
  console.log = console.error;
  const lifecycle = new Lifecycle();
  lifecycle.stopOnSignals(130);
  try {
    let config: Config;
    let databaseUrl: string;
    if (attach) {
      config = loadConfig();
      databaseUrl = config.DATABASE_URL;
    } else {
      const profile = scenarioProfile(loadConfig());
      config = profile.config;
      clearRunData(profile.profileDir);
      const backend = await startBackend(config, lifecycle, {
        profileDir: profile.profileDir,
        freshDatabase: true,
      });
      databaseUrl = backend.databaseUrl;
    }
    const camunda = connectCamunda(config);
    const deployed = await deployWorkflows(camunda.zeebe, listWorkflowFiles(paths.workflows));
    await camunda.close();
    console.error(`deployed ${deployed.map((d) => `${d.id} v${d.version}`).join(', ')}`);
    const open = await openHarness(config, { databaseUrl, tasks: createTaskAccess(config) });
    lifecycle.onStop('scenario runner', () => open.close());
    const failures = await runScenarios(open.harness, scenarios, {
      out: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
      log: (text) => console.error(text),
    });
    console.error(
      failures.length === 0
        ? `${scenarios.length} scenario(s): every step ran and every expect held`
        : `${failures.length} scenario(s) failed: ${failures.map((f) => `${f.file} steps[${f.step}] (${f.kind})`).join('; ')}`,
    );
    return failures.length === 0 ? 0 : 1;
  } finally {
    await lifecycle.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
