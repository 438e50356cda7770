/**
 * End-to-end latency of a one-service-task process for each worker transport: gRPC job streaming
 * vs gRPC long polling. Sequential instances measure latency; a concurrent batch measures
 * throughput. `npm run bench -- jobs [instances]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { connectCamunda } from '../src/shared/camunda';
import { JobType } from '../src/shared/bpmn';
import { logger } from '../src/shared/logger';
import { complete, defineWorker, startWorkers } from '../workers/runtime';
import { benchBackend, percentile } from './lib';

const PROCESS_ID = 'bench-one-task';
const CONCURRENCY = 16;
// Reuses a registered job type name on a bench-only process; nothing else runs on this cluster.
const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench" targetNamespace="bench">
  <bpmn:process id="${PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="bench-start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="bench-task"><bpmn:extensionElements><zeebe:taskDefinition type="${JobType.DeadlineCompute}" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="bench-end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="bench-start" targetRef="bench-task" />
    <bpmn:sequenceFlow id="f2" sourceRef="bench-task" targetRef="bench-end" />
  </bpmn:process>
</bpmn:definitions>`;

const echo = defineWorker({
  type: JobType.DeadlineCompute,
  title: 'bench',
  description: 'completes at once',
  outputs: { n: 'n' },
  variables: z.object({ n: z.number() }),
  handle: async ({ n }) => complete({ n }),
});

export async function jobLatency(instances = 200): Promise<void> {
  const { config, lifecycle } = await benchBackend();
  const camunda = connectCamunda(config);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'bench.bpmn');
  fs.writeFileSync(file, bpmn);
  await camunda.zeebe.deployResource({ processFilename: file });
  const rows: string[] = [];
  try {
    for (const mode of ['stream', 'poll'] as const) {
      const workers = await startWorkers([echo], {
        zeebe: camunda.zeebe,
        mode,
        maxJobs: 32,
        jobTimeoutMs: 30_000,
        log: logger().child({}, { level: 'silent' }),
        deps: {},
      });
      const run = (n: number) =>
        camunda.zeebe.createProcessInstanceWithResult({
          bpmnProcessId: PROCESS_ID,
          variables: { n },
          requestTimeout: 30_000,
        });
      for (let i = 0; i < 20; i++) await run(i); // warm-up
      const latencies: number[] = [];
      for (let i = 0; i < instances; i++) {
        const t = performance.now();
        await run(i);
        latencies.push(performance.now() - t);
      }
      latencies.sort((a, b) => a - b);
      // throughput: `batch` instances through CONCURRENCY clients, so the gateway is busy but not flooded
      const t = performance.now();
      const batch = instances * 2;
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batch) await run(next++);
        }),
      );
      const perSecond = batch / ((performance.now() - t) / 1000);
      await workers.stop();
      rows.push(
        `${mode.padEnd(7)} p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  ` +
          `(${instances} sequential)  throughput ${perSecond.toFixed(0)} instances/s (${batch} by ${CONCURRENCY} clients)`,
      );
    }
  } finally {
    await camunda.close();
    await lifecycle.stop();
  }
  console.log('end-to-end latency of a one-service-task process, create-with-result:');
  for (const r of rows) console.log(`  ${r}`);
}
