/**
 * Drill 6 — cluster member lost: a 3-broker cluster, 3 partitions replicated on every broker. Under
 * a steady load of new instances, a broker that leads at least one partition (not the one whose
 * gateway the client and workers use) gets SIGKILL; the others elect new leaders and work goes on.
 * Every instance the cluster acknowledged must complete, no side effect may be written twice; then
 * the killed broker is started again on its data and must rejoin with every partition replicated 3×.
 * `npm run bench -- drill cluster-member-lost [n] [starts/s]`
 */
import type { DataSource } from 'typeorm';
import { DrillCluster, type Topology } from './cluster';
import {
  connectCamunda,
  deployDrillProcess,
  DRILL_PROCESS_ID,
  drillCounts,
  drillDatabase,
  drillDataSource,
  drillRun,
  redeliveredJobs,
  runDrillWorkers,
  until,
  type DrillCounts,
} from './lib';

const NAME = 'cluster-member-lost';
const SIZE = 3;
const PARTITIONS = 3;
/** The broker whose embedded gateway the client and the workers use: never the one killed. */
const GATEWAY_NODE = 0;
/** Create calls a starter may have open at once (calls stall while a partition has no leader). */
const MAX_OPEN_STARTS = 50;

/** Zeebe keys carry their partition in the top 13 of 64 bits. */
const partitionOf = (key: string) => Number(BigInt(key) >> 51n);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export interface ClusterMemberLostResult extends DrillCounts {
  killed: number;
  /** partitions the killed broker led when it was killed */
  ledPartitions: number[];
  /** create calls that failed (the instance may exist or not; not counted as started), by message */
  startErrors: number;
  startErrorKinds: Record<string, number>;
  /** longest wait for a create call's answer */
  slowestStartMs: number;
  /** acknowledged instances not yet complete when the broker was killed, and those on its partitions */
  inFlightAtKill: number;
  inFlightOnKilledPartitions: number;
  /** instances of failed create calls that ran anyway */
  unacknowledgedCompleted: number;
  redelivered: number;
  /** kill → the gateway reports a live leader for every partition */
  newLeadersSeconds: number;
  /** kill → first instance created on the killed broker's partitions after the kill: acknowledged, completed */
  takesWorkSeconds: number;
  workAgainSeconds: number;
  /** per second before the kill, from the kill to new leaders, and after: completions, acknowledged starts */
  throughput: { before: number; during: number; after: number };
  starts: { before: number; during: number; after: number };
  /** restart of the killed broker → 3 members, every partition with a leader and 3 healthy replicas */
  rejoinSeconds: number | null;
}

const describeLeaders = (topology: Topology, cluster: DrillCluster) =>
  [...cluster.leadersOf(topology)]
    .sort(([a], [b]) => a - b)
    .map(([p, node]) => `P${p}→B${node}`)
    .join(' ');

export async function clusterMemberLostDrill(
  n = 300,
  rate = 10,
  log: (line: string) => void = console.log,
): Promise<ClusterMemberLostResult> {
  const cluster = await DrillCluster.create(NAME, { size: SIZE, partitions: PARTITIONS, heap: '768m' });
  const config = cluster.config(GATEWAY_NODE);
  const db = await drillDatabase(config, NAME);
  let ds: DataSource | undefined;
  const camunda = connectCamunda(config);
  let workers: Awaited<ReturnType<typeof runDrillWorkers>> | undefined;
  // the starter and the sampler below run until these turn false (also when the drill fails)
  let loading = true;
  let sampling = true;
  try {
    ds = await drillDataSource(db.url);
    const data = ds;
    log(`starting ${SIZE} brokers (${PARTITIONS} partitions, replication factor ${SIZE})…`);
    const bootAt = Date.now();
    await cluster.start();
    log(
      `cluster ready in ${((Date.now() - bootAt) / 1000).toFixed(0)} s: ${describeLeaders(await cluster.topology(GATEWAY_NODE), cluster)}`,
    );
    await deployDrillProcess(camunda);
    // a slow side effect keeps instances in flight (about `rate` per second of it)
    const w = await runDrillWorkers(camunda, data, {
      mode: config.WORKER_MODE,
      jobTimeoutMs: 10_000,
      maxJobs: 32,
      afterEffect: () => sleep(1_000),
    });
    workers = w;

    // warm-up (not counted): one instance through each partition, once the deployment reached it
    const warm = `${drillRun(NAME)}-warm`;
    const warmed = new Set<number>();
    for (let i = 0; warmed.size < PARTITIONS && i < 100; i++) {
      await camunda.zeebe
        .createProcessInstance({
          bpmnProcessId: DRILL_PROCESS_ID,
          variables: { run: warm, businessKey: `${warm}-${i}` },
        })
        .then((r) => warmed.add(partitionOf(r.processInstanceKey)))
        .catch(() => sleep(500));
    }
    const doneCount = async (run: string) =>
      Number((await data.query('SELECT COUNT(*) AS n FROM drill_done WHERE run = ?', [run]))[0].n);
    if (
      !(await until(async () => (await doneCount(warm)) >= warmed.size && warmed.size === PARTITIONS, 60_000))
    )
      throw new Error(
        `warm-up: ${warmed.size} of ${PARTITIONS} partitions took an instance and completed it`,
      );

    // load: `rate` starts per second, without waiting for answers
    const run = drillRun(NAME);
    const acked = new Map<string, { partition: number; at: number }>();
    let startErrors = 0;
    const startErrorKinds = new Map<string, number>();
    let slowestStartMs = 0;
    const open = new Set<Promise<void>>();
    const loadAt = Date.now();
    const starter = (async () => {
      for (let i = 0; i < n && loading; i++) {
        await sleep(loadAt + (i * 1000) / rate - Date.now());
        while (open.size >= MAX_OPEN_STARTS) await Promise.race(open);
        const businessKey = `${run}-${i}`;
        const calledAt = Date.now();
        const call: Promise<void> = camunda.zeebe
          .createProcessInstance({ bpmnProcessId: DRILL_PROCESS_ID, variables: { run, businessKey } })
          .then(
            (r) =>
              void acked.set(businessKey, { partition: partitionOf(r.processInstanceKey), at: Date.now() }),
            (e: Error) => {
              startErrors++;
              const kind = e.message.slice(0, 160);
              startErrorKinds.set(kind, (startErrorKinds.get(kind) ?? 0) + 1);
            },
          )
          .finally(() => {
            open.delete(call);
            slowestStartMs = Math.max(slowestStartMs, Date.now() - calledAt);
          });
        open.add(call);
      }
      await Promise.all(open);
    })();

    // completions as they land: drill_done rows by id
    const completions: { businessKey: string; at: number }[] = [];
    let lastId = 0;
    const sampler = (async () => {
      while (sampling) {
        const rows: { id: string; business_key: string }[] = await data
          .query('SELECT id, business_key FROM drill_done WHERE run = ? AND id > ? ORDER BY id', [
            run,
            lastId,
          ])
          .catch(() => []);
        const at = Date.now();
        for (const r of rows) completions.push({ businessKey: r.business_key, at });
        if (rows.length > 0) lastId = Number(rows[rows.length - 1]!.id);
        await sleep(250);
      }
    })();

    // the kill: once a third of the load is in, the non-gateway broker leading most partitions
    await until(async () => acked.size >= n / 3, 120_000);
    const before = await cluster.topology(GATEWAY_NODE);
    const leaders = cluster.leadersOf(before);
    const led = (node: number) => [...leaders].filter(([, l]) => l === node).map(([p]) => p);
    const killed = Array.from({ length: SIZE }, (_, i) => i)
      .filter((i) => i !== GATEWAY_NODE)
      .sort((a, b) => led(b).length - led(a).length)[0]!;
    const ledPartitions = led(killed);
    if (ledPartitions.length === 0)
      throw new Error(`no broker but the gateway's leads a partition: ${describeLeaders(before, cluster)}`);
    const done = new Set(completions.map((c) => c.businessKey));
    const inFlight = [...acked].filter(([k]) => !done.has(k));
    const inFlightThere = inFlight.filter(([, a]) => ledPartitions.includes(a.partition)).length;
    const killAt = Date.now();
    await cluster.kill(killed);
    log(
      `SIGKILL to broker ${killed}, leader of partition(s) ${ledPartitions.join(', ')} of ${PARTITIONS} (${describeLeaders(before, cluster)}), ` +
        `after ${acked.size} starts acknowledged, ${acked.size - inFlight.length} of them completed, ${inFlight.length} in flight (${inFlightThere} on its partitions)`,
    );

    let after: Topology = { brokers: [] };
    await until(async () => {
      after = await cluster.topology(GATEWAY_NODE);
      const l = cluster.leadersOf(after);
      return l.size === PARTITIONS && ![...l.values()].includes(killed);
    }, 120_000);
    const leadersAt = Date.now();
    const newLeadersSeconds = (leadersAt - killAt) / 1000;
    log(`new leaders ${newLeadersSeconds.toFixed(1)} s after the kill: ${describeLeaders(after, cluster)}`);

    await starter;
    const loadEndAt = Date.now();
    const ackedDone = () => completions.filter((c) => acked.has(c.businessKey)).length;
    const drained = await until(async () => ackedDone() >= acked.size, 240_000);
    sampling = false;
    await sampler;
    const lastAt = completions.at(-1)?.at ?? loadEndAt;
    log(
      `${acked.size} starts acknowledged, ${startErrors} failed, slowest answer ${(slowestStartMs / 1000).toFixed(1)} s; ${drained ? 'all' : 'NOT all'} acknowledged instances completed ` +
        `${((lastAt - loadEndAt) / 1000).toFixed(1)} s after the last start`,
    );

    // work again on the killed broker's partitions: a new instance there acknowledged (new leader),
    // and one of those completed (jobs through the new leader, not pushed before the kill)
    const there = [...acked].filter(([, a]) => a.at > killAt && ledPartitions.includes(a.partition));
    const firstStartThere = there.length > 0 ? Math.min(...there.map(([, a]) => a.at)) : Number.NaN;
    const newThere = new Set(there.map(([k]) => k));
    const firstDoneThere = completions.find((c) => newThere.has(c.businessKey))?.at ?? Number.NaN;
    const takesWorkSeconds = (firstStartThere - killAt) / 1000;
    const workAgainSeconds = (firstDoneThere - killAt) / 1000;
    const rateOf = (times: number[], from: number, to: number) =>
      to > from ? times.filter((t) => t > from && t <= to).length / ((to - from) / 1000) : 0;
    // windows: first completion → kill → new leaders → last completion (starts: → last start)
    const doneTimes = completions.map((c) => c.at);
    const startTimes = [...acked.values()].map((a) => a.at);
    const firstAt = doneTimes[0] ?? loadAt;
    const throughput = {
      before: rateOf(doneTimes, firstAt, killAt),
      during: rateOf(doneTimes, killAt, leadersAt),
      after: rateOf(doneTimes, leadersAt, lastAt),
    };
    const starts = {
      before: rateOf(startTimes, loadAt, killAt),
      during: rateOf(startTimes, killAt, leadersAt),
      after: rateOf(startTimes, leadersAt, loadEndAt),
    };
    const fmt = (r: { before: number; during: number; after: number }) =>
      `before ${r.before.toFixed(1)}, during ${r.during.toFixed(1)}, after ${r.after.toFixed(1)}`;
    log(
      `partition(s) ${ledPartitions.join(', ')}: first new instance acknowledged ${takesWorkSeconds.toFixed(1)} s after the kill, ` +
        `first of those completed after ${workAgainSeconds.toFixed(1)} s`,
    );
    log(`completions/s ${fmt(throughput)}; starts acknowledged/s ${fmt(starts)} (offered ${rate}/s)`);

    await w.stop();
    workers = undefined;
    const counts = await drillCounts(data, run, acked.size);
    for (const c of completions) done.add(c.businessKey);
    const completed = [...acked.keys()].filter((k) => done.has(k)).length;
    const unacknowledgedCompleted = [...done].filter((k) => !acked.has(k)).length;
    if (startErrors > 0)
      log(
        `${startErrors} failed start(s), ${unacknowledgedCompleted} of them completed anyway (not counted as started): ` +
          [...startErrorKinds].map(([m, k]) => `${k}× ${m}`).join('; '),
      );

    // the killed broker back on its data: it catches up and the cluster has 3 full replicas again
    log(`restarting broker ${killed} on its data…`);
    const restartAt = Date.now();
    let rejoinSeconds: number | null = null;
    try {
      await cluster.startMember(killed);
      let topology: Topology = { brokers: [] };
      if (
        await until(
          async () => cluster.fullyReplicated((topology = await cluster.topology(GATEWAY_NODE))),
          180_000,
        )
      ) {
        rejoinSeconds = (Date.now() - restartAt) / 1000;
        log(
          `broker ${killed} rejoined: ${topology.brokers.length} members, every partition replicated ${SIZE}× after ${rejoinSeconds.toFixed(1)} s (${describeLeaders(topology, cluster)})`,
        );
      } else log(`broker ${killed} started but the cluster is not fully replicated after 180 s`);
    } catch (e) {
      log(`broker ${killed} did not come back: ${(e as Error).message}`);
    }

    return {
      ...counts,
      completed,
      lost: acked.size - completed,
      killed,
      ledPartitions,
      startErrors,
      startErrorKinds: Object.fromEntries(startErrorKinds),
      slowestStartMs,
      inFlightAtKill: inFlight.length,
      inFlightOnKilledPartitions: inFlightThere,
      unacknowledgedCompleted,
      redelivered: await redeliveredJobs(data, run),
      newLeadersSeconds,
      takesWorkSeconds,
      workAgainSeconds,
      throughput,
      starts,
      rejoinSeconds,
    };
  } finally {
    loading = false;
    sampling = false;
    await workers?.stop().catch(() => undefined);
    await camunda.close().catch(() => undefined);
    await cluster.stop();
    await ds?.destroy();
    await db.stop();
  }
}
