/**
 * `npm run bench -- <name> [args]` — each benchmark starts its own broker and database on the
 * test ports (a running dev stack is not touched) and prints its figures.
 *   footprint [idle s] [name] [restart]  the whole stack of `npm start`: start to ready, CPU and
 *                   idle memory of each process, first start and restart (or the restart alone, on
 *                   the data kept); chart bench/results/<name>.svg
 *   jobs [n]        worker transport latency and throughput: gRPC streaming vs long polling
 *   ceiling [s] [rates]  engine ceiling vs our worker framework at increasing offered rates
 *                        (s seconds per rate; rates comma-separated), with a CPU profile and charts
 *   calendar [c] [s]  addWorkingDays calls/s; HTTP latency with c clients for s seconds
 *   projects [n] [c] [s]  project list and timeline latency over n seeded projects
 *   modeler [e] [edits]   web modeler in Chromium: import/render of an e-element diagram, lint per edit
 *   lifecycle [counts] [file]  N whole lifecycles side by side through the scenario runner
 *                   (counts comma-separated, default 1,10,100); chart bench/results/lifecycle.svg
 *   drill <name> [n]      fault drills on a broker of their own (bench/drills/index.ts):
 *                         broker-killed | worker-killed | database-outage [n] [s] | outbox |
 *                         cluster-member-lost [n] [starts/s] | hostile [requests]
 */
import { calendarBench } from './calendar';
import { drill } from './drills';
import { engineCeiling } from './engine-ceiling';
import { jobLatency } from './job-latency';
import { lifecycleBench } from './lifecycle';
import { modelerBench } from './modeler';
import { projectsBench } from './projects';
import { footprint } from './stack-footprint';

const [name, arg, arg2, arg3, ...more] = process.argv.slice(2);
const num = (a?: string) => (a ? Number(a) : undefined);
const benches: Record<string, () => Promise<void>> = {
  footprint: () => footprint(num(arg), arg2, arg3),
  jobs: () => jobLatency(arg ? Number(arg) : undefined),
  ceiling: () => engineCeiling(num(arg), arg2?.split(',').map(Number)),
  calendar: () => calendarBench(num(arg), num(arg2)),
  projects: () => projectsBench(num(arg), num(arg2), num(arg3)),
  modeler: () => modelerBench(num(arg), num(arg2)),
  lifecycle: () => lifecycleBench(arg?.split(',').map(Number), arg2),
  drill: () => drill([arg, arg2, arg3, ...more].filter((a): a is string => a !== undefined)),
};

const bench = name ? benches[name] : undefined;
if (!bench) {
  console.log(`usage: npm run bench -- ${Object.keys(benches).join('|')}`);
  process.exit(2);
}
bench().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
