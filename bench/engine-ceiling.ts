/**
 * How far our worker framework is from what the broker itself can do on this machine. The same
 * one-service-task process is driven at increasing offered rates (open loop: instances are created
 * on schedule whether or not earlier ones finished) with
 *   (a) a bare handler on the SDK that completes every job at once, and
 *   (b) our worker framework: schema validation, a per-job logger writing to a file and an
 *       idempotent database write keyed by the element instance (as the real workers do),
 * each over gRPC job streaming and over long polling. Per rate: achieved instances/s, instance
 * latency (create request → process completed, which holds the job's activation, handling and
 * completion) p50/p99 from an HDR histogram, and backpressure refusals counted apart (the client
 * does not retry them here). The knee is the highest offered rate still achieved to 95 %. The
 * broker is warmed up first, and at each rate both variants run in turns (alternating which goes
 * first), so that neither pays for the broker's warm-up or profits from the other's backlog.
 * A CPU profile of (b) at its knee is saved under bench/results/ with its heaviest functions
 * printed, and an SVG chart of latency and throughput against the offered rate.
 *
 *   npm run bench -- ceiling [seconds per rate] [rates, comma-separated]
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import * as hdr from 'hdr-histogram-js';
import pino from 'pino';
import { createDataSource } from '../src/shared/db';
import { connectCamunda, type Zeebe } from '../src/shared/camunda';
import { JobType } from '../src/shared/bpmn';
import { complete, defineWorker, startWorkers } from '../workers/runtime';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { benchBackend } from './lib';
import { writeChart } from './plot';

const PROCESS_ID = 'bench-ceiling';
// a registered job type on a bench-only process: nothing else runs on this cluster
const JOB = JobType.DeadlineCompute;
const RESULTS = path.join(__dirname, 'results');
const DEFAULT_RATES = [25, 50, 100, 150, 200, 250, 300];

const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench-ceiling-definitions" targetNamespace="bench">
  <bpmn:process id="${PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="${JOB}" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** (b): what a real worker does around its domain call, with a database write that tolerates a redelivery. */
const frameworkWorker = defineWorker({
  type: JOB,
  title: '基准测试',
  description: '校验变量、记录日志并幂等写入数据库后完成',
  variables: z.object({ n: z.number().int().nonnegative() }),
  outputs: { effectApplied: '已写入' },
  async handle({ n }, job, deps: { ds: DataSource }) {
    await deps.ds.query(
      'INSERT INTO bench_effect (element_instance_key, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = VALUES(n)',
      [job.elementInstanceKey, n],
    );
    job.log.info({ n }, 'effect applied');
    return complete({ effectApplied: true });
  },
});

type Mode = 'stream' | 'poll';
interface Row {
  offered: number;
  achieved: number;
  p50: number;
  p99: number;
  backpressure: number;
  errors: number;
}
interface Variant {
  name: string;
  start(): Promise<() => Promise<void>>;
}

function bareWorker(zeebe: Zeebe, mode: Mode): Variant {
  return {
    name: `bare SDK, ${mode}`,
    async start() {
      if (mode === 'stream') {
        const stream = await zeebe.streamJobs({
          type: JOB,
          worker: 'bench-bare',
          timeout: 30_000,
          tenantIds: [],
          fetchVariables: [],
          taskHandler: (job) => job.complete(),
        });
        return async () => stream.close();
      }
      const worker = zeebe.createWorker({
        taskType: JOB,
        id: 'bench-bare',
        maxJobsToActivate: 32,
        timeout: 30_000,
        fetchVariable: [],
        taskHandler: (job) => job.complete(),
      });
      return () => worker.close(5_000).then(() => undefined);
    },
  };
}

function framework(zeebe: Zeebe, mode: Mode, ds: DataSource, logFile: string): Variant {
  return {
    name: `our workers, ${mode}`,
    async start() {
      const running = await startWorkers([frameworkWorker], {
        zeebe,
        mode,
        maxJobs: 32,
        jobTimeoutMs: 30_000,
        log: pino({ level: 'info' }, pino.destination({ dest: logFile, sync: false })),
        deps: { ds },
      });
      return () => running.stop();
    },
  };
}

const isBackpressure = (e: unknown) =>
  /RESOURCE_EXHAUSTED|\b8\b.*exhausted/i.test(String((e as Error)?.message ?? e));

/** Offers `rate` instances/s for `seconds`; waits for every instance to finish or fail. */
async function drive(zeebe: Zeebe, rate: number, seconds: number): Promise<Row> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000 });
  let backpressure = 0;
  let errors = 0;
  let done = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let last = t0;
  for (let sent = 0; ;) {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= seconds) break;
    for (const due = Math.floor(rate * elapsed); sent < due; sent++) {
      const t = performance.now();
      pending.push(
        zeebe
          .createProcessInstanceWithResult({
            bpmnProcessId: PROCESS_ID,
            variables: { n: sent },
            requestTimeout: 30_000,
          })
          .then(
            () => {
              last = performance.now();
              histogram.recordValue(Math.round((last - t) * 1000));
              done++;
            },
            (e: unknown) => {
              if (isBackpressure(e)) backpressure++;
              else errors++;
            },
          ),
      );
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  const row = {
    offered: rate,
    achieved: done / Math.max(seconds, (last - t0) / 1000),
    p50: histogram.getValueAtPercentile(50) / 1000,
    p99: histogram.getValueAtPercentile(99) / 1000,
    backpressure,
    errors,
  };
  histogram.destroy();
  return row;
}

/** Highest offered rate achieved to 95 % without refusals (0 when even the lowest was not). */
const knee = (rows: Row[]) =>
  rows
    .filter((r) => r.achieved >= 0.95 * r.offered && r.backpressure === 0 && r.errors === 0)
    .reduce((best, r) => Math.max(best, r.offered), 0);

/** The functions with the most self time in a V8 CPU profile, as "share  function (file:line)". */
function heaviest(profile: inspector.Profiler.Profile, count = 12): string[] {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url
      ? `${path.relative(process.cwd(), f.url.replace('file://', ''))}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}

export async function engineCeiling(seconds = 8, rates = DEFAULT_RATES): Promise<void> {
  const { config, backend, lifecycle } = await benchBackend({ CAMUNDA_GRPC_MAX_RETRIES: '0' });
  const camunda = connectCamunda(config);
  const ds = await createDataSource(backend.databaseUrl).initialize();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ceiling-'));
  fs.mkdirSync(RESULTS, { recursive: true });
  const results = new Map<string, Row[]>();
  try {
    await ds.query(
      'CREATE TABLE IF NOT EXISTS bench_effect (element_instance_key VARCHAR(32) PRIMARY KEY, n INT NOT NULL)',
    );
    const file = path.join(scratch, 'bench-ceiling.bpmn');
    fs.writeFileSync(file, bpmn);
    await camunda.zeebe.deployResource({ processFilename: file });
    // the broker's own warm-up (JIT, caches), measured by neither variant: without it the variant
    // that ran first paid for it (a knee ratio of 2.00 in favour of the second)
    const warm = await bareWorker(camunda.zeebe, 'stream').start();
    await drive(camunda.zeebe, 100, 20);
    await warm();
    for (const mode of ['stream', 'poll'] as const) {
      const pair = [
        bareWorker(camunda.zeebe, mode),
        framework(camunda.zeebe, mode, ds, path.join(scratch, `workers-${mode}.log`)),
      ];
      const done = new Set<string>();
      for (const [i, rate] of rates.entries()) {
        // both variants at each rate, in turns: which goes first alternates from rate to rate
        for (const v of i % 2 === 0 ? pair : [...pair].reverse()) {
          if (done.has(v.name)) continue;
          const stop = await v.start();
          await drive(camunda.zeebe, 20, 2); // the variant's own connections and code paths
          const row = await drive(camunda.zeebe, rate, seconds);
          await stop();
          results.set(v.name, [...(results.get(v.name) ?? []), row]);
          console.log(
            `${v.name.padEnd(20)} offered ${String(rate).padStart(4)}/s  achieved ${row.achieved.toFixed(0).padStart(4)}/s  ` +
              `p50 ${row.p50.toFixed(1).padStart(7)} ms  p99 ${row.p99.toFixed(1).padStart(7)} ms  ` +
              `backpressure ${row.backpressure}  errors ${row.errors}`,
          );
          // past the knee by far: higher rates only queue
          if (row.achieved < 0.6 * rate) done.add(v.name);
        }
      }
    }

    // where (b)'s time goes: a CPU profile of streaming at its knee
    const profiled = results.get('our workers, stream')!;
    const profileRate = Math.max(knee(profiled), rates[0]!);
    const stop = await framework(camunda.zeebe, 'stream', ds, path.join(scratch, 'profile.log')).start();
    const session = new inspector.Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await drive(camunda.zeebe, profileRate, seconds);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await stop();
    const profileFile = path.join(RESULTS, 'engine-ceiling-workers.cpuprofile');
    fs.writeFileSync(profileFile, JSON.stringify(profile));

    console.log('\nknee (highest offered rate achieved to 95 % without refusals):');
    const knees = new Map([...results].map(([name, rows]) => [name, knee(rows)]));
    for (const [name, k] of knees) console.log(`  ${name.padEnd(20)} ${k}/s`);
    for (const mode of ['stream', 'poll']) {
      const a = knees.get(`bare SDK, ${mode}`)!;
      const b = knees.get(`our workers, ${mode}`)!;
      const maxOf = (name: string) => Math.max(...results.get(name)!.map((r) => r.achieved));
      console.log(
        `ratio (our workers / bare SDK), ${mode}: knee ${a ? (b / a).toFixed(2) : 'n/a'}, ` +
          `best achieved ${(maxOf(`our workers, ${mode}`) / maxOf(`bare SDK, ${mode}`)).toFixed(2)}`,
      );
    }
    console.log(`\nour workers (stream) at ${profileRate}/s, heaviest functions by self time:`);
    for (const line of heaviest(profile)) console.log(`  ${line}`);
    console.log(
      `  profile: ${path.relative(process.cwd(), profileFile)} (open in Chrome DevTools › Performance)`,
    );

    const series = (pick: (r: Row) => number) =>
      [...results].map(([name, rows]) => ({ name, points: rows.map((r) => ({ x: r.offered, y: pick(r) })) }));
    console.log(
      `charts: ${writeChart(path.join(RESULTS, 'engine-ceiling-p99.svg'), {
        title: 'Instance latency p99 against offered rate',
        xLabel: 'offered instances/s',
        yLabel: 'p99 latency (ms, log scale)',
        series: series((r) => r.p99),
        logY: true,
      })}, ${writeChart(path.join(RESULTS, 'engine-ceiling-throughput.svg'), {
        title: 'Achieved against offered rate',
        xLabel: 'offered instances/s',
        yLabel: 'achieved instances/s',
        series: series((r) => r.achieved),
      })}`,
    );
  } finally {
    await ds.destroy();
    await camunda.close();
    await lifecycle.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
